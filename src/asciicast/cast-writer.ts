/**
 * Writes asciicast v2 files incrementally: the header line first, then one `[time, code, data]` line per
 * event, appended through a write stream. A recorder killed at any moment (even `kill -9`) leaves a file
 * that parses line by line up to its last complete line.
 *
 * The header's `duration` is unknown until the end, so the header line is written padded with spaces up
 * to the length it would have with the largest duration we support, and `close()` rewrites it in place
 * (same byte length, positional write at offset 0) with the real duration.
 *
 * The recorder hands over output as the UTF-8 bytes it read from the pty (`CastOutputEvent`), and they are
 * written as they are, escaped byte by byte where JSON needs it, instead of being decoded, escaped by
 * `JSON.stringify` and encoded again: under a flood of output, that round trip took longer than reading
 * the output did. The lines are byte for byte those `JSON.stringify` would give (tests check it).
 */
import { isUtf8 } from 'node:buffer';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import type { CastTheme } from './types.js';
import { ConfigError, locateError } from '../errors.js';

/** CastWriterHeader is what the recorder knows about a cast when it starts writing it (asciicast v2 names). */
export interface CastWriterHeader {
  /** Terminal columns. */
  width: number;
  /** Terminal rows. */
  height: number;
  /** Unix time in seconds when recording started. */
  timestamp?: number;
  /** The recorded command line. */
  command?: string;
  title?: string;
  /** Environment worth keeping with the recording; asciinema writes `TERM` and `SHELL`. */
  env?: Record<string, string>;
  theme?: CastTheme;
}

/** CastWriterOptions tunes the write stream of a `CastWriter`. */
export interface CastWriterOptions {
  /**
   * Bytes the write stream buffers before `write*()` returns false and the producer should wait for
   * `drained()`. Large enough that a 64 KiB pty read does not hit it every time.
   * @default 1048576
   */
  highWaterMark?: number;
}

/** The largest duration (seconds) whose header rewrite is guaranteed to fit the reserved space: 115 days. */
const largestReservedDuration = 9_999_999.999999;

