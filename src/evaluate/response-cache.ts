/**
 * termaudit's own cache of judge answers, on disk. Re-running an evaluation on the same frames with the same
 * prompt, model and settings answers from here and costs nothing. The key is the sha256 of a canonical JSON
 * of everything that shapes the answer; each entry is one JSON file written atomically, and a file that
 * cannot be read or parsed is a miss, never an error (a cache must not break an evaluation).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../hash.js';
import { writeJsonFile } from '../files.js';
import { ANSWER_SCHEMA_VERSION } from './answer-schema.js';
import { zeroUsage, type JudgeAnswer, type JudgeUsage } from './types.js';

/** ResponseCacheKeyInput is everything that shapes a judge's answer, and so names a cache entry. */
export interface ResponseCacheKeyInput {
  /** `judge` for a rubric answer, `ask` for a free-text answer. */
  kind: 'judge' | 'ask';
  model: string;
  /** The API base URL; only its host enters the key (another server may answer differently). */
  baseURL: string;
  /** sha256 of the prompt file (RubricPrompt.sha256), or of the question for `ask`. */
  promptSha256: string;
  /**
   * sha256 of the whole text sent besides the frames (instructions + rubric, or every rubric of a combined
   * request), so changed wording is a miss, and an answer given with other prompts is not one given alone.
   */
  requestTextSha256: string;
  /** sha256 of each frame's PNG, in the order sent. */
  frameHashes: readonly string[];
  detail: string;
  /** Sampling temperature, or null when none is sent (the server's default). */
  temperature: number | null;
  /** 0-based sample index (`--samples k` asks for k independent answers, as choices of one request or not: the same entry). */
  sample: number;
}

/** CachedResponse is what one cache entry holds: the answer (or the asked text) and the original usage. */
export interface CachedResponse {
  answer?: JudgeAnswer;
  text?: string;
  /** The usage of the request that produced this answer (what re-asking would cost), shared by every answer it carried. */
  usage: JudgeUsage;
}

/** CacheHit is a cached answer as a judge returns it: the usage of this (free) call plus the original one. */
export interface CacheHit extends CachedResponse {
  /** Zero cost, zero latency, zero attempts, fromCache true. */
  usage: JudgeUsage;
  originalUsage: JudgeUsage;
}

interface CacheFile extends CachedResponse {
  version: number;
  key: string;
  createdAt: string;
}

const CACHE_FILE_VERSION = 1;


/** canonicalJson serialises a value with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** responseCacheKey returns the cache key (sha256 hex) of a request, including the answer schema version. */
export function responseCacheKey(input: ResponseCacheKeyInput): string {
  let host: string;
  try {
    host = new URL(input.baseURL).host;
  } catch {
    host = input.baseURL;
  }
  const { baseURL: _baseURL, ...rest } = input;
  return sha256Hex(canonicalJson({ ...rest, frameHashes: [...input.frameHashes], host, answerSchemaVersion: ANSWER_SCHEMA_VERSION }));
}

/**
 * defaultCacheDirectory returns where answers are cached: `$TERMAUDIT_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/termaudit/evaluations`, else `~/.cache/termaudit/evaluations`.
 */
export function defaultCacheDirectory(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (env.TERMAUDIT_CACHE_DIR) return env.TERMAUDIT_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'termaudit', 'evaluations');
  return join(home, '.cache', 'termaudit', 'evaluations');
}

/** ResponseCache stores judge answers as one JSON file per key under a directory. */
export class ResponseCache {
  /** The directory holding the entries (created on the first write). */
  readonly directory: string;

  constructor(directory: string = defaultCacheDirectory()) {
    this.directory = directory;
  }

  /** pathOf returns the file of a key (two-level fan-out keeps directories small). */
  pathOf(key: string): string {
    return join(this.directory, key.slice(0, 2), `${key}.json`);
  }

  /** get returns the cached answer of a key, or undefined on a miss (missing, unreadable or corrupt file). */
  async get(key: string): Promise<CacheHit | undefined> {
    let file: CacheFile;
    try {
      file = JSON.parse(await readFile(this.pathOf(key), 'utf8')) as CacheFile;
    } catch {
      return undefined;
    }
    const valid =
      file !== null &&
      typeof file === 'object' &&
      file.version === CACHE_FILE_VERSION &&
      file.key === key &&
      (typeof file.text === 'string' || (file.answer !== null && typeof file.answer === 'object')) &&
      file.usage !== null &&
      typeof file.usage === 'object';
    if (!valid) return undefined;
    return { answer: file.answer, text: file.text, usage: zeroUsage(true), originalUsage: file.usage };
  }

  /** set stores an answer under a key, atomically (temporary file + rename). */
  async set(key: string, response: CachedResponse): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(join(this.directory, key.slice(0, 2)), { recursive: true });
    const file: CacheFile = { version: CACHE_FILE_VERSION, key, createdAt: new Date().toISOString(), ...response };
    await writeJsonFile(path, file);
  }
}
