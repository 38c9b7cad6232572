/**
 * termaudit's cache of what a server's list-models endpoint says of a model (its `shutdown_date`), beside
 * the response cache. An entry is keyed by the base URL's host and the model id and trusted for a day
 * (MODEL_INFO_TTL_MS), so evaluations on the same day ask the server once. A file that cannot be read or
 * parsed, or is older than a day, is a miss, never an error.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonFile } from '../files.js';
import { sha256Hex } from '../hash.js';
import type { ServerModelEntry } from './models.js';
import { canonicalJson } from './response-cache.js';

/** MODEL_INFO_TTL_MS is how long a server's model entry is trusted: one day. */
export const MODEL_INFO_TTL_MS = 86_400_000;

const MODEL_INFO_FILE_VERSION = 1;

interface ModelInfoFile {
  version: number;
  host: string;
  model: string;
  /** When the server was asked (ISO 8601). */
  checkedAt: string;
  entry: ServerModelEntry;
}

/** modelInfoCacheDirectory returns where server model entries are cached: `model-info/` in the response cache's directory. */
export function modelInfoCacheDirectory(responseCacheDirectory: string): string {
  return join(responseCacheDirectory, 'model-info');
}

/** hostOf returns the host of a base URL (the URL itself when it does not parse). */
function hostOf(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}

/** ModelInfoCache stores one server model entry per (host, model) as a JSON file. */
export class ModelInfoCache {
  constructor(readonly directory: string) {}

  /** pathOf returns the file of a host and model. */
  pathOf(baseURL: string, model: string): string {
    return join(this.directory, `${sha256Hex(canonicalJson({ host: hostOf(baseURL), model }))}.json`);
  }

  /** get returns the cached entry when it was read from the server less than a day before `now`; undefined otherwise. */
  async get(baseURL: string, model: string, now: number = Date.now()): Promise<{ entry: ServerModelEntry; checkedAt: string } | undefined> {
    let file: ModelInfoFile;
    try {
      file = JSON.parse(await readFile(this.pathOf(baseURL, model), 'utf8')) as ModelInfoFile;
    } catch {
      return undefined;
    }
    const valid =
      file !== null &&
      typeof file === 'object' &&
      file.version === MODEL_INFO_FILE_VERSION &&
      file.host === hostOf(baseURL) &&
      file.model === model &&
      file.entry !== null &&
      typeof file.entry === 'object' &&
      file.entry.id === model;
    if (!valid) return undefined;
    const age = now - Date.parse(file.checkedAt);
    if (!(age >= 0 && age < MODEL_INFO_TTL_MS)) return undefined;
    return { entry: file.entry, checkedAt: file.checkedAt };
  }

  /** set stores what the server said of a model at `now`, atomically. */
  async set(baseURL: string, model: string, entry: ServerModelEntry, now: number = Date.now()): Promise<void> {
    const file: ModelInfoFile = { version: MODEL_INFO_FILE_VERSION, host: hostOf(baseURL), model, checkedAt: new Date(now).toISOString(), entry };
    await mkdir(this.directory, { recursive: true });
    await writeJsonFile(this.pathOf(baseURL, model), file);
  }
}
