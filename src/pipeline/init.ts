/**
 * `termaudit init`: a commented starter pipeline for one command. The text is built by a pure function
 * (`starterPipeline`) with every section present and each key's meaning and default in a comment, so a
 * user edits a file that already loads instead of reading a reference first. `writeStarterPipeline`
 * checks that the command exists, probes it briefly (init-probe.ts: full-screen? exits by itself? waits
 * for input?) to choose its profile, writes a starter tape beside the pipeline for a program that waits
 * for input (starter-tape.ts), and writes the files, refusing to replace one unless asked to.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { ConfigError, reasonOf } from '../errors.js';
import { resolveExecutable, targetEnvironment } from '../record/target.js';
import { judgeProbe, probeProgram, type ProbeVerdict } from './init-probe.js';
import { knownQuitKeys, starterTape, type StarterTape } from './starter-tape.js';
import { DEFAULT_MODEL, JUDGE_DEFAULTS } from '../evaluate/judge-settings.js';
import { DEPRECATIONS_PAGE, findModel, recommendedModel } from '../evaluate/models.js';
import { DEFAULT_MAX_DROP } from '../compare/verdicts.js';
import { RECORD_DEFAULTS } from '../record/record-settings.js';
import { RENDER_DEFAULTS } from '../render/render-settings.js';
import { SAMPLE_DEFAULTS } from '../sample/sample-settings.js';
import { KEBAB_CASE } from './config-schema.js';

/** Programs that run a script: the pipeline is named after the script rather than after them. */
const INTERPRETERS = new Set(['node', 'nodejs', 'deno', 'bun', 'npx', 'python', 'python3', 'ruby', 'perl', 'bash', 'sh', 'zsh', 'go', 'cargo', 'uv']);

/** pipelineNameFor names a pipeline after its command: `node bin/my-tool.js` → `my-tool`, `htop` → `htop`. */
export function pipelineNameFor(command: readonly string[]): string {
  const script = INTERPRETERS.has(basename(command[0] ?? '')) ? command.slice(1).find((arg) => !arg.startsWith('-')) : undefined;
  const word = basename(script ?? command[0] ?? '', extname(script ?? command[0] ?? ''));
  const name = word
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return KEBAB_CASE.test(name) ? name : 'audit';
}

/**
 * PAGER_ENV is the environment init gives every scenario (and its probe): a program that pipes its output
 * to a pager (git log, man) would wait in less for keys and hang the recording until its timeout.
 */
export const PAGER_ENV: Readonly<Record<string, string>> = { PAGER: 'cat', GIT_PAGER: 'cat' };

/** StarterOptions are what a starter pipeline says besides the command. */
export interface StarterOptions {
  /** The pipeline's name (kebab-case). @default pipelineNameFor(command) */
  name?: string;
  /** The command's working directory relative to the pipeline file's directory. @default '.' */
  cwd?: string;
  /** How the usage line at the top names the file. @default '<this file>' */
  file?: string;
  /** What the probe found (the profile and why); without it the profile is left for the user to choose. @default not probed */
  verdict?: ProbeVerdict;
  /** The starter tape, relative to the pipeline file's directory, and how it quits the program. @default no tape */
  tape?: { path: string; quit: string; guessed: boolean };
  /** Today, to choose a model that is not about to shut down. @default new Date() */
  today?: Date;
}

/** Writes a string as a YAML double-quoted scalar that `${VAR}` expansion leaves as it is. */
function quote(text: string): string {
  return JSON.stringify(text).replaceAll('${', () => '$${');
}

/**
 * starterPipeline returns the text of a commented starter pipeline for `command`: one scenario running it,
 * every section of `defaults` present with comments giving each key's meaning and default, and a second
 * scenario commented out. The text loads with `loadPipeline` as written.
 */
