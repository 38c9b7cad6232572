/**
 * termaudit keeps going when nobody reads its output any more, so that a run still concludes (status.json,
 * meta.json, the target's teardown, exit 4) when its terminal hangs up (SIGHUP, then every write fails with
 * EIO) or the reader of its pipe goes away (EPIPE). Two things would otherwise crash it: the write error,
 * which nothing listens to, and Node's own teardown, which restores the terminal settings of stdio at exit
 * and aborts (SIGABRT) when the terminal refuses because it hung up (nodejs/node#51519).
 */
import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';

/** Errors of writing to stdout or stderr that mean nobody reads them any more. */
const lostOutputCodes = new Set(['EIO', 'EPIPE', 'ENXIO', 'EBADF', 'ERR_STREAM_DESTROYED']);

let installed = false;

/**
 * surviveLostOutput makes write errors of a lost stdout or stderr harmless (any other error still throws)
 * and, at exit, closes the stdio descriptors whose terminal hung up, so that Node skips restoring them.
 * Installed once; later calls do nothing.
 */
export function surviveLostOutput(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!lostOutputCodes.has(error.code ?? '')) throw error;
    });
  }
  const terminals = [0, 1, 2].filter((fd) => isatty(fd));
  process.on('exit', () => {
    // A hung-up terminal answers every request with EIO, so it no longer counts as a terminal.
    for (const fd of terminals) {
      if (isatty(fd)) continue;
      try {
        closeSync(fd);
      } catch {
        // Closed already.
      }
    }
  });
}
