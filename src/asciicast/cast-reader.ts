/**
 * Reads asciicast files of every version asciinema has written — v1 (one JSON document), v2 (header line +
 * `[time, code, data]` lines with absolute times) and v3 (header line + `[interval, code, data]` lines with
 * times relative to the previous event, `#` comments) — into one model: a `CastHeader` and a stream of
 * `CastEvent`s with absolute times. Files are streamed line by line, so a cast of hundreds of MB never sits
 * in memory (v1, a single JSON document by design, is the exception).
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ConfigError } from '../errors.js';
import { themeFromCast } from '../render/theme.js';
import type { CastEvent, CastEventCode, CastHeader, CastTheme } from './types.js';

/** CastReadOptions controls how strictly a cast is read. */
export interface CastReadOptions {
  /**
   * Skip unreadable event lines (reporting each through `onWarning`) instead of failing on the first.
   * @default false
   */
  lenient?: boolean;
  /** Receives one message per skipped line in lenient mode. */
  onWarning?: (message: string) => void;
}

/** CastSummary is what one pass over a cast tells before rendering it. */
export interface CastSummary {
  header: CastHeader;
  /** The largest terminal size the cast uses (the header's, grown by resize events). */
  maxCols: number;
  maxRows: number;
  /** Time of the last event, in seconds. */
  lastEventTime: number;
  /** The recording's length: the header's duration or v3's exit event when larger than the last event. */
  duration: number;
  events: number;
  outputBytes: number;
  markers: Array<{ time: number; label: string }>;
  skippedLines: number;
}

const eventCodes = new Set<CastEventCode>(['o', 'i', 'r', 'm', 'x']);

function fail(path: string, line: number, message: string): never {
  throw new ConfigError(`${path}:${line}: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function optionalEnv(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const env: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') env[key] = entry;
  return env;
}

/**
 * optionalIdleTimeLimit reads a header's `idle_time_limit`: absent (or null) is none; anything else must be
 * seconds, 0 or more (0 keeps every pause), else the error names the file and its header line.
 */
function optionalIdleTimeLimit(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(path, 1, `the header's "idle_time_limit" must be a number of seconds of at least 0 (got ${JSON.stringify(value)})`);
  }
  return value;
}

/**
 * optionalTheme reads a header's theme: absent (or null) is none; anything else must be a valid asciicast
 * theme (#rrggbb `fg` and `bg`, 8 or 16 `palette` colours), else the error names the file and its header line.
 */
function optionalTheme(value: unknown, path: string): CastTheme | undefined {
  if (value === undefined || value === null) return undefined;
  themeFromCast(value as CastTheme, 'inline', `${path}:1: the header's "theme"`);
  const { fg, bg, palette } = value as CastTheme;
  return { fg, bg, palette };
}

/** parseCastHeader validates a v2 or v3 header object and normalises it to `CastHeader`. */
export function parseCastHeader(value: unknown, path: string): CastHeader {
  if (!isRecord(value)) fail(path, 1, 'the first line is not an asciicast header object');
  if (value.version === 2) {
    if (!positiveInteger(value.width) || !positiveInteger(value.height)) {
      fail(path, 1, 'the v2 header needs positive integer "width" and "height"');
    }
    return {
      version: 2,
      width: value.width,
      height: value.height,
      timestamp: optionalNumber(value.timestamp),
      duration: optionalNumber(value.duration),
      idleTimeLimit: optionalIdleTimeLimit(value.idle_time_limit, path),
      command: optionalString(value.command),
      title: optionalString(value.title),
      env: optionalEnv(value.env),
      theme: optionalTheme(value.theme, path),
    };
  }
  if (value.version === 3) {
    const term = isRecord(value.term) ? value.term : undefined;
    if (!term || !positiveInteger(term.cols) || !positiveInteger(term.rows)) {
      fail(path, 1, 'the v3 header needs "term" with positive integer "cols" and "rows"');
    }
    const env = optionalEnv(value.env) ?? {};
    if (typeof term.type === 'string' && !env.TERM) env.TERM = term.type;
    return {
      version: 3,
      width: term.cols,
      height: term.rows,
      timestamp: optionalNumber(value.timestamp),
      idleTimeLimit: optionalIdleTimeLimit(value.idle_time_limit, path),
      command: optionalString(value.command),
      title: optionalString(value.title),
      env,
      theme: optionalTheme(term.theme, path),
    };
  }
  if (value.version === 1) fail(path, 1, 'an asciicast v1 file is one JSON document, not a header line');
  return fail(path, 1, `unsupported asciicast version ${JSON.stringify(value.version)} (termaudit reads 1, 2 and 3)`);
}