export function starterPipeline(command: readonly string[], options: StarterOptions = {}): string {
  if (command.length === 0 || command[0] === '') throw new ConfigError('init: name the command to audit after --, e.g. termaudit init -- node bin/my-tool.js');
  const name = options.name ?? pipelineNameFor(command);
  const commandList = `[${command.map(quote).join(', ')}]`;
  const program = basename(command[0]);
  const { verdict, tape } = options;
  // A model within 90 days of its shutdown is not written: the registry's replacement is, with why.
  const model = recommendedModel(DEFAULT_MODEL, options.today ?? new Date());
  const priced = findModel(model.id) !== undefined;
  const modelLines = [
    `    model: ${model.id}${' '.repeat(Math.max(1, 28 - model.id.length))}# the vision model of the openai judge (default ${DEFAULT_MODEL})`,
    ...(model.reason ? [`    # ${model.reason}.`] : []),
    '    # Models shut down: `termaudit models --live` lists what your server offers and when each shuts down',
    `    # (OpenAI: ${DEPRECATIONS_PAGE}). An evaluation warns 90 days before and refuses after.`,
  ].join('\n');
  const maxCostLine = priced
    ? '    maxCost: 1.00                      # refuse to start above this many US dollars (default: no limit)'
    : `    # maxCost: 1.00                    # needs a price: termaudit's registry has none for ${model.id}, give it below`;
  // The profile chooses the prompts and criteria that fit the program (prompts/README.md in termaudit).
  const profileLines = verdict
    ? `    # profile ${verdict.profile}: ${verdict.why}
    evaluate: { profile: ${verdict.profile} }`
    : `    # profile tui (a full-screen program) or cli (line-oriented output); init did not probe the program (--no-probe)
    # evaluate: { profile: cli }`;
  const tapeLines = tape
    ? `
    # ${program} waits for input: without a tape its recording would only end at the timeout. The tape waits
    # for its first screen, presses Down and Up, then quits it with ${tape.quit}${tape.guessed ? ' (a guess: check it in the tape)' : ''}.
    tape: ${quote(tape.path)}`
    : '';
  return `# termaudit pipeline for: ${command.join(' ')}
#
#   npx termaudit run ${options.file ?? '<this file>'}
#
# One file describes an audit: \`defaults\` shared by every scenario, then the scenarios. A scenario key
# overrides the same key of \`defaults\` (mappings are merged key by key). Durations are written 90s, 2m,
# 1m30s or 500ms. Relative paths (cwd, tape, prompts, baseline, theme files) start at this file's
# directory. Strings in command, env and cwd may use \${VAR} or \${VAR:-default} from the environment.
# The full reference: pipeline/README.md in the termaudit repository.

name: ${name}                   # names the run directory; default: this file's name
outRoot: ${RECORD_DEFAULTS.outRoot}             # runs go to <outRoot>/<name>/<run id>/<scenario>/ (relative to the current directory)

defaults:
  cwd: ${quote(options.cwd ?? '.')}                    # working directory of the command; default: the current directory
  env:                                 # added to termaudit's environment; values named *KEY*, *TOKEN*, *SECRET*,
                                       # *PASSWORD* or *CREDENTIAL* never appear in any output (shown as ***)
    # A program that pipes its output to a pager (git log, man: less) waits there for keys, and the
    # recording would hang until its timeout: cat prints everything instead. Remove these two lines to
    # audit the pager itself (then a tape must quit it, with q for less).
${Object.entries(PAGER_ENV).map(([key, value]) => `    ${key}: ${value}`).join('\n')}
    # MY_TOKEN: "\${MY_TOKEN}"
  # secrets: [MY_VAR]                  # more variable names whose values are redacted
  terminal: { cols: ${RECORD_DEFAULTS.cols}, rows: ${RECORD_DEFAULTS.rows} }    # the pty's size (default ${RECORD_DEFAULTS.cols}x${RECORD_DEFAULTS.rows})
  timeout: 2m                          # stop the recording after this long (default: no limit)
  # tape: tapes/session.tape           # a VHS tape that types into the program while it is recorded

  # The pretest runs the command once in its automation mode (the automation args appended) and records
  # only when that run passed. \`pretest: false\` skips it (the default when the key is absent).
  pretest: false
  # pretest:
  #   automationArgs: [--automation]   # appended to the command for the pretest (default [--automation])
  #   mode: complete                   # complete: wait for the end; smoke: decide after \`for\` (default complete)
  #   for: 45s                         # smoke mode: how long the target runs before the gate decides
  #   timeout: 5m                      # fail when the target runs longer (default: no limit)
  #   stuckAfter: 60s                  # fail when completion_percentage stops rising this long (default 60s)
  #   expect: '^done'                  # for targets without status.json: a line of output must match

  render:
    formats: [${RENDER_DEFAULTS.formats.join(', ')}]                    # mp4, webm, gif, frames, txt (default [${RENDER_DEFAULTS.formats.join(', ')}])
    theme: dracula                     # a built-in theme or a .json theme file (default: the recording's theme)
    # fps: ${RENDER_DEFAULTS.fps}                          # frames per second (default ${RENDER_DEFAULTS.fps})
    # width: 1920                      # fit the terminal into this frame size (default: from fontSize)
    # height: 1080
    # fontSize: ${RENDER_DEFAULTS.fontSize}                     # pixels (default ${RENDER_DEFAULTS.fontSize})
    # lineHeight: ${RENDER_DEFAULTS.lineHeight}                  # a multiple of the font size (default ${RENDER_DEFAULTS.lineHeight})
    # padding: ${RENDER_DEFAULTS.padding}                      # pixels around the terminal (default ${RENDER_DEFAULTS.padding})
    # speed: ${RENDER_DEFAULTS.speed}                         # playback speed (default ${RENDER_DEFAULTS.speed})
    # idleTimeLimit: 2s                # shorten pauses longer than this; 0 keeps them (default: the cast's idle_time_limit, else keep them)
    # lastFrame: ${RENDER_DEFAULTS.lastFrame}s                    # how long the final screen is held (default ${RENDER_DEFAULTS.lastFrame}s)

  sample:
    frames: ${SAMPLE_DEFAULTS.frames}                         # at most this many frames are judged (default ${SAMPLE_DEFAULTS.frames})
    strategy: [${SAMPLE_DEFAULTS.strategies.join(', ')}]                # uniform, changes, markers (default [${SAMPLE_DEFAULTS.strategies.join(', ')}])

  evaluate:
    judge: ${JUDGE_DEFAULTS.judge}                        # auto (openai with OPENAI_API_KEY, else heuristic), openai, heuristic
${modelLines}
    # baseUrl: https://api.openai.com/v1   # an OpenAI-compatible API (default OPENAI_BASE_URL, else OpenAI)
    # Which prompts and criteria fit the program: the scenario's profile below (multi-agent, tui or cli).
    # prompts: [visual-clarity, user-experience]   # shipped prompt ids or files of your own (default: the profile's)
    # criteria: { progress: off, contrast: { weight: 2 } }   # switch single criteria off/on or reweight them
    samples: ${JUDGE_DEFAULTS.samples}                         # answers per prompt; the median is kept (default ${JUDGE_DEFAULTS.samples})
    # requests: combined               # every prompt in one request, cheaper (default ${JUDGE_DEFAULTS.requests}: one request per prompt)
${maxCostLine}
    # price: { input: 2.0, cachedInput: 0.5, output: 8.0 }   # USD per 1M tokens, for a model termaudit models does not list (default: its price there)

  gate:
    # minScore: 5                      # minimum of the overall score and of every criterion (default: none)
    minScores: { overall: 5 }          # minimums by criterion id, overall for the overall score (default: none)
    maxDrop: ${DEFAULT_MAX_DROP.toFixed(1)}                        # largest drop of a score against the baseline (default ${DEFAULT_MAX_DROP.toFixed(1)})
    # baseline: ../recordings/${name}/baseline   # a previous run to compare with (default: none)
    # maxDiffRatio: 0.05               # a marker screen with more differing pixels than this share fails
    # maxDiffPixels: 5000              # the same as a pixel count
    # pairwise: false                  # also ask the vision judge to compare the two runs (default false)
    # rescoreBaseline: false           # a baseline another model scored is re-scored with this one first (default false)

scenarios:
  - name: default                      # kebab-case, unique: the scenario's directory name
    description: the program as it starts
    command: ${commandList}   # a list, or a string split on spaces (no shell)
${profileLines}${tapeLines}

  # - name: narrow-terminal
  #   description: the same program in a small terminal
  #   command: ${commandList}
  #   terminal: { cols: 80, rows: 24 }
  #   gate: { minScore: 4 }
`;
}

