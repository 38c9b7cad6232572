/**
 * Some control sequences take a repeat count that xterm.js obeys one step at a time: `CSI 999999999 S`
 * scrolls a billion times (about 8 s per hundred million, all of it on the event loop, so no timer, time
 * limit or signal gets through meanwhile), and `CSI n b` (REP) first allocates n copies of the character.
 * A count beyond the screen's size changes nothing more, so `RepeatCountClamp` lowers such counts, in
 * the output on its way to the emulator, to the smallest one with the same effect: xterm itself stops
 * at the screen's edge, and so does the result here, cell for cell.
 *
 * Only CSI sequences without a private marker or intermediates are touched (`CSI ? 5 S` is another
 * command), only their first parameter (the one these commands read), and only when it exceeds its bound;
 * everything else passes through as it came. A sequence split between two chunks is held back until its
 * final byte arrives. Control characters inside a rewritten sequence (which the emulator executes on the
 * spot, the sequence going on) are moved ahead of it, which has the same effect.
 */

/** What bounds the count of a command: the screen's rows, its columns, or the cells REP can fill. */
type CountBound = 'rows' | 'cols' | 'cells';

/**
 * The CSI commands whose first parameter is a repeat count, by final byte: scroll up and down (S, T),
 * insert and delete lines (L, M), cursor to the next or previous line (E, F), insert, delete and erase
 * characters (@, P, X), tab forward and backward (I, Z), and repeat the preceding character (b).
 */
const countBounds: Readonly<Record<string, CountBound>> = {
  S: 'rows',
  T: 'rows',
  L: 'rows',
  M: 'rows',
  E: 'rows',
  F: 'rows',
  '@': 'cols',
  P: 'cols',
  X: 'cols',
  I: 'cols',
  Z: 'cols',
  b: 'cells',
};

/** The largest parameter value the emulator keeps (xterm.js caps each at 2^31 − 1). */
const maxParameterValue = 0x7fffffff;
/** Characters of an unfinished sequence held back before it is shortened (see RepeatCountClamp.#shortenHeld). */
const maxHeldParameters = 1024;

const ESC = 0x1b;
const CSI_C1 = 0x9b;
const CAN = 0x18;
const SUB = 0x1a;

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/**
 * clampRepeatCount returns the count with the same effect as `count` for the command `final` on a screen
 * of `cols`×`rows`: the count itself up to the bound, else the bound. A line-based command (S, T, L, M,
 * E, F) can do no more than `rows` steps, a column-based one (@, P, X, I, Z) no more than `cols`. REP (b)
 * prints: once the screen is overwritten it goes on scrolling a line every `cols` characters (every
 * ⌊cols/2⌋ for wide ones), so its count keeps its remainder over a period of both. Other finals keep any count.
 */
export function clampRepeatCount(final: string, count: number, cols: number, rows: number): number {
  const bound = countBounds[final];
  if (bound === undefined) return count;
  if (bound === 'rows') return Math.min(count, rows);
  if (bound === 'cols') return Math.min(count, cols);
  return clampCellCount(count, cols, rows);
}

/** clampCellCount is REP's bound (see clampRepeatCount); it is also at least `rows` and `cols`, so it suits every command. */
function clampCellCount(count: number, cols: number, rows: number): number {
  // Enough characters to overwrite every row of the screen from any start, wide characters too.
  const fill = (rows + 2) * cols;
  if (count <= fill) return count;
  const wide = Math.max(1, Math.floor(cols / 2));
  const period = (cols * wide) / greatestCommonDivisor(cols, wide);
  return fill + ((count - fill) % period);
}

/** isExecutedControl tells whether the emulator executes `code` inside a CSI sequence and goes on with it (C0 but ESC, CAN, SUB; and DEL, ignored). */
function isExecutedControl(code: number): boolean {
  return (code < 0x20 && code !== ESC && code !== CAN && code !== SUB) || code === 0x7f;
}

/** The characters that start a sequence: ESC, and the C1 CSI. */
const sequenceStart = /[\u001b\u009b]/g;
/** The characters the emulator executes inside a sequence (see isExecutedControl). */
const executedControls = /[\u0000-\u0017\u0019\u001c-\u001f\u007f]/g;

/**
 * rewriteSequence rewrites a CSI sequence as written (introducer and parameters, without its final byte)
 * with `count` as its first parameter, and the control characters inside it moved ahead of it.
 */
function rewriteSequence(written: string, count: number): string {
  const controls = written.match(executedControls)?.join('') ?? '';
  const clean = written.replace(executedControls, '');
  const introducer = clean.startsWith('\u001b') ? '\u001b[' : '\u009b';
  const parameters = clean.slice(introducer.length);
  const digits = /^\d*/.exec(parameters)![0];
  return `${controls}${introducer}${count}${parameters.slice(digits.length)}`;
}

