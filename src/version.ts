/** The version of termaudit, read once from package.json (recorded in meta.json and every report). */
import { readFileSync } from 'node:fs';

/** TOOL_VERSION is termaudit's own version. */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
