/**
 * Files termaudit reads and writes. JSON that other processes may read while termaudit writes it
 * (meta.json, status.json) goes to a temporary file first and is renamed over the target, so a reader never
 * sees half a file. Files a user names (a pipeline, a prompt, a scorecard) are read by `readInputText` and
 * `readInputJson`, which say in one line which file is missing, unreadable or not JSON.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { ConfigError } from './errors.js';

/** writeJsonFile writes a value as pretty JSON, atomically (temporary file + rename). */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, JSON.stringify(value, null, 2) + '\n');
  await rename(temporary, path);
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
    throw new ConfigError(`${path}: cannot read ${file.what} (${(error as Error).message})`, { cause: error });
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
