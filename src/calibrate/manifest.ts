/**
 * The calibration set's manifest (`calibration/manifest.json`, shipped with termaudit): every recording of
 * the set, healthy or with one injected defect, and for a defect the criterion that must drop and where the
 * defect is. `npm run calibration:record` writes it; `termaudit calibrate` reads it.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { PROFILE_NAMES } from '../evaluate/profiles.js';

/** DEFAULT_CALIBRATION_DIR is the calibration set shipped in termaudit's package. */
export const DEFAULT_CALIBRATION_DIR: string = fileURLToPath(new URL('../../calibration', import.meta.url));

/** CALIBRATION_MANIFEST_NAME is the manifest's file name in a calibration directory. */
export const CALIBRATION_MANIFEST_NAME = 'manifest.json';

/** CALIBRATION_KINDS are the kinds of display the set covers. */
export const CALIBRATION_KINDS = ['multi-agent', 'tui', 'cli'] as const;

/** CalibrationKind is one kind of display. */
export type CalibrationKind = (typeof CALIBRATION_KINDS)[number];

/** A screen region in cells, 0-based: the rows and columns where a defect shows. */
const regionSchema = z.object({ row: z.number().int().min(0), col: z.number().int().min(0), rows: z.number().int().min(1), cols: z.number().int().min(1) }).strict();

const entrySchema = z
  .object({
    /** Unique id, e.g. `tui-low-contrast`; also the cast's file name. */
    id: z.string().regex(/^[a-z0-9-]+$/),
    kind: z.enum(CALIBRATION_KINDS),
    /** The profile the recording is evaluated with. */
    profile: z.enum(PROFILE_NAMES),
    /**
     * `healthy` recordings are the baselines; a `repeat` is the same healthy program recorded again (its
     * scores must not drop from its baseline's: a drop is a false alarm); a `defect` carries one injected defect.
     */
    role: z.enum(['healthy', 'repeat', 'defect']),
    /** The cast, relative to the manifest. */
    cast: z.string(),
    /** The program and arguments that were recorded (relative to the project root). */
    command: z.array(z.string()).min(1),
    /** The tape that drove it, relative to the manifest. */
    tape: z.string().optional(),
    cols: z.number().int().min(1),
    rows: z.number().int().min(1),
    /** Length of the cast in seconds. */
    duration: z.number().min(0),
    /** What the recording shows (healthy) or what is wrong with it (defect). */
    description: z.string(),
    /** A defect's name, e.g. `low-contrast`. */
    defect: z.string().optional(),
    /** The healthy recording a defect or a repeat is compared with. */
    baseline: z.string().optional(),
    /** The criterion whose score must drop. */
    criterion: z.string().optional(),
    /** Where the defect is in time, seconds of the cast [start, end]. */
    time: z.tuple([z.number().min(0), z.number().min(0)]).optional(),
    /** Where the defect is on screen, when it is in one place. */
    region: regionSchema.optional(),
    /**
     * A defect's severity. `critical`: the user cannot read what the program shows (unreadable contrast,
     * text past the terminal's edge, escape debris, boxes for glyphs); the overall score must show it, so
     * calibrate checks that such a defect drops the overall by at least CRITICAL_OVERALL_DROP. `major`: the
     * labelled criterion must drop; the overall may hide it among the healthy criteria.
     */
    severity: z.enum(['critical', 'major']).optional(),
  })
  .strict()
  .refine((entry) => entry.role === 'healthy' || (entry.baseline && (entry.role === 'repeat' || (entry.defect && entry.criterion && entry.time))), {
    message: 'a repeat needs a baseline; a defect needs defect, baseline, criterion and time',
  });

const manifestSchema = z
  .object({
    version: z.literal(1),
    /** How the set was recorded: the environment and the script. */
    recordedWith: z.object({ script: z.string(), env: z.record(z.string(), z.string()) }).strict(),
    entries: z.array(entrySchema).min(1),
  })
  .strict();

/** CalibrationRegion is a screen region in cells, 0-based. */
export type CalibrationRegion = z.infer<typeof regionSchema>;
/** CalibrationEntry is one recording of the set. */
export type CalibrationEntry = z.infer<typeof entrySchema>;
/** CalibrationManifest is calibration/manifest.json. */
export type CalibrationManifest = z.infer<typeof manifestSchema>;

/** LoadedCalibrationSet is a manifest with where its casts are. */
export interface LoadedCalibrationSet {
  dir: string;
  manifest: CalibrationManifest;
  /** The absolute path of an entry's cast. */
  castOf(entry: CalibrationEntry): string;
}

/**
 * checkCalibrationManifest validates a parsed manifest: the schema, unique ids, and baselines that name a
 * healthy entry of the same kind. Every problem is reported at once.
 */
export function checkCalibrationManifest(value: unknown, where: string): CalibrationManifest {
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    throw new ConfigError(`${where}: not a calibration manifest:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n')}`);
  }
  const problems: string[] = [];
  const byId = new Map<string, CalibrationEntry>();
  for (const entry of parsed.data.entries) {
    if (byId.has(entry.id)) problems.push(`entry "${entry.id}" appears twice`);
    byId.set(entry.id, entry);
  }
  for (const entry of parsed.data.entries) {
    if (entry.role === 'healthy') continue;
    const baseline = byId.get(entry.baseline!);
    if (!baseline || baseline.role !== 'healthy' || baseline.kind !== entry.kind) problems.push(`entry "${entry.id}": baseline "${entry.baseline}" is not a healthy ${entry.kind} entry`);
  }
  if (problems.length > 0) throw new ConfigError(`${where}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  return parsed.data;
}

/** loadCalibrationSet reads and checks the manifest of a calibration directory (default: the shipped set). */
export async function loadCalibrationSet(dir: string = DEFAULT_CALIBRATION_DIR): Promise<LoadedCalibrationSet> {
  const path = join(resolve(dir), CALIBRATION_MANIFEST_NAME);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(`${path}: cannot read the calibration manifest (${error.code ?? error.message}); record the set with npm run calibration:record`, { cause: error });
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not JSON (${(error as Error).message})`, { cause: error });
  }
  const manifest = checkCalibrationManifest(value, path);
  return { dir: dirname(path), manifest, castOf: (entry) => join(dirname(path), entry.cast) };
}