/** castTime rounds seconds to microseconds, the precision asciicast files carry (6 decimals at most). */
export function castTime(seconds: number): number {
  return Math.round(Math.max(0, seconds) * 1e6) / 1e6;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * wellFormedText replaces lone UTF-16 surrogates with U+FFFD. `JSON.stringify` would escape them as
 * `\udXXX`, which is valid JSON text but not valid Unicode: strict readers (serde_json in agg and
 * asciinema) reject such a line, so the whole cast would become unreadable for them.
 */
export function wellFormedText(text: string): string {
  return text.replace(loneSurrogate, '\uFFFD');
}

/** formatCastHeader returns the header as a JSON line (without the newline), with `duration` when given. */
export function formatCastHeader(header: CastWriterHeader, duration?: number): string {
  // Key order follows asciinema's own files so that diffs against them stay readable.
  const line: Record<string, unknown> = { version: 2, width: header.width, height: header.height };
  if (header.timestamp !== undefined) line.timestamp = header.timestamp;
  if (duration !== undefined) line.duration = castTime(duration);
  if (header.command !== undefined) line.command = wellFormedText(header.command);
  if (header.title !== undefined) line.title = wellFormedText(header.title);
  if (header.env !== undefined) {
    line.env = Object.fromEntries(Object.entries(header.env).map(([key, value]) => [key, wellFormedText(value)]));
  }
  if (header.theme !== undefined) line.theme = header.theme;
  return JSON.stringify(line);
}

/**
 * reservedHeaderBytes returns how many bytes (before the newline) the first header line takes: enough for
 * the header to be rewritten later with any duration up to ~115 days.
 */
export function reservedHeaderBytes(header: CastWriterHeader): number {
  return Buffer.byteLength(formatCastHeader(header, largestReservedDuration));
}

/** padHeaderLine pads a header line with trailing spaces to `bytes` bytes, or returns undefined if it is longer. */
export function padHeaderLine(line: string, bytes: number): string | undefined {
  const length = Buffer.byteLength(line);
  return length > bytes ? undefined : line + ' '.repeat(bytes - length);
}

/** formatCastEvent returns one v2 event line `[time, code, data]` (without the newline). */
export function formatCastEvent(seconds: number, code: 'o' | 'i' | 'r' | 'm', data: string): string {
  return JSON.stringify([castTime(seconds), code, wellFormedText(data)]);
}

/**
 * Marks, with their top bit, the bytes of `word` (four bytes of text) that JSON must escape: below 0x20,
 * `"` or `\`. Subtracting 0x20 from a byte below it, or 1 from a byte that the XOR made zero, wraps it
 * around to a value with the top bit set; `& ~word` keeps that bit only for bytes below 0x80. The borrow of
 * such a wrap may mark the byte above a hit as well, but never a word without one (the classic "has a
 * zero byte" test), so the result is 0 exactly when no byte of the word needs escaping.
 */
function escapedBytes(word: number): number {
  const marks = (word - 0x20202020) | ((word ^ 0x22222222) - 0x01010101) | ((word ^ 0x5c5c5c5c) - 0x01010101);
  return marks & ~word & 0x80808080;
}

/** Tells whether JSON escapes `byte` inside a string: a control character (below 0x20), `"` or `\`. */
function isEscapedByte(byte: number): boolean {
  return byte < 0x20 || byte === 0x22 || byte === 0x5c;
}

/**
 * needsJsonEscape tells whether `bytes` hold a byte that a JSON string must escape: a control character
 * (below 0x20), `"` or `\`. Bytes from 0x80 up, which make up multi-byte UTF-8 characters, never need it.
 */
export function needsJsonEscape(bytes: Uint8Array): boolean {
  let index = 0;
  while (index < bytes.length && (bytes.byteOffset + index) % 4 !== 0) {
    if (isEscapedByte(bytes[index])) return true;
    index += 1;
  }
  if (index === bytes.length) return false;
  // Four bytes at a time, four words per test: this runs over every byte recorded, and so it takes about
  // a third of the time a byte loop (or JSON.stringify) takes.
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + index, (bytes.length - index) >>> 2);
  let word = 0;
  for (; word + 4 <= words.length; word += 4) {
    const first = escapedBytes(words[word]) | escapedBytes(words[word + 1]);
    if ((first | escapedBytes(words[word + 2]) | escapedBytes(words[word + 3])) !== 0) return true;
  }
  for (; word < words.length; word += 1) if (escapedBytes(words[word]) !== 0) return true;
  for (index += words.length * 4; index < bytes.length; index += 1) if (isEscapedByte(bytes[index])) return true;
  return false;
}

/** The two-character escapes JSON.stringify writes (`\n`, `\"`, ...), by byte; 0 for the others. */
const shortEscapes = new Uint8Array(0x80);
const shortEscapeLetters = { 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0c: 'f', 0x0d: 'r', 0x22: '"', 0x5c: '\\' };
for (const [byte, letter] of Object.entries(shortEscapeLetters)) shortEscapes[Number(byte)] = letter.charCodeAt(0);
const hexDigits = Buffer.from('0123456789abcdef', 'latin1');
const littleEndian = endianness() === 'LE';

/** Writes `byte` into `target` at `at`, escaped the way JSON.stringify does if needed; returns the next offset. */
function putJsonByte(byte: number, target: Uint8Array, at: number): number {
  if (!isEscapedByte(byte)) {
    target[at] = byte;
    return at + 1;
  }
  target[at] = 0x5c;
  const letter = shortEscapes[byte];
  if (letter !== 0) {
    target[at + 1] = letter;
    return at + 2;
  }
  // Other control characters are \u00XX, with lowercase hex digits like V8's JSON.stringify.
  target[at + 1] = 0x75; // u
  target[at + 2] = 0x30; // 0
  target[at + 3] = 0x30;
  target[at + 4] = hexDigits[byte >> 4];
  target[at + 5] = hexDigits[byte & 0xf];
  return at + 6;
}

