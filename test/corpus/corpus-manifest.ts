/**
 * The real-world corpus: casts of ordinary programs installed from Debian (htop, vim, mc, git log, …),
 * recorded by `npm run corpus:record` (scripts/record-corpus.ts) with termaudit's own `record` and committed
 * as fixtures under test/fixtures/corpus/. This module reads its manifest, so every test that wants to run
 * something over the corpus (cast checks, heuristic-judge assertions, profile choice) iterates the same list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../helpers/paths.js';

/** CORPUS_DIR is the folder of the corpus: manifest.json, the casts, and tapes/. */
export const CORPUS_DIR = fixturePath('corpus');

/** CORPUS_MANIFEST is the path of the corpus manifest. */
export const CORPUS_MANIFEST = join(CORPUS_DIR, 'manifest.json');

/**
 * CorpusKind says how the program draws: `tui` programs take over the screen (alternate screen, keys from a
 * tape, quit at the end); `cli` programs print lines and exit on their own.
 */
export type CorpusKind = 'tui' | 'cli';

/** CorpusEntry is one recorded program as manifest.json lists it. */
export interface CorpusEntry {
  /** Unique name, also the cast's file name without `.cast` (e.g. `htop`, `vim-invalid-command`). */
  id: string;
  /** The program's name as a user knows it (`htop`, `git log`). */
  program: string;
  /** The Debian package the program comes from. */
  package: string;
  /** The package's version, from `dpkg-query -W -f='${Version}' <package>`. */
  version: string;
  /** The command line recorded, as it was run (in the corpus's work directory, see `cwd`). */
  command: string[];
  /** Working directory the command ran in (a fixed path the recording script creates). */
  cwd: string;
  /** The environment the command got on top of the recording machine's (TERM, LANG, HOME, PAGER, …). */
  env: Record<string, string>;
  /** The cast, relative to the corpus folder. */
  cast: string;
  /** The tape that drove the program, relative to the corpus folder; null when it ran on its own. */
  tape: string | null;
  kind: CorpusKind;
  /** When the cast was recorded (ISO 8601). */
  recordedAt: string;
  cols: number;
  rows: number;
  /** Length of the recording in seconds, from the recorder's meta.json. */
  durationSeconds: number;
  /** What the recording shows, in a sentence. */
  note: string;
  /**
   * Regex sources, each of which some screen of the recording must match: proof that the cast shows the
   * program and the interaction the note describes (e.g. `Load average` for htop, `E492` for vim).
   */
  expectedText: string[];
}

/** CorpusManifest is test/fixtures/corpus/manifest.json. */
export interface CorpusManifest {
  /** How the corpus was made, for a reader of the JSON. */
  description: string;
  /** The Debian release the programs came from (`/etc/debian_version`). */
  debianVersion: string;
  entries: CorpusEntry[];
}

/** readCorpusManifest reads and returns the committed corpus manifest. */
export function readCorpusManifest(path = CORPUS_MANIFEST): CorpusManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as CorpusManifest;
}

/** CorpusCast is a manifest entry with the absolute paths of its cast and tape. */
export interface CorpusCast extends CorpusEntry {
  castPath: string;
  tapePath: string | null;
}

/** corpusCasts returns every manifest entry with absolute paths, in manifest order: the list corpus tests iterate. */
export function corpusCasts(manifest: CorpusManifest = readCorpusManifest()): CorpusCast[] {
  return manifest.entries.map((entry) => ({
    ...entry,
    castPath: join(CORPUS_DIR, entry.cast),
    tapePath: entry.tape === null ? null : join(CORPUS_DIR, entry.tape),
  }));
}
