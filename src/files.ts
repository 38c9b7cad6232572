/**
 * Files termaudit reads and writes. Every output is written under a temporary name beside its final one
 * and renamed over it once complete (`writeFileAtomic`, `temporaryPathOf`), so that a reader, a crash or
 * `kill -9` never leaves half a file under an output's name; a temporary that cannot be completed is
 * removed, and the temporaries of processes that died are cleared by the next run writing there
 * (`removeStaleTemporaries`). Files a user names (a pipeline, a prompt, a scorecard) are read by
 * `readInputText` and `readInputJson`, which say in one line which file is missing, unreadable or not JSON.
 * Text and JSON written here are redacted: no secret known to the process (see secrets.ts) reaches a file.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigError, reasonOf } from './errors.js';
import { isProcessAlive } from './record/process-tree.js';
import { redact } from './secrets.js';

/** Temporaries are named `.<final name>.termaudit-<pid>-<n>.tmp`: hidden, and traceable to the process that writes them. */
const temporaryPattern = /^\..+\.termaudit-(\d+)-\d+\.tmp$/;
let temporaryCount = 0;

/** temporaryPathOf is a fresh temporary name beside `path`, for writing it before renaming it into place. */
export function temporaryPathOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.termaudit-${process.pid}-${temporaryCount++}.tmp`);
}

/**
 * reserveSpace sets `bytes` of disk aside for `path` under a temporary name beside it (zeros, so the space
 * is really taken), and returns `release`, which frees it: a writer that may fill the disk (a recording)
 * releases it just before writing `path`, which then fits. Best effort: when the space cannot be had, the
 * reservation is dropped and `release` does nothing. A process that dies holding it leaves a temporary
 * that the next run writing there clears.
 */
export async function reserveSpace(path: string, bytes: number): Promise<{ release(): Promise<void> }> {
  const reserve = temporaryPathOf(path);
  const release = () => rm(reserve, { force: true }).catch(() => undefined);
  try {
    await writeFile(reserve, Buffer.alloc(bytes));
  } catch {
    await release();
  }
  return { release };
}

/** finalPathOf is the path a temporary (see temporaryPathOf) stands for; any other path is returned as it is. */
export function finalPathOf(path: string): string {
  const name = /^\.(.+)\.termaudit-\d+-\d+\.tmp$/.exec(basename(path))?.[1];
  return name === undefined ? path : join(dirname(path), name);
}

/** commitTemporary renames a complete temporary over its final path; on failure the temporary is removed and the error rethrown. */
export async function commitTemporary(temporary: string, path: string): Promise<void> {
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/**
 * writeFileAtomic writes `data` to `path` through a temporary file, which is removed when the write fails.
 * Text is redacted first (see secrets.ts): no secret known to the process reaches a file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryPathOf(path);
  try {
    await writeFile(temporary, typeof data === 'string' ? redact(data) : data);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await commitTemporary(temporary, path);
}

/** removeStaleTemporaries removes the temporaries in `dir` left by processes that no longer run (a crash, `kill -9`). */
export async function removeStaleTemporaries(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(temporaryPattern.exec(name)?.[1]);
    if (pid > 0 && pid !== process.pid && !isProcessAlive(pid)) await rm(join(dir, name), { recursive: true, force: true });
  }
}

/** writeJsonFile writes a value as pretty JSON, atomically and redacted (see writeFileAtomic). */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/** readJsonFileSync reads a small JSON file at once, or returns undefined when it does not exist or is not JSON. */
export function readJsonFileSync<T = unknown>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** readJsonFile reads a JSON file, or returns undefined when it does not exist. */
export async function readJsonFile<T = unknown>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** mergeJsonFile merges top-level keys into a JSON object file (creating it when missing), atomically. */
export async function mergeJsonFile(path: string, fields: Record<string, unknown>): Promise<void> {
  const existing = (await readJsonFile<Record<string, unknown>>(path)) ?? {};
  await writeJsonFile(path, { ...existing, ...fields });
}

/** InputFile says what a file a user named is, for the messages about it. */
export interface InputFile {
  /** What the file is, e.g. `the run summary`. */
  what: string;
  /** The message when it does not exist (after `<path>: `), or undefined to return undefined instead. */
  missing?: string;
  /** Added to the "not valid JSON" message, e.g. what to do about it. @default '' */
  hint?: string;
}

/** readInputText reads a file a user named; missing (unless `missing` is undefined) or unreadable → ConfigError naming it. */
export async function readInputText(path: string, file: InputFile): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && file.missing === undefined) return undefined;
    if (code === 'ENOENT') throw new ConfigError(`${path}: ${file.missing}`, { cause: error });
    throw new ConfigError(`${path}: cannot read ${file.what} (${reasonOf(error)})`, { cause: error });
  }
}

/** readInputJson reads and parses a JSON file a user named (see readInputText); invalid JSON → ConfigError naming it. */
export async function readInputJson(path: string, file: InputFile): Promise<unknown> {
  const text = await readInputText(path, file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})${file.hint ?? ''}`, { cause: error });
  }
}