/**
 * escapeJsonText writes `bytes` into `target` from `offset` as the inside of a JSON string and returns the
 * offset after them: byte for byte what JSON.stringify makes of the bytes read as Latin-1 (control
 * characters, `"` and `\` escaped, every other byte as it is). For valid UTF-8 that is also the UTF-8 of
 * what JSON.stringify makes of the decoded text, since no byte of a multi-byte character is below 0x80.
 * `target` needs room for 6 bytes per byte of `bytes` (the longest escape, `\u001b`, is 6 bytes long).
 */
export function escapeJsonText(bytes: Uint8Array, target: Uint8Array, offset: number): number {
  let at = offset;
  let index = 0;
  while (index < bytes.length && (bytes.byteOffset + index) % 4 !== 0) {
    at = putJsonByte(bytes[index], target, at);
    index += 1;
  }
  if (index === bytes.length) return at;
  // Words without a byte to escape (most words of text) are copied four bytes at a time, which makes this
  // about twice as fast as a byte loop, or as JSON.stringify on the text.
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + index, (bytes.length - index) >>> 2);
  const view = new DataView(target.buffer, target.byteOffset, target.length);
  for (let word = 0; word < words.length; word += 1) {
    const value = words[word];
    if (escapedBytes(value) === 0) {
      view.setInt32(at, value, littleEndian);
      at += 4;
    } else {
      const first = index + word * 4;
      for (let byte = first; byte < first + 4; byte += 1) at = putJsonByte(bytes[byte], target, at);
    }
  }
  for (index += words.length * 4; index < bytes.length; index += 1) at = putJsonByte(bytes[index], target, at);
  return at;
}

/** Escaped output is written into blocks of this size, so that escaping a chunk costs no allocation. */
const escapeBlockBytes = 256 * 1024;

/**
 * CastOutputEvent is one `"o"` event put together from chunks of UTF-8 output as they are read. Each chunk
 * is checked, and escaped if need be, when it is added: while it is still in the CPU cache, and in small
 * steps between pty reads rather than in one lump that would keep the recorder from reading meanwhile.
 * Chunks must end on character boundaries (pty.ts cuts them so): a character cut in two would be recorded
 * as U+FFFD.
 */
export class CastOutputEvent {
  /** When the output was printed, in seconds from the start of the recording. */
  readonly seconds: number;
  private readonly pieces: Uint8Array[] = [];
  private textByteCount = 0;
  /** Where escaped chunks go; the pieces are views into it, so a block is never written over. */
  private escapeBlock: Buffer | undefined;
  private escapeBlockUsed = 0;

  constructor(seconds: number) {
    this.seconds = seconds;
  }

  /** textBytes is the UTF-8 length of the output added so far (U+FFFD counts 3 for each invalid sequence). */
  get textBytes(): number {
    return this.textByteCount;
  }

  /** add appends `chunk` (UTF-8 bytes) to the event's output. */
  add(chunk: Uint8Array): void {
    if (!isUtf8(chunk)) {
      // Invalid UTF-8 (rare: a binary dump) is decoded, so that it is replaced by U+FFFD like anywhere else.
      // Decoding never makes lone surrogates, so the JSON is well-formed Unicode as wellFormedText() wants.
      const decoded = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('utf8');
      const escaped = Buffer.from(JSON.stringify(decoded).slice(1, -1));
      this.pieces.push(escaped);
      this.textByteCount += Buffer.byteLength(decoded);
      return;
    }
    this.textByteCount += chunk.length;
    // Text that needs no escaping goes between the quotes as it is, without even a copy.
    if (!needsJsonEscape(chunk)) {
      this.pieces.push(chunk);
      return;
    }
    // Valid UTF-8 holds no lone surrogate: there is nothing for wellFormedText() to replace.
    const room = chunk.length * 6;
    if (this.escapeBlock === undefined || this.escapeBlock.length - this.escapeBlockUsed < room) {
      this.escapeBlock = Buffer.allocUnsafe(Math.max(escapeBlockBytes, room));
      this.escapeBlockUsed = 0;
    }
    const start = this.escapeBlockUsed;
    this.escapeBlockUsed = escapeJsonText(chunk, this.escapeBlock, start);
    this.pieces.push(this.escapeBlock.subarray(start, this.escapeBlockUsed));
  }

