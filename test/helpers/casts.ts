/** Builds small asciicast v2 files for tests from a list of events. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from './paths.js';

/** CastEventTuple is an asciicast v2 event line: time, code, data. */
export type CastEventTuple = [number, 'o' | 'r' | 'm' | 'i', string];

/** writeCast writes a v2 cast of the given size (and header duration, idle_time_limit) and events to a new temporary file and returns its path. */
export function writeCast(events: CastEventTuple[], size: { cols?: number; rows?: number; duration?: number; idleTimeLimit?: number } = {}): string {
  const path = join(makeTempDir(), 'test.cast');
  const header: Record<string, unknown> = { version: 2, width: size.cols ?? 20, height: size.rows ?? 5 };
  if (size.duration !== undefined) header.duration = size.duration;
  if (size.idleTimeLimit !== undefined) header.idle_time_limit = size.idleTimeLimit;
  writeFileSync(path, [JSON.stringify(header), ...events.map((event) => JSON.stringify(event))].join('\n') + '\n');
  return path;
}
