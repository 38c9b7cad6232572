/**
 * What recording costs compared with util-linux `script`, the reference for "run a command in a pty and
 * log what it prints": both record the same 50 MB of output to a file, three times each, and the medians
 * are compared. `script` comes with Debian's bsdutils package (`apt-get install -y bsdutils`).
 *
 * Run alone with `npx tsx test/bench/record-overhead.ts`; the benchmark runner calls
 * `measureRecordOverhead()`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { record } from '../../src/record/index.js';

/** RecordOverhead compares the median wall time of `record()` with `script` for the same output. */
export interface RecordOverhead {
  termauditSeconds: number;
  scriptSeconds: number;
  /** termauditSeconds / scriptSeconds: 1 means no overhead. */
  ratio: number;
  /** Bytes the command prints. */
  bytes: number;
}

const bytes = 50_000_000;
const runs = 3;
const shellCommand = `head -c ${bytes} /dev/zero | tr '\\0' a`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function runScript(logPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // script copies the output to its stdout as well; that copy is discarded, the log file is the record.
    const child = spawn('script', ['-q', '-c', shellCommand, logPath], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error('`script` is not installed: apt-get install -y bsdutils (util-linux)', { cause: error })
          : error,
      ),
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`script exited with ${code}`))));
  });
}

/** measureRecordOverhead records 50 MB with `record()` and with `script` three times each and compares the medians. */
export async function measureRecordOverhead(): Promise<RecordOverhead> {
  const dir = mkdtempSync(join(tmpdir(), 'termaudit-bench-record-'));
  try {
    const termauditTimes: number[] = [];
    const scriptTimes: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      let start = performance.now();
      const result = await record({ command: 'sh', args: ['-c', shellCommand], outRoot: join(dir, 'termaudit') });
      termauditTimes.push((performance.now() - start) / 1000);
      if (result.bytesRecorded !== bytes) {
        throw new Error(`record() recorded ${result.bytesRecorded} bytes instead of ${bytes}`);
      }
      rmSync(result.dir, { recursive: true, force: true });

      start = performance.now();
      await runScript(join(dir, `script-${run}.log`));
      scriptTimes.push((performance.now() - start) / 1000);
      rmSync(join(dir, `script-${run}.log`), { force: true });
    }
    const termauditSeconds = median(termauditTimes);
    const scriptSeconds = median(scriptTimes);
    return { termauditSeconds, scriptSeconds, ratio: termauditSeconds / scriptSeconds, bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const overhead = await measureRecordOverhead();
  const megabytes = overhead.bytes / 1e6;
  console.log(
    `record ${megabytes} MB: termaudit ${overhead.termauditSeconds.toFixed(2)} s ` +
      `(${(megabytes / overhead.termauditSeconds).toFixed(1)} MB/s), script ${overhead.scriptSeconds.toFixed(2)} s ` +
      `(${(megabytes / overhead.scriptSeconds).toFixed(1)} MB/s), ratio ${overhead.ratio.toFixed(2)}`,
  );
}