  /**
   * linePieces returns the event's line (newline included) in pieces to write one after the other: joined,
   * they are byte for byte `formatCastEvent(seconds, 'o', text)` and a newline, in UTF-8, where `text` is
   * the output added, decoded.
   */
  linePieces(): Uint8Array[] {
    // A number's JSON is its toString().
    return [Buffer.from(`[${castTime(this.seconds)},"o","`), ...this.pieces, Buffer.from('"]\n')];
  }
}

/**
 * formatCastOutputLine returns the `"o"` event line for output given as UTF-8 `chunks` that end on
 * character boundaries, in pieces (see `CastOutputEvent.linePieces`).
 */
export function formatCastOutputLine(seconds: number, chunks: readonly Uint8Array[]): Uint8Array[] {
  const event = new CastOutputEvent(seconds);
  for (const chunk of chunks) event.add(chunk);
  return event.linePieces();
}

/** CastCloseResult tells what `CastWriter.close()` managed to write. */
export interface CastCloseResult {
  /** False when the header could not be rewritten with the duration (it did not fit, or no duration was given). */
  durationWritten: boolean;
}

/**
 * CastWriter appends asciicast v2 events to a file as they happen. Every `write*()` returns the write
 * stream's verdict: false means its buffer is full and the producer should pause until `drained()`.
 */
export class CastWriter {
  readonly path: string;
  private readonly header: CastWriterHeader;
  private readonly headerBytes: number;
  private readonly stream: WriteStream;
  private streamError: Error | undefined;
  private readonly errorListeners: ((error: Error) => void)[] = [];
  private closed = false;
  private eventCount = 0;
  private outputByteCount = 0;

  private constructor(path: string, header: CastWriterHeader, stream: WriteStream) {
    this.path = path;
    this.header = header;
    this.headerBytes = reservedHeaderBytes(header);
    this.stream = stream;
    this.stream.on('error', (error) => {
      this.streamError ??= locateError(error, path);
      for (const listener of this.errorListeners) listener(error);
    });
    // The header is padded so that close() can rewrite it in place with the duration.
    this.stream.write(`${padHeaderLine(formatCastHeader(header), this.headerBytes)}\n`);
  }