/** parseCastEventLine turns one event line's JSON into a tuple, or explains why it cannot. */
export function parseCastEventLine(text: string): { time: number; code: CastEventCode; data: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  if (!Array.isArray(value) || value.length < 3) return 'an event must be [time, code, data]';
  const [time, code, data] = value as unknown[];
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) return `event time ${JSON.stringify(time)} is not a non-negative number`;
  if (typeof code !== 'string' || !eventCodes.has(code as CastEventCode)) return `unknown event code ${JSON.stringify(code)}`;
  if (typeof data !== 'string') return 'event data is not a string';
  return { time, code: code as CastEventCode, data };
}

/** parseResize reads a resize event's `COLSxROWS` data. */
export function parseResize(data: string): { cols: number; rows: number } | undefined {
  const match = /^(\d+)x(\d+)$/.exec(data.trim());
  if (!match) return undefined;
  const cols = Number(match[1]);
  const rows = Number(match[2]);
  return cols > 0 && rows > 0 ? { cols, rows } : undefined;
}

async function firstLine(path: string): Promise<string> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  let text = '';
  try {
    for await (const chunk of stream) {
      text += chunk as string;
      const end = text.indexOf('\n');
      if (end >= 0) return text.slice(0, end);
      if (text.length > 16 * 1024 * 1024) break;
    }
  } finally {
    stream.destroy();
  }
  return text;
}

async function checkReadable(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new ConfigError(`${path}: no such file`);
  }
  if (!info.isFile()) throw new ConfigError(`${path}: not a file`);
  if (info.size === 0) throw new ConfigError(`${path}:1: the file is empty, not an asciicast`);
}

/** castVersionOf tells which asciicast version a file is written in, from its first line. */
async function castVersionOf(path: string): Promise<{ version: 1 | 2 | 3; headerLine: string }> {
  await checkReadable(path);
  const headerLine = await firstLine(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(headerLine);
  } catch {
    // A v1 file is one (usually multi-line) JSON document: its first line alone does not parse.
    if (headerLine.trimStart().startsWith('{')) return { version: 1, headerLine };
    fail(path, 1, 'not an asciicast file (the first line is not JSON)');
  }
  if (isRecord(parsed) && parsed.version === 1) return { version: 1, headerLine };
  const version = isRecord(parsed) ? parsed.version : undefined;
  if (version !== 2 && version !== 3) parseCastHeader(parsed, path);
  return { version: version as 2 | 3, headerLine };
}

async function* readV1(path: string): AsyncGenerator<CastEvent | CastHeader> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    fail(path, 1, `not a valid asciicast v1 document (${(error as Error).message})`);
  }
  // A JSON document that is not version 1 (a "version": 5 written across several lines) is not read as v1.
  if (isRecord(document) && (document.version === 2 || document.version === 3)) {
    fail(path, 1, `an asciicast v${document.version} header is one line of JSON, with each event on a line of its own`);
  }
  if (isRecord(document) && document.version !== 1) {
    fail(path, 1, `unsupported asciicast version ${document.version === undefined ? '(none given)' : JSON.stringify(document.version)} (termaudit reads 1, 2 and 3)`);
  }
  if (!isRecord(document) || !positiveInteger(document.width) || !positiveInteger(document.height)) {
    fail(path, 1, 'the v1 document needs positive integer "width" and "height"');
  }
  if (!Array.isArray(document.stdout)) fail(path, 1, 'the v1 document has no "stdout" array');
  yield {
    version: 1,
    width: document.width,
    height: document.height,
    duration: optionalNumber(document.duration),
    command: optionalString(document.command),
    title: optionalString(document.title),
    env: optionalEnv(document.env),
  } satisfies CastHeader;
  let time = 0;
  for (const [index, frame] of (document.stdout as unknown[]).entries()) {
    if (!Array.isArray(frame) || typeof frame[0] !== 'number' || typeof frame[1] !== 'string') {
      fail(path, 1, `stdout[${index}] is not [delay, data]`);
    }
    // A negative delay is refused, as a negative time is in v2 and v3 (asciinema never writes one).
    if (!Number.isFinite(frame[0]) || frame[0] < 0) fail(path, 1, `stdout[${index}]: delay ${JSON.stringify(frame[0])} is not a non-negative number`);
    time += frame[0];
    yield { time, code: 'o', data: frame[1], line: 1 };
  }
}

