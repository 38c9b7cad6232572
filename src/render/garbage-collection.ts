/**
 * A full garbage collection on demand, for long renders. A render allocates and drops tens of MB of
 * short-lived data (cast lines, emulator state) per minute of recording; the live heap stays flat, but
 * V8 lets dead objects pile up in the old generation, so without a nudge the process grows with the
 * recording's length (measured: 186 MB for 60 s, 262 MB for 600 s; with a collection every few hundred
 * frames, flat). Exposing `gc` at run time is the technique jest-leak-detector uses.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** collectGarbage runs a full garbage collection (a no-op where the runtime does not allow it). */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = () => {};
    }
  }
  collect();
}
