/**
 * What recording costs compared with util-linux `script`, the reference for "run a command in a pty and
 * log what it prints": both record the same command (by default 50 MB of output) to a file, end to end:
 * `record()` from the call to its resolved result, `script -qc '<command>' <log>` from the spawn to its
 * exit. The two take turns, run after run and in alternating order, so that load from elsewhere on the
 * machine hits both alike, after one untimed round of each. The medians are compared. `script` comes
 * with Debian's bsdutils package (`apt-get install -y bsdutils`).
 *
 * Run alone with `npx tsx test/bench/record-overhead.ts [shell command]` to see every run; the benchmark
 * runner calls `measureRecordOverhead()`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { record } from '../../src/record/index.js';

/** RecordOverheadOptions chooses what `measureRecordOverhead` records and how often. */
export interface RecordOverheadOptions {
  /**
   * The shell command both tools record.
   * @default `head -c 50000000 /dev/zero | tr '\0' a` (50 MB of output)
   */
  command?: string;
  /**
   * Timed runs of each tool. Seven rather than five: on a shared machine one burst of load from elsewhere
   * can hit two runs of the same tool, and with five that already moves the median.
   * @default 7
   */
  runs?: number;
}

/** RecordOverhead compares the median wall time of `record()` with `script` for the same command. */
export interface RecordOverhead {
  command: string;
  /** Median seconds of `record()`, spawn to resolved result. */
  termauditSeconds: number;
  /** Median seconds of `script -qc`, spawn to exit. */
  scriptSeconds: number;
  /** termauditSeconds / scriptSeconds: 1 means no overhead. */
  ratio: number;
  /**
   * Median seconds of `record()` masking a secret in the output (see secrets.ts), in its worst case: the
   * secret begins like the flood (`aaaaaaaa…`), so the end of every chunk is held back as its possible start.
   */
  maskedSeconds: number;
  /**
   * What masking costs: (masked / script) over (termaudit / script). A secret, once seen, is known to the
   * whole process (see secrets.ts), so the masked runs come after the others, each phase timed against
   * `script` runs of its own.
   */
  maskedRatio: number;
  /** Seconds of each timed masked `record()` run, in order. */
  maskedRuns: number[];
  /** Bytes of output the command prints (as recorded by `record()`). */
  bytes: number;
  /** Seconds of each timed `record()` run, in order. */
  termauditRuns: number[];
  /** Seconds of each timed `script` run, in order. */
  scriptRuns: number[];
}

const defaultBytes = 50_000_000;

function floodCommand(bytes: number): string {
  return `head -c ${bytes} /dev/zero | tr '\\0' a`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Records `command` with `record()` and returns the wall time and the bytes recorded. */
async function timeRecord(command: string, outRoot: string, env?: Record<string, string>): Promise<{ seconds: number; bytes: number }> {
  const start = performance.now();
  const result = await record({ command: 'sh', args: ['-c', command], outRoot, env });
  const seconds = (performance.now() - start) / 1000;
  rmSync(result.dir, { recursive: true, force: true });
  if (result.exitCode !== 0) throw new Error(`record(): ${command} exited with ${result.exitCode ?? result.signal}`);
  return { seconds, bytes: result.bytesRecorded };
}

/** Records `command` with `script` and returns the wall time and the size of its log. */
function timeScript(command: string, logPath: string): Promise<{ seconds: number; logBytes: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // script copies the output to its stdout as well; that copy is discarded, the log file is the record.
    const child = spawn('script', ['-q', '-c', command, logPath], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error('`script` is not installed: apt-get install -y bsdutils (util-linux)', { cause: error })
          : error,
      ),
    );
    child.on('exit', (code) => {
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) {
        reject(new Error(`script exited with ${code}`));
        return;
      }
      const logBytes = statSync(logPath).size;
      rmSync(logPath, { force: true });
      resolve({ seconds, logBytes });
    });
  });
}

/**
 * measureRecordOverhead records `options.command` with `record()` and with `script`, `options.runs` times
 * each in alternation, and compares the medians. Throws if a run fails or records less than it should.
 */