  /**
   * create creates `path` (never over an existing file: a recording is not overwritten, even by a second
   * recorder started at the same moment), writes the header line and resolves once the file is open.
   */
  static async create(path: string, header: CastWriterHeader, options: CastWriterOptions = {}): Promise<CastWriter> {
    const stream = createWriteStream(path, { flags: 'wx', highWaterMark: options.highWaterMark ?? 1 << 20 });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => {
        stream.off('error', reject);
        resolve();
      });
      stream.once('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'EEXIST' ? new ConfigError(`${path} already exists: another recording claimed it; nothing was overwritten`, { cause: error }) : error);
      });
    });
    return new CastWriter(path, header, stream);
  }

  /** events is the number of event lines written so far (output, input, resize and marker). */
  get events(): number {
    return this.eventCount;
  }

  /** outputBytes is the number of UTF-8 bytes of terminal output written so far. */
  get outputBytes(): number {
    return this.outputByteCount;
  }

  /** writeOutput appends an `"o"` event: `data` printed by the program at `seconds`. */
  writeOutput(seconds: number, data: string): boolean {
    this.outputByteCount += Buffer.byteLength(data);
    return this.writeEvent(seconds, 'o', data);
  }

  /** writeOutputEvent appends an `"o"` event put together with `CastOutputEvent`. */
  writeOutputEvent(event: CastOutputEvent): boolean {
    const accepted = this.writeLine(event.linePieces());
    this.outputByteCount += event.textBytes;
    return accepted;
  }

  /** writeInput appends an `"i"` event: `data` typed into the terminal (a key, pasted text) at `seconds`. */
  writeInput(seconds: number, data: string): boolean {
    return this.writeEvent(seconds, 'i', data);
  }

  /** writeResize appends an `"r"` event: the terminal became `cols`×`rows` at `seconds`. */
  writeResize(seconds: number, cols: number, rows: number): boolean {
    return this.writeEvent(seconds, 'r', `${cols}x${rows}`);
  }

  /** writeMarker appends an `"m"` event (a named point in time, e.g. a tape step) at `seconds`. */
  writeMarker(seconds: number, label: string): boolean {
    return this.writeEvent(seconds, 'm', label);
  }

  /** onError hears the first failed write (a full disk, say): the recording cannot go on. */
  onError(listener: (error: Error) => void): void {
    this.errorListeners.push(listener);
  }

  /** drained resolves once the write stream's buffer has room again (at once if it already has, or failed). */
  drained(): Promise<void> {
    if (!this.stream.writableNeedDrain || this.closed || this.stream.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      // A failed stream never drains; close() reports its error.
      this.stream.on('close', done);
    });
  }

  /**
   * close flushes every event, closes the file and rewrites the header with `duration` (seconds) when it
   * fits the reserved space. When a write failed it cuts the file after its last complete line, so the cast
   * stays readable up to its last whole event, and rejects with the write's error.
   */
  async close(duration?: number): Promise<CastCloseResult> {
    if (this.closed) throw new Error(`cast writer for ${this.path} is already closed`);
    this.closed = true;
    if (!this.stream.closed) {
      await new Promise<void>((resolve) => {
        this.stream.once('close', resolve);
        this.stream.end();
      });
    }
    if (this.streamError) {
      await cutAfterLastLine(this.path).catch(() => undefined);
      throw this.streamError;
    }
    if (duration === undefined) return { durationWritten: false };
    const line = padHeaderLine(formatCastHeader(this.header, duration), this.headerBytes);
    if (line === undefined) return { durationWritten: false };
    const handle = await open(this.path, 'r+');
    try {
      await handle.write(Buffer.from(line), 0, this.headerBytes, 0);
    } finally {
      await handle.close();
    }
    return { durationWritten: true };
  }

  private writeEvent(seconds: number, code: 'o' | 'i' | 'r' | 'm', data: string): boolean {
    return this.writeLine([`${formatCastEvent(seconds, code, data)}\n`]);
  }

  /** Appends one event line given in pieces; returns false once the stream's buffer is full. */
  private writeLine(pieces: ReadonlyArray<string | Uint8Array>): boolean {
    if (this.closed) throw new Error(`cast writer for ${this.path} is already closed`);
    this.eventCount += 1;
    if (pieces.length === 1) return this.stream.write(pieces[0]);
    // Corked, the pieces leave in one writev() call instead of one write() each.
    this.stream.cork();
    let accepted = true;
    for (const piece of pieces) accepted = this.stream.write(piece);
    this.stream.uncork();
    return accepted;
  }
}

/** cutAfterLastLine truncates a file after its last newline, dropping a line a failed write left half written. */
async function cutAfterLastLine(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.min(size, 1 << 20));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const newline = tail.lastIndexOf(0x0a);
    if (newline >= 0) await handle.truncate(size - tail.length + newline + 1);
  } finally {
    await handle.close();
  }
}