async function* readLines(path: string, version: 2 | 3, options: CastReadOptions): AsyncGenerator<CastEvent | CastHeader> {
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let time = 0;
  try {
    for await (const text of lines) {
      lineNumber++;
      if (lineNumber === 1) {
        yield parseCastHeader(JSON.parse(text), path);
        continue;
      }
      if (text.trim() === '' || (version === 3 && text.startsWith('#'))) continue;
      const event = parseCastEventLine(text);
      if (typeof event === 'string') {
        if (!options.lenient) fail(path, lineNumber, `${event} (use --lenient to skip unreadable lines)`);
        options.onWarning?.(`${path}:${lineNumber}: skipped: ${event}`);
        continue;
      }
      time = version === 3 ? time + event.time : event.time;
      yield { time, code: event.code, data: event.data, line: lineNumber };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/**
 * readCast streams a cast: the first item is its header, every other item an event with an absolute time.
 * Errors name the file and line; with `lenient`, unreadable event lines are skipped and reported instead.
 */
export async function* readCast(path: string, options: CastReadOptions = {}): AsyncGenerator<CastEvent | CastHeader> {
  const { version } = await castVersionOf(path);
  yield* version === 1 ? readV1(path) : readLines(path, version, options);
}

/** isCastHeader tells the header apart from the events `readCast` yields. */
export function isCastHeader(item: CastEvent | CastHeader): item is CastHeader {
  return 'version' in item;
}

/**
 * summarizeCast reads a whole cast once and returns what rendering needs to plan: header, largest size,
 * duration, markers. It validates every line, so a strict render fails before any frame is made.
 */
export async function summarizeCast(path: string, options: CastReadOptions = {}): Promise<CastSummary> {
  let header: CastHeader | undefined;
  let maxCols = 0;
  let maxRows = 0;
  let lastEventTime = 0;
  let exitTime = 0;
  let events = 0;
  let outputBytes = 0;
  let skippedLines = 0;
  const markers: Array<{ time: number; label: string }> = [];
  const onWarning = (message: string) => {
    skippedLines++;
    options.onWarning?.(message);
  };
  for await (const item of readCast(path, { ...options, onWarning })) {
    if (isCastHeader(item)) {
      header = item;
      maxCols = item.width;
      maxRows = item.height;
      continue;
    }
    events++;
    lastEventTime = Math.max(lastEventTime, item.time);
    if (item.code === 'o') outputBytes += Buffer.byteLength(item.data);
    else if (item.code === 'm') markers.push({ time: item.time, label: item.data });
    else if (item.code === 'x') exitTime = item.time;
    else if (item.code === 'r') {
      const size = parseResize(item.data);
      if (!size) {
        if (!options.lenient) fail(path, item.line, `resize event data "${item.data}" is not COLSxROWS`);
        onWarning(`${path}:${item.line}: skipped: resize event data "${item.data}" is not COLSxROWS`);
        continue;
      }
      maxCols = Math.max(maxCols, size.cols);
      maxRows = Math.max(maxRows, size.rows);
    }
  }
  if (!header) fail(path, 1, 'no asciicast header');
  const duration = Math.max(lastEventTime, exitTime, header.duration ?? 0);
  return { header, maxCols, maxRows, lastEventTime, duration, events, outputBytes, markers, skippedLines };
}
