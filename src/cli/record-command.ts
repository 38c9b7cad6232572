/**
 * `termaudit record [options] -- <command> [args...]`: records a command in a pty, then renders it.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatDuration } from '../duration.js';
import { ConfigError, InterruptedError, QualityGateError, TermauditError, TimeoutError } from '../errors.js';
import { createRunReporter } from '../automation/run-reporter.js';
import { recordAndRender } from '../record/record-and-render.js';
import { targetEnvironment } from '../record/target.js';
import { tapeDriver } from '../tape/runner/record-with-tape.js';
import { checkRequiredPrograms, loadRunnableTape, tapeCastTheme, tapeRenderOptions, tapeTarget } from '../tape/runner/tape-recording.js';
import { formatScreenDumps, goldenDiff } from '../tape/runner/text-golden.js';
import { watchInterrupts } from './interrupt.js';
import { collectEnv, durationOption, integerOption } from './option-parsers.js';
import { renderFraction, renderProgressDetail } from './progress.js';
import { addRenderFlags, renderOptionsOf, type RenderFlags } from './render-options.js';

/** keptNote adds where the finished recording is to an error that happened while rendering it. */
function keptNote(message: string, castPath: string | undefined): string {
  return castPath ? `${message}; the recording is kept: render it again with \`termaudit render ${castPath}\`` : message;
}

interface RecordFlags extends RenderFlags {
  cols?: number;
  rows?: number;
  cwd?: string;
  env?: Record<string, string>;
  out?: string;
  timeout?: number;
  render?: boolean;
  automation?: boolean;
  tape?: string;
  golden?: string;
  updateGolden?: boolean;
}

/**
 * checkGolden writes the tape's text to the golden (`update`) or compares it with the golden, returning a
 * QualityGateError (exit 5) with a line diff when they differ.
 */
async function checkGolden(goldenPath: string, text: string, update: boolean, runDir: string): Promise<QualityGateError | undefined> {
  if (update) {
    await mkdir(dirname(goldenPath), { recursive: true });
    await writeFile(goldenPath, text);
    process.stderr.write(`golden: wrote ${goldenPath}\n`);
    return undefined;
  }
  const diff = goldenDiff(await readFile(goldenPath, 'utf8'), text);
  if (diff === '') return undefined;
  return new QualityGateError(
    `the screens differ from the golden ${goldenPath} (run with --update-golden to accept them); the recording is kept in ${runDir}\n${diff}`,
  );
}

