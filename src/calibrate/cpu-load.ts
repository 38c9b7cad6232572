/**
 * A busy machine on demand: child processes that spin a core each, so that calibration programs can be
 * recorded the way a loaded CI runner records them (late start-up, stretched timers, slow answers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * BUSY_LOOP_SOURCE is the program each busy process runs: a loop that never yields to the event loop, and
 * ends itself when its parent, whose pid it is given, is gone (signal 0 to it fails; the pid comes as an
 * argument, since a parent killed before the child starts would leave it `process.ppid` 1), so that a
 * termaudit killed with SIGKILL, which runs no exit handler, leaves no process spinning.
 */
const BUSY_LOOP_SOURCE = 'const parent = Number(process.argv[1]); for (;;) { for (let i = 0; i < 1e7; i++); try { process.kill(parent, 0); } catch { process.exit(0); } }';

/** CpuLoad is a set of running busy processes; `stop` ends them (and only them) and waits until they are gone. */
export interface CpuLoad {
  /** The process ids of the busy processes. */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

/**
 * startCpuLoad starts `processes` busy-loop processes (default: one per core). They are killed by `stop`,
 * and by this process's exit if `stop` was never called.
 */
export function startCpuLoad(processes: number = availableParallelism()): CpuLoad {
  const children: ChildProcess[] = [];
  for (let index = 0; index < processes; index++) {
    children.push(spawn(process.execPath, ['-e', BUSY_LOOP_SOURCE, String(process.pid)], { stdio: 'ignore' }));
  }
  const killAll = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  return {
    pids: children.flatMap((child) => (child.pid === undefined ? [] : [child.pid])),
    async stop() {
      process.removeListener('exit', killAll);
      const exited = children.map((child) =>
        child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve())),
      );
      killAll();
      await Promise.all(exited);
    },
  };
}
