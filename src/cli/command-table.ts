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

/**
 * COMMANDS lists every command in the order of the help. `usage` and `description` repeat what each module
 * declares (the startup test checks that they agree), so the list is printed without loading a module.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'pretest',
    usage: '[options] <command...>',
    description: 'run a command in its automation mode and check it works before recording it (exit 0: worth recording)',
    load: async () => (await import('./pretest-command.js')).registerPretestCommand,
  },
  {
    name: 'record',
    usage: '[options] [command...]',
    description: 'record a command in a real pseudo-terminal to asciicast v2, then render it (MP4 by default)',
    load: async () => (await import('./record-command.js')).registerRecordCommand,
  },
  {
    name: 'render',
    usage: '[options] <cast>',
    description: 'render an asciicast (v1, v2 or v3) to MP4 and other formats, in virtual time',
    load: async () => (await import('./render-command.js')).registerRenderCommand,
  },
  {
    name: 'watch',
    usage: '[options] <run>',
    description: "follow a termaudit run through its status.json until it ends; exits with the run's exit code",
    load: async () => (await import('./watch-command.js')).registerWatchCommand,
  },
  {
    name: 'tape',
    usage: '',
    description: 'work with VHS-style .tape files',
    load: async () => (await import('./tape-command.js')).registerTapeCommand,
  },
  {
    name: 'demo',
    usage: '[options]',
    description: 'run a built-in, scripted multi-agent coordination display (a target to pretest and record)',
    load: async () => (await import('./demo-command.js')).registerDemoCommand,
  },
  {
    name: 'sample',
    usage: '[options] <input>',
    description:
      'choose still frames of a run, a cast or a video: frames/NN.png plus frames.json (casts are drawn losslessly from the screen states)',
    load: async () => (await import('./sample-command.js')).registerSampleCommand,
  },
  {
    name: 'evaluate',
    usage: '[options] <input>',
    description: 'sample frames of a run, cast or video and score them with rubric prompts on a vision model or the offline heuristic judge',
    load: async () => (await import('./evaluate-command.js')).registerEvaluateCommand,
  },
  {
    name: 'models',
    usage: '[options]',
    description: 'list the vision models the OpenAI judge knows: image token method, prices per 1M tokens, shutdown dates',
    load: async () => (await import('./models-command.js')).registerModelsCommand,
  },
  {
    name: 'score',
    usage: '[options] <input>',
    description: 'rebuild scorecard.json from evaluation.json and print the overall and per-criterion scores',
    load: async () => (await import('./score-command.js')).registerScoreCommand,
  },
  {
    name: 'report',
    usage: '[options] [input]',
    description: 'write report.html (self-contained), scorecard.md and junit.xml from a scorecard; or history.html over many runs',
    load: async () => (await import('./report-command.js')).registerReportCommand,
  },
  {
    name: 'compare',
    usage: '[options] <baseline> <current>',
    description: 'compare a scorecard with a baseline and fail (exit 5) on regressions: the release gate',
    load: async () => (await import('./compare-command.js')).registerCompareCommand,
  },
  {
    name: 'run',
    usage: '[options] <pipeline.yaml>',
    description: 'run a pipeline: every scenario through pretest, record, render, evaluate, compare and report, in parallel',
    load: async () => (await import('./run-command.js')).registerRunCommand,
  },
  {
    name: 'init',
    usage: '[options] <command...>',
    description: 'write a commented starter pipeline file for a command (then: termaudit run <file>)',
    load: async () => (await import('./init-command.js')).registerInitCommand,
  },
  {
    name: 'merge',
    usage: '[options] <run-dirs...>',
    description: 'merge the run directories of a sharded pipeline run (--shard i/n) into one summary and report',
    load: async () => (await import('./merge-command.js')).registerMergeCommand,
  },
];