/** InitOptions say where `writeStarterPipeline` writes, and whether it probes the program first. */
export interface InitOptions {
  /** The file to write. @default `pipeline/<name>.yaml` under `cwd` */
  out?: string;
  /** Replace existing files (the pipeline and its starter tape). @default false */
  force?: boolean;
  /** The current directory: the command runs here, and a relative `out` starts here. @default process.cwd() */
  cwd?: string;
  /** Run the program briefly to choose its profile and whether it needs a tape (init-probe.ts). @default true */
  probe?: boolean;
  /** How long the probe watches the program at most, in ms. @default PROBE_DEFAULTS.forMs */
  probeForMs?: number;
  /** Stops a probe under way (Ctrl-C): nothing is written then. */
  signal?: AbortSignal;
}

/** InitResult is what `writeStarterPipeline` wrote and found. */
export interface InitResult {
  /** The command the pipeline audits. */
  command: readonly string[];
  /** The pipeline file (absolute). */
  path: string;
  /** What the probe found, when it ran. */
  verdict?: ProbeVerdict;
  /** The starter tape (absolute path) and how it quits, when the program waits for input. */
  tape?: StarterTape & { path: string };
}

/** writeNewFile writes a file that must not exist unless `force`: an existing one is a ConfigError naming the way out. */
async function writeNewFile(path: string, text: string, force: boolean | undefined, cwd: string): Promise<void> {
  try {
    await writeFile(path, text, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(path, cwd, error);
    throw new ConfigError(`cannot write ${path}: ${reasonOf(error)}`, { cause: error });
  }
}

/** existsError is the ConfigError of a file init would replace. */
function existsError(path: string, cwd: string, cause?: unknown): ConfigError {
  return new ConfigError(`${relative(cwd, path) || path} already exists: pass --force to overwrite it, or --out <file> to write another`, { cause });
}

/**
 * writeStarterPipeline writes a starter pipeline for `command` (and, for a program that waits for input, a
 * starter tape beside it, `<pipeline name>.tape`) and returns what it wrote and what the probe found. A
 * command that is not found is a ConfigError before anything runs or is written; so is an existing file,
 * unless `force` is set, so that a pipeline someone edited is never replaced by accident.
 */
export async function writeStarterPipeline(command: readonly string[], options: InitOptions = {}): Promise<InitResult> {
  if (command.length === 0 || command[0] === '') throw new ConfigError('init: name the command to audit after --, e.g. termaudit init -- node bin/my-tool.js');
  const cwd = options.cwd ?? process.cwd();
  const name = pipelineNameFor(command);
  const out = resolve(cwd, options.out ?? `pipeline/${name}.yaml`);
  const outName = basename(out, extname(out));
  const tapePath = join(dirname(out), `${outName}.tape`);
  // The command is looked up as the recording will look it up (the scenario's PATH, from init's directory).
  await resolveExecutable(command[0], targetEnvironment(process.env, { ...PAGER_ENV }).PATH, cwd).catch((error: unknown) => {
    throw new ConfigError(`init: ${reasonOf(error)}; nothing was written (install it, or give its path)`, { cause: error });
  });
  // Existing files are refused before the probe runs the program, not after.
  if (!options.force && existsSync(out)) throw existsError(out, cwd);
  const probed = options.probe === false ? undefined : await probeProgram(command, { cwd, env: { ...PAGER_ENV }, forMs: options.probeForMs, signal: options.signal });
  const known = knownQuitKeys(command);
  const verdict = probed && judgeProbe(probed, { knownFullScreen: known !== undefined && known.fullScreen !== false });
  const tape = verdict?.waitsForInput ? { ...starterTape(command, verdict, relative(cwd, tapePath) || tapePath), path: tapePath } : undefined;
  if (tape && !options.force && existsSync(tapePath)) throw existsError(tapePath, cwd);
  const text = starterPipeline(command, {
    // A file named in kebab-case names its pipeline; otherwise the command does.
    name: KEBAB_CASE.test(outName) ? outName : name,
    cwd: relative(dirname(out), cwd) || '.',
    file: relative(cwd, out) || out,
    verdict,
    tape: tape && { path: basename(tapePath), quit: tape.quit.said, guessed: tape.guessed },
  });
  try {
    await mkdir(dirname(out), { recursive: true });
  } catch (error) {
    throw new ConfigError(`cannot write ${out}: ${reasonOf(error)}`, { cause: error });
  }
  // The tape first: a pipeline is never left naming a tape that is not there.
  if (tape) await writeNewFile(tapePath, tape.text, options.force, cwd);
  try {
    await writeNewFile(out, text, options.force, cwd);
  } catch (error) {
    if (tape) await rm(tapePath, { force: true });
    throw error;
  }
  return { command, path: out, ...(verdict && { verdict }), ...(tape && { tape }) };
}

/**
 * describeInit words what init wrote and found, and what to do next: the lines `termaudit init` prints.
 * `shown` turns an absolute path into the one to print.
 */
export function describeInit(result: InitResult, shown: (path: string) => string): string[] {
  const pipeline = shown(result.path);
  const { verdict, tape } = result;
  const run = `termaudit run ${pipeline}`;
  if (tape) {
    const kind = verdict?.fullScreen ? 'full-screen program waiting for input' : 'program waiting for input';
    const quit = tape.guessed ? `quits it with ${tape.quit.said}, a guess` : `quits it with ${tape.quit.said}`;
    const lines = [`wrote ${pipeline} and ${shown(tape.path)} (${kind}: the tape ${quit})`, `  ${verdict!.why}`];
    lines.push(
      tape.guessed
        ? `next: if ${tape.quit.said} does not quit ${basename(result.command[0])}, change the quit line in ${shown(tape.path)} to the key that does, then run: ${run}`
        : `next: edit them if you like (each key is explained in its comments), then run: ${run}`,
    );
    return lines;
  }
  if (verdict) {
    const kind = verdict.fullScreen ? 'full-screen program' : verdict.waitsForInput ? 'program waiting for input' : 'line-oriented program';
    return [`wrote ${pipeline} (${kind}, profile ${verdict.profile})`, `  ${verdict.why}`, `next: edit it (each key is explained in its comments), then run: ${run}`];
  }
  return [
    `wrote ${pipeline} (not probed: set its profile, and add a tape if the program waits for input)`,
    `next: edit it (each key is explained in its comments), then run: ${run}`,
  ];
}
