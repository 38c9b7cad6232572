/**
 * JSON files that other processes may read while termaudit writes them (meta.json, status.json): every
 * write goes to a temporary file first and is renamed over the target, so a reader never sees half a file.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';

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