/** Where RepeatCountClamp is in the output: between sequences, after an ESC, in the first parameter, in the others, or passing a sequence on. */
type ScanState = 'ground' | 'escape' | 'first' | 'rest' | 'pass';

/**
 * RepeatCountClamp rewrites the repeat counts of a terminal output stream (see the file comment). Feed it
 * every chunk, in order, with the screen size the chunk is written to: what it returns is what the
 * emulator gets. Text between sequences and sequences left as they are are copied in slices; it holds back
 * at most an unfinished sequence.
 */
export class RepeatCountClamp {
  #state: ScanState = 'ground';
  /** The unfinished sequence as written in earlier chunks ('' when it started in the current one). */
  #held = '';
  /** The value of its first parameter so far (undefined before its first digit), capped as xterm caps it. */
  #first: number | undefined;

  /** push returns `chunk` with the repeat counts clamped for a screen of `cols`×`rows`. */
  push(chunk: string, cols: number, rows: number): string {
    let out = '';
    /** The chunk is copied as it is from here, up to where a rewritten or held sequence starts. */
    let copied = 0;
    /** Where the current sequence starts in this chunk (0 when it started in an earlier one, then held). */
    let start = 0;
    let index = 0;
    while (index < chunk.length) {
      if (this.#state === 'ground') {
        sequenceStart.lastIndex = index;
        const found = sequenceStart.exec(chunk);
        if (found === null) break;
        start = found.index;
        this.#state = chunk.charCodeAt(start) === ESC ? 'escape' : 'first';
        this.#first = undefined;
        index = start + 1;
        continue;
      }
      const code = chunk.charCodeAt(index);
      if (this.#state === 'escape') {
        if (code === 0x5b /* [ */) {
          this.#state = 'first';
          index++;
          continue;
        }
        // Not a CSI: the ESC stays as it is; this character may start the next sequence.
        out += this.#held;
        this.#held = '';
        if (code === ESC) {
          start = index;
          index++;
        } else {
          this.#state = 'ground';
        }
        continue;
      }
      if (this.#state === 'pass') {
        if (code === ESC || code === CSI_C1) {
          this.#state = 'ground';
          continue;
        }
        // A final byte, CAN, SUB or anything else but parameters, intermediates and controls ends the sequence.
        if (!(isExecutedControl(code) || (code >= 0x20 && code <= 0x3f))) this.#state = 'ground';
        index++;
        continue;
      }
      // In the parameters ('first' or 'rest').
      if (code >= 0x30 && code <= 0x39) {
        if (this.#state === 'first') this.#first = Math.min(maxParameterValue, (this.#first ?? 0) * 10 + (code - 0x30));
        index++;
      } else if (code === 0x3a /* : */ || code === 0x3b /* ; */) {
        this.#state = 'rest';
        index++;
      } else if (isExecutedControl(code)) {
        index++;
      } else if (code >= 0x40 && code <= 0x7e) {
        const first = this.#first;
        const count = first === undefined ? first : clampRepeatCount(chunk[index], first, cols, rows);
        if (first === undefined || count === undefined || count >= first) {
          out += this.#held;
        } else {
          out += chunk.slice(copied, start) + rewriteSequence(this.#held + chunk.slice(start, index), count);
          copied = index;
        }
        this.#held = '';
        this.#state = 'ground';
        index++;
      } else {
        // A private marker, an intermediate, or anything that ends the sequence: not one of ours.
        out += this.#held;
        this.#held = '';
        this.#state = 'pass';
      }
    }
    if (this.#state === 'ground' || this.#state === 'pass') return out + chunk.slice(copied);
    // The chunk ends inside a sequence: hold it until the rest arrives.
    out += chunk.slice(copied, start);
    this.#held += chunk.slice(start);
    if (this.#held.length > maxHeldParameters) out += this.#shortenHeld(cols, rows);
    return out;
  }

  /**
   * Keeps what is held short when a sequence goes on over many chunks: in the first parameter, its value
   * replaces its digits (the controls go out ahead); in the others, the sequence goes out with a count
   * that suits every command (clampCellCount) and is followed to its end. Returns what goes out.
   */
  #shortenHeld(cols: number, rows: number): string {
    if (this.#state === 'first') {
      const controls = this.#held.match(executedControls)?.join('') ?? '';
      this.#held = this.#first === undefined ? this.#held.replace(executedControls, '') : rewriteSequence(this.#held.replace(executedControls, ''), this.#first);
      return controls;
    }
    const held = this.#held;
    this.#held = '';
    if (this.#state === 'escape') return held;
    this.#state = 'pass';
    return this.#first === undefined ? held : rewriteSequence(held, clampCellCount(this.#first, cols, rows));
  }
}
