/**
 * Writes asciicast v2 files incrementally: the header line first, then one `[time, code, data]` line per
 * event, appended through a write stream. A recorder killed at any moment (even `kill -9`) leaves a file
 * that parses line by line up to its last complete line.
 *
 * The header's `duration` is unknown until the end, so the header line is written padded with spaces up
 * to the length it would have with the largest duration we support, and `close()` rewrites it in place
 * (same byte length, positional write at offset 0) with the real duration.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CastTheme } from './types.js';

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
  private closed = false;
  private eventCount = 0;
  private outputByteCount = 0;

  private constructor(path: string, header: CastWriterHeader, stream: WriteStream) {
    this.path = path;
    this.header = header;
    this.headerBytes = reservedHeaderBytes(header);
    this.stream = stream;
    this.stream.on('error', (error) => {
      this.streamError ??= error;
    });
    // The header is padded so that close() can rewrite it in place with the duration.
    this.stream.write(`${padHeaderLine(formatCastHeader(header), this.headerBytes)}\n`);
  }

  /** create opens (truncating) `path`, writes the header line and resolves once the file is open. */
  static async create(path: string, header: CastWriterHeader, options: CastWriterOptions = {}): Promise<CastWriter> {
    const stream = createWriteStream(path, { flags: 'w', highWaterMark: options.highWaterMark ?? 1 << 20 });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => {
        stream.off('error', reject);
        resolve();
      });
      stream.once('error', reject);
    });
    return new CastWriter(path, header, stream);
  }

  /** events is the number of event lines written so far (output, resize and marker). */
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

  /** writeResize appends an `"r"` event: the terminal became `cols`×`rows` at `seconds`. */
  writeResize(seconds: number, cols: number, rows: number): boolean {
    return this.writeEvent(seconds, 'r', `${cols}x${rows}`);
  }

  /** writeMarker appends an `"m"` event (a named point in time, e.g. a tape step) at `seconds`. */
  writeMarker(seconds: number, label: string): boolean {
    return this.writeEvent(seconds, 'm', label);
  }

  /** drained resolves once the write stream's buffer has room again (at once if it already has). */
  drained(): Promise<void> {
    if (!this.stream.writableNeedDrain || this.closed) return Promise.resolve();
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
   * fits the reserved space. Rejects with the stream's error if any write failed.
   */
  async close(duration?: number): Promise<CastCloseResult> {
    if (this.closed) throw new Error(`cast writer for ${this.path} is already closed`);
    this.closed = true;
    await new Promise<void>((resolve) => {
      this.stream.once('close', resolve);
      this.stream.end();
    });
    if (this.streamError) throw this.streamError;
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

  private writeEvent(seconds: number, code: 'o' | 'r' | 'm', data: string): boolean {
    if (this.closed) throw new Error(`cast writer for ${this.path} is already closed`);
    this.eventCount += 1;
    return this.stream.write(`${formatCastEvent(seconds, code, data)}\n`);
  }
}
