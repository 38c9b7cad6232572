/**
 * The commands of `termaudit`, as `termaudit --help` lists them, each with the loader of its module. The
 * CLI lists commands from this table and imports a command's module (and with it the stage it runs:
 * node-pty, sharp, openai, xterm…) only when that command runs, so `--version` and `--help` start fast.
 *
 * This module must import nothing at run time: the startup test checks that `--version` and `--help`
 * load only the CLI entry, this table, the errors and the version.
 */
import type { Command } from 'commander';

/** RegisterCommand declares one command on the program; the command's action reports its exit code through `setExitCode`. */
export type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

/** CommandEntry is one command: what the help's command list shows for it, and how to load it. */
export interface CommandEntry {
  /** The name typed after `termaudit`. */
  name: string;
  /** What follows the name in the help's command list: `[options]` and the arguments, as the module declares them. */
  usage: string;
  /** The one-line description, the same as the module's. */
  description: string;
  /** Imports the command's module and returns the function that declares the command. */
  load: () => Promise<RegisterCommand>;
}

/** command makes a table entry. */
const command = (name: string, usage: string, description: string, load: CommandEntry['load']): CommandEntry => ({ name, usage, description, load });

/**
 * COMMANDS lists every command in the order of the help, with its description (written here only: the CLI
 * gives it to the command its module declares) and its usage as the module declares it (the startup test
 * checks that they agree), so the list is printed without loading a module.
 */
export const COMMANDS: readonly CommandEntry[] = [
  command('pretest', '[options] <command...>', 'run a command in its automation mode and check it works before recording it (exit 0: worth recording)',
    async () => (await import('./pretest-command.js')).registerPretestCommand),
  command('record', '[options] [command...]', 'record a command in a real pseudo-terminal to asciicast v2, then render it (MP4 by default)',
    async () => (await import('./record-command.js')).registerRecordCommand),
  command('render', '[options] <cast>', 'render an asciicast (v1, v2 or v3) to MP4 and other formats, in virtual time',
    async () => (await import('./render-command.js')).registerRenderCommand),
  command('watch', '[options] <run>', "follow a termaudit run through its status.json until it ends; exits with the run's exit code",
    async () => (await import('./watch-command.js')).registerWatchCommand),
  command('tape', '', 'work with VHS-style .tape files',
    async () => (await import('./tape-command.js')).registerTapeCommand),
  command('demo', '[options]', 'run a built-in, scripted multi-agent coordination display (a target to pretest and record)',
    async () => (await import('./demo-command.js')).registerDemoCommand),
  command('sample', '[options] <input>', 'choose still frames of a run, a cast or a video: frames/NN.png plus frames.json (casts are drawn losslessly from the screen states)',
    async () => (await import('./sample-command.js')).registerSampleCommand),
  command('evaluate', '[options] <input>', 'sample frames of a run, cast or video and score them with rubric prompts on a vision model or the offline heuristic judge',
    async () => (await import('./evaluate-command.js')).registerEvaluateCommand),
  command('models', '[options]', 'list the vision models the OpenAI judge knows: image token method, prices per 1M tokens, shutdown dates',
    async () => (await import('./models-command.js')).registerModelsCommand),
  command('score', '[options] <input>', 'rebuild scorecard.json from evaluation.json and print the overall and per-criterion scores',
    async () => (await import('./score-command.js')).registerScoreCommand),
  command('report', '[options] [input]', 'write report.html (self-contained), scorecard.md and junit.xml from a scorecard; or history.html over many runs',
    async () => (await import('./report-command.js')).registerReportCommand),
  command('compare', '[options] <baseline> <current>', 'compare a scorecard with a baseline and fail (exit 5) on regressions: the release gate',
    async () => (await import('./compare-command.js')).registerCompareCommand),
  command('calibrate', '[options]', 'run a judge over the calibration set shipped with termaudit: recall per defect, false alarms, cost (exit 5 below --min-recall)',
    async () => (await import('./calibrate-command.js')).registerCalibrateCommand),
  command('run', '[options] <pipeline.yaml>', 'run a pipeline: every scenario through pretest, record, render, evaluate, compare and report, in parallel',
    async () => (await import('./run-command.js')).registerRunCommand),
  command('init', '[options] <command...>', 'write a commented starter pipeline file for a command (then: termaudit run <file>)',
    async () => (await import('./init-command.js')).registerInitCommand),
  command('merge', '[options] <run-dirs...>', 'merge the run directories of a sharded pipeline run (--shard i/n) into one summary and report',
    async () => (await import('./merge-command.js')).registerMergeCommand),
];
