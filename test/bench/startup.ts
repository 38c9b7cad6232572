/**
 * How long `termaudit` takes to start, against `node -e 0` (Node starting and doing nothing) measured in
 * the same run: `termaudit --version` is the figure to watch (goal: at most 3× `node -e 0`), `--help` lists
 * the commands from the same table, and `models --json` is one light command that loads its own module.
 * Each is a fresh process, spawn to exit. The processes take turns, round after round, so that load from
 * elsewhere on the machine hits all alike, after one untimed round that warms the file cache; the medians
 * are compared.
 *
 * Run alone with `npx tsx test/bench/startup.ts` to see every run; the benchmark runner calls
 * `measureStartup()`. Build first (`npm run build`): the command runs from dist/.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { median } from '../../src/evaluate/aggregate.js';
import { termauditBin } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';

/** StartupOptions chooses how often `measureStartup` starts each process. */
export interface StartupOptions {
  /**
   * Timed runs of each process.
   * @default 5
   */
  runs?: number;
}

/** StartupTimes are the seconds of each timed run of one process, in order, and their median. */
export interface StartupTimes {
  /** The command, as a user would type it. */
  command: string;
  /** Median seconds, spawn to exit. */
  medianSeconds: number;
  /** Seconds of each timed run, in order. */
  runs: number[];
}

/** Startup compares the start of `termaudit` with the start of Node alone. */
export interface Startup {
  /** `node -e 0`: the baseline. */
  node: StartupTimes;
  /** `node bin/termaudit.js --version`. */
  version: StartupTimes;
  /** `node bin/termaudit.js --help`. */
  help: StartupTimes;
  /** `node bin/termaudit.js models --json`: one light command. */
  models: StartupTimes;
}

/** timeNode runs `node <args>` from the repository's root to its exit and returns the wall time in seconds. */
function timeNode(args: readonly string[]): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${child.status ?? child.signal}: ${child.stderr}`);
  return seconds;
}

/**
 * measureStartup starts `node -e 0` and `termaudit --version`, `--help` and `models --json`, `options.runs`
 * times each in turns (the order rotating from round to round), and returns the medians. Throws if a
 * process fails.
 */
export function measureStartup(options: StartupOptions = {}): Startup {
  const runs = options.runs ?? 5;
  if (!Number.isInteger(runs) || runs < 1) throw new TypeError(`runs: expected a positive whole number, got ${runs}`);
  const processes: Record<keyof Startup, { command: string; args: string[] }> = {
    node: { command: 'node -e 0', args: ['-e', '0'] },
    version: { command: 'termaudit --version', args: [termauditBin, '--version'] },
    help: { command: 'termaudit --help', args: [termauditBin, '--help'] },
    models: { command: 'termaudit models --json', args: [termauditBin, 'models', '--json'] },
  };
  const names = Object.keys(processes) as (keyof Startup)[];
  for (const name of names) timeNode(processes[name].args);
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<keyof Startup, number[]>;
  for (let round = 0; round < runs; round += 1) {
    for (let turn = 0; turn < names.length; turn += 1) {
      const name = names[(round + turn) % names.length];
      times[name].push(timeNode(processes[name].args));
    }
  }
  const figures = (name: keyof Startup): StartupTimes => ({ command: processes[name].command, medianSeconds: median(times[name]), runs: times[name] });
  return { node: figures('node'), version: figures('version'), help: figures('help'), models: figures('models') };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const startup = measureStartup();
  for (const times of [startup.node, startup.version, startup.help, startup.models]) {
    const runs = times.runs.map((seconds) => seconds.toFixed(3)).join('  ');
    console.log(`${times.command}: median ${times.medianSeconds.toFixed(3)} s, ×${(times.medianSeconds / startup.node.medianSeconds).toFixed(2)} node -e 0 (runs: ${runs})`);
  }
}