export async function measureRecordOverhead(options: RecordOverheadOptions = {}): Promise<RecordOverhead> {
  const command = options.command ?? floodCommand(defaultBytes);
  const runs = options.runs ?? 7;
  if (!Number.isInteger(runs) || runs < 1) throw new TypeError(`runs: expected a positive whole number, got ${runs}`);
  const dir = mkdtempSync(join(tmpdir(), 'termaudit-bench-record-'));
  const outRoot = join(dir, 'termaudit');
  const logPath = join(dir, 'script.log');
  try {
    // An untimed round first: the first run of each pays for loading code and warming caches (and, for
    // record(), for the JIT compiling the hot paths and the heap growing to its working size).
    await timeRecord(command, outRoot);
    await timeScript(command, logPath);

    const termauditRuns: number[] = [];
    const maskedRuns: number[] = [];
    const scriptRuns: number[] = [];
    // A secret the flood never prints in full, but whose start every chunk of it ends with.
    const secretEnv = { BENCH_SECRET_TOKEN: 'aaaaaaaaaaaaaaaa-not-printed' };
    const runMasked = async (): Promise<void> => {
      const run = await timeRecord(command, outRoot, secretEnv);
      if (bytes !== undefined && run.bytes !== bytes) throw new Error(`masked record() recorded ${run.bytes} bytes instead of ${bytes}`);
      maskedRuns.push(run.seconds);
    };
    let bytes: number | undefined;
    const runTermaudit = async (): Promise<void> => {
      const run = await timeRecord(command, outRoot);
      if (bytes !== undefined && run.bytes !== bytes) {
        throw new Error(`record() recorded ${run.bytes} bytes in one run and ${bytes} in another`);
      }
      bytes = run.bytes;
      termauditRuns.push(run.seconds);
    };
    const runScript = async (): Promise<void> => {
      const run = await timeScript(command, logPath);
      // The log also holds script's own header and footer lines.
      if (bytes !== undefined && run.logBytes < bytes) {
        throw new Error(`script logged ${run.logBytes} bytes, less than the ${bytes} bytes of output`);
      }
      scriptRuns.push(run.seconds);
    };
    for (let run = 0; run < runs; run += 1) {
      const order = run % 2 === 0 ? [runTermaudit, runScript] : [runScript, runTermaudit];
      for (const measure of order) await measure();
    }
    const unmaskedScriptRuns = scriptRuns.splice(0);
    await timeRecord(command, outRoot, secretEnv);
    for (let run = 0; run < runs; run += 1) {
      const order = run % 2 === 0 ? [runMasked, runScript] : [runScript, runMasked];
      for (const measure of order) await measure();
    }
    const maskedScriptSeconds = median(scriptRuns);
    scriptRuns.splice(0, scriptRuns.length, ...unmaskedScriptRuns);
    if (options.command === undefined && bytes !== defaultBytes) {
      throw new Error(`record() recorded ${bytes} bytes instead of ${defaultBytes}`);
    }
    const termauditSeconds = median(termauditRuns);
    const scriptSeconds = median(scriptRuns);
    const maskedSeconds = median(maskedRuns);
    return {
      command,
      termauditSeconds,
      scriptSeconds,
      ratio: termauditSeconds / scriptSeconds,
      maskedSeconds,
      maskedRatio: maskedSeconds / maskedScriptSeconds / (termauditSeconds / scriptSeconds),
      maskedRuns,
      bytes: bytes ?? 0,
      termauditRuns,
      scriptRuns,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const command = process.argv[2];
  const overhead = await measureRecordOverhead({ command });
  const megabytes = overhead.bytes / 1e6;
  const seconds = (values: readonly number[]): string => values.map((value) => value.toFixed(3)).join('  ');
  console.log(`command: ${overhead.command} (${megabytes.toFixed(1)} MB of output)`);
  console.log(`termaudit runs (s): ${seconds(overhead.termauditRuns)}`);
  console.log(`script runs (s):    ${seconds(overhead.scriptRuns)}`);
  console.log(`masked runs (s):    ${seconds(overhead.maskedRuns)} (masked / unmasked ${overhead.maskedRatio.toFixed(2)})`);
  console.log(
    `median: termaudit ${overhead.termauditSeconds.toFixed(3)} s ` +
      `(${(megabytes / overhead.termauditSeconds).toFixed(1)} MB/s), script ${overhead.scriptSeconds.toFixed(3)} s ` +
      `(${(megabytes / overhead.scriptSeconds).toFixed(1)} MB/s), ratio ${overhead.ratio.toFixed(2)}`,
  );
}
