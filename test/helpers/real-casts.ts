/**
 * The real casts: asciicast files from asciinema's own repositories (asciinema, asciinema-player, agg),
 * committed unchanged under test/fixtures/casts/real/ with their sources, licences and the length asciinema
 * plays each for (manifest.json). This module reads the manifest and hands out each cast as a file to read,
 * a gzipped one unpacked into a temporary directory, for test/render/real-casts.test.ts and for
 * `npm run compat:casts` (scripts/compat-casts.ts), which renders them all.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fixturePath, makeTempDir } from './paths.js';

/** REAL_CASTS_DIR is the folder of the real casts: manifest.json, the casts by source, licenses/. */
export const REAL_CASTS_DIR = fixturePath('casts', 'real');

/** RealCastSource says where a cast was taken from and under which licence. */
export interface RealCastSource {
  /** `owner/name` on GitHub. */
  repo: string;
  /** The cast's path in the repository at `commit`. */
  path: string;
  /** The full commit hash the file was taken at. */
  commit: string;
  /** SPDX identifier of the repository's licence. */
  licence: string;
  /** The licence's text, relative to REAL_CASTS_DIR. */
  licenceFile: string;
}

/** RealCastEntry is one cast as manifest.json lists it. */
export interface RealCastEntry {
  id: string;
  /** The committed file, relative to REAL_CASTS_DIR. */
  file: string;
  /** `gzip` when the file is stored compressed (the cast is what it unpacks to). */
  compression?: 'gzip';
  /** Size and sha256 of the cast itself (unpacked). */
  bytes: number;
  sha256: string;
  /** The asciicast version the file is written in. */
  version: 1 | 2 | 3;
  /** What the cast exercises, in a phrase. */
  shows: string;
  source: RealCastSource;
  /** The header's idle_time_limit, or null. */
  idleTimeLimit: number | null;
  /** Seconds asciinema plays the cast for, with the header's idle limit (see the manifest's description). */
  duration: number;
  /** How `duration` follows from the file. */
  derivation: string;
  /** Seconds asciinema plays it for with the idle limit turned off; only for casts with one. */
  durationWithoutIdleLimit?: number;
  /** Characters no bundled font has a glyph for, in the order the render reports them. */
  missingCharacters: string[];
}

/** RealCastManifest is test/fixtures/casts/real/manifest.json. */
export interface RealCastManifest {
  description: string;
  /** Each source repository's licence, with where its README says so. */
  sources: Record<string, string>;
  entries: RealCastEntry[];
}

/** readRealCastManifest reads the committed manifest. */
export function readRealCastManifest(): RealCastManifest {
  return JSON.parse(readFileSync(join(REAL_CASTS_DIR, 'manifest.json'), 'utf8')) as RealCastManifest;
}

/** castBytes returns the bytes of an entry's cast (unpacked when it is stored gzipped). */
export function castBytes(entry: RealCastEntry): Buffer {
  const stored = readFileSync(join(REAL_CASTS_DIR, entry.file));
  return entry.compression === 'gzip' ? gunzipSync(stored) : stored;
}

/** sha256Of returns the hex sha256 of bytes. */
export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * realCastPath returns a path termaudit can read the entry's cast from: the committed file, or for a gzipped
 * one the cast unpacked into a new temporary directory (under its own name, without `.gz`).
 */
export function realCastPath(entry: RealCastEntry): string {
  const committed = join(REAL_CASTS_DIR, entry.file);
  if (entry.compression !== 'gzip') return committed;
  const path = join(makeTempDir('termaudit-real-cast-'), basename(entry.file, '.gz'));
  writeFileSync(path, castBytes(entry));
  return path;
}

/**
 * videoDurationProblem compares a video's length with the expected one: a cast's `duration` plus the hold
 * of the last frame, which the render rounds up to its 1/fps grid; ffmpeg prints a container's duration to
 * the hundredth of a second. Returns undefined when it fits, else what is wrong.
 */
export function videoDurationProblem(actual: number, expected: number, fps: number): string | undefined {
  const slack = 0.006;
  if (actual >= expected - slack && actual <= expected + 1 / fps + slack) return undefined;
  return `the video lasts ${actual.toFixed(3)} s, expected ${expected.toFixed(3)} s (up to one frame of 1/${fps} s more)`;
}
