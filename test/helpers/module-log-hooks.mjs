/**
 * The loader hooks of module-log.mjs (they run on the loader's own thread): `resolve` appends each URL it
 * resolves to the log file, one a line, and changes nothing.
 */
import { appendFileSync } from 'node:fs';

let logFile;

/** initialize receives the log file's path from module-log.mjs. */
export function initialize(data) {
  logFile = data.logFile;
}

/** resolve records the URL the next hook resolves the specifier to. */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(logFile, `${resolved.url}\n`);
  return resolved;
}