/** registerRecordCommand declares `record`. */
export function registerRecordCommand(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('record')
    .description('record a command in a real pseudo-terminal to asciicast v2, then render it (MP4 by default)')
    .usage('[options] [--tape <file.tape>] -- <command> [args...]')
    .argument('[command...]', 'the program to record and its arguments (after --); with --tape it defaults to the tape\'s Shell')
    .passThroughOptions()
    .option('--cols <n>', 'terminal columns (default 120)', integerOption('--cols', 1, 1000))
    .option('--rows <n>', 'terminal rows (default 36)', integerOption('--rows', 1, 500))
    .option('--cwd <dir>', 'working directory of the command (default: the current one)')
    .option('--env <KEY=VALUE>', 'set an environment variable for the command (repeatable)', collectEnv)
    .option('--out <dir>', 'output directory (default: a new recordings/<yyyymmdd-hhmmss>-<name>/)')
    .option('--timeout <duration>', 'stop the command after this long (e.g. 90s, 2m): kept and rendered, exit 3', durationOption('--timeout'))
    .option('--tape <file.tape>', 'drive the command with a VHS tape (keys, waits, screenshots); without a command it runs the tape\'s Shell')
    .option('--golden <file.txt>', 'with --tape: compare the visible screen after each tape command with this committed text golden (exit 5 with a diff when it differs)')
    .option('--update-golden', 'with --golden: write (or overwrite) the golden from this run instead of comparing')
    .option('--no-render', 'only record the cast; render it later with `termaudit render`')
    .option('--automation', 'no live display: print LOG_DIR/STATUS first, STAGE lines, then RESULT, EXIT_CODE, DURATION and the output paths (status.json is written either way)');
  addRenderFlags(command).action(async (commandLine: string[], flags: RecordFlags) => {
    // The tape is parsed before anything starts: a tape with errors records nothing.
    const tape = flags.tape === undefined ? undefined : await loadRunnableTape(flags.tape);
    for (const warning of tape?.warnings ?? []) process.stderr.write(`${warning.rendered}\n`);
    if (!tape && commandLine.length === 0) throw new ConfigError('record: give the command to record after --, e.g. termaudit record -- htop (or a --tape)');
    if (flags.updateGolden && flags.golden === undefined) throw new ConfigError('record: --update-golden needs --golden <file.txt>');
    if (flags.golden !== undefined && !tape) throw new ConfigError('record: --golden needs a --tape: the golden is the screen after each tape command');
    const goldenPath = flags.golden === undefined ? undefined : resolve(flags.golden);
    if (goldenPath && !flags.updateGolden && !existsSync(goldenPath)) {
      throw new ConfigError(`record: the golden ${goldenPath} does not exist; run with --update-golden to create it`);
    }
    const driven = tape ? tapeTarget(tape, commandLine, flags.env) : undefined;
    if (tape && driven) await checkRequiredPrograms(tape, targetEnvironment(process.env, driven.env).PATH, resolve(flags.cwd ?? '.'));
    const cliRenderOptions = renderOptionsOf(flags);
    const renderOptions = tape ? tapeRenderOptions(tape, cliRenderOptions) : cliRenderOptions;
    const castTheme = tape ? tapeCastTheme(tape, cliRenderOptions.theme) : undefined;
    // A tape's text output is its screen after each command (not every frame), collected while it runs.
    const screenDumps = tape && (goldenPath || renderOptions.formats?.includes('txt')) ? ([] as string[]) : undefined;
    const interrupts = watchInterrupts();
    const reporter = createRunReporter({
      automation: flags.automation,
      command: ['termaudit', ...process.argv.slice(2)],
      stages: flags.render === false ? ['record'] : ['record', 'render'],
    });
    const [target, ...args] = driven ? [driven.command, ...driven.args] : commandLine;
    let recordedCast: string | undefined;
    const outputs: Record<string, string> = {};
    let failure: unknown;
    try {
      const result = await recordAndRender({
        command: target,
        args,
        cols: flags.cols,
        rows: flags.rows,
        cwd: flags.cwd,
        env: driven ? driven.env : flags.env,
        out: flags.out,
        timeoutMs: flags.timeout,
        castTheme,
        signal: interrupts.first,
        drive: tape ? tapeDriver(tape, { renderOptions, castTheme, screenDumps }) : undefined,
        onDirectory: (dir) => {
          reporter.attach(dir);
          reporter.startStage('record');
        },
        render:
          flags.render === false
            ? false
            : { ...renderOptions, signal: interrupts.second, onProgress: (update) => reporter.progress('render', renderFraction(update), renderProgressDetail(update)) },
        onRecorded: (recorded) => {
          recordedCast = recorded.castPath;
          outputs.cast = recorded.castPath;
          reporter.finishStage('record', 'done');
          if (flags.render !== false) reporter.startStage('render');
          // On a terminal the live display already says this; a line written under it would garble it.
          if (!process.stderr.isTTY || reporter.automation) {
            process.stderr.write(`recorded ${recorded.castPath} (${formatDuration(recorded.durationSeconds * 1000)}, ended by ${recorded.endedBy})\n`);
          }
        },
      });
      const { recording, rendered } = result;
      const tapeText = screenDumps ? formatScreenDumps(screenDumps) : undefined;
      if (tapeText !== undefined && rendered?.outputs.txt) await writeFile(rendered.outputs.txt, tapeText);
      if (rendered) {
        reporter.finishStage('render', 'done');
        Object.assign(outputs, rendered.outputs, { screen: rendered.screenTextPath });
      }
      if (!reporter.automation) {
        for (const [format, path] of Object.entries(rendered?.outputs ?? {})) process.stdout.write(`${format}: ${path}\n`);
        process.stdout.write(`cast: ${recording.castPath}\nrun: ${recording.dir}\n`);
      }
      if (recording.driveError !== undefined) {
        failure = recording.driveError;
        if (failure instanceof TermauditError) failure.message += `\nwhat was recorded until then is kept in ${recording.dir}`;
      } else if (goldenPath && tapeText !== undefined && recording.endedBy === 'exit') {
        failure = await checkGolden(goldenPath, tapeText, flags.updateGolden === true, recording.dir);
      } else if (recording.endedBy === 'timeout') {
        failure = new TimeoutError(`${target} was stopped after ${formatDuration(flags.timeout ?? 0)} (--timeout); what it printed until then is kept in ${recording.dir}`);
      } else if (recording.endedBy === 'interrupt') {
        failure = new InterruptedError(interrupts.received ?? 'SIGINT', `interrupted by ${interrupts.received ?? 'SIGINT'}; what was recorded is kept in ${recording.dir}`);
      }
    } catch (error) {
      failure = error;
      if (interrupts.received && !(error instanceof InterruptedError) && !(error instanceof TimeoutError)) {
        failure = new InterruptedError(interrupts.received, keptNote(`interrupted by ${interrupts.received}`, recordedCast));
      } else if (error instanceof TermauditError && recordedCast && !error.message.includes(recordedCast)) {
        error.message = keptNote(error.message, recordedCast);
      }
    } finally {
      interrupts.dispose();
    }
    await reporter.conclude(failure, outputs);
    setExitCode(0);
  });
}
