/**
 * `npm run calibration:record`: records the calibration set (calibration/casts/) with termaudit's own
 * `record`, from termaudit's own fixture programs (calibration/programs/: the demo, a full-screen task board,
 * a deploy CLI), and writes calibration/manifest.json. Each kind has one healthy recording, two repeats of it
 * (recorded the same way, for false alarms) and one recording per injected defect, labelled with the
 * criterion that must drop and where the defect is.
 *
 * Determinism: fixed programs and seeds, fixed sizes (80×24), TERM=xterm-256color, LANG/LC_ALL=C.UTF-8,
 * TZ=UTC; the recordings run one after another (timing is what varies between two runs). `--only id,id`
 * re-records some entries and keeps the others.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CALIBRATION_ENV, recordCalibrationProgram } from '../src/calibrate/calibration-recording.js';
import { checkCalibrationManifest, type CalibrationEntry, type CalibrationKind, type CalibrationManifest, type CalibrationRegion } from '../src/calibrate/manifest.js';
import type { ProfileName } from '../src/evaluate/profiles.js';

const root = resolve(import.meta.dirname, '..');
const CALIBRATION_DIR = join(root, 'calibration');
const CASTS_DIR = join(CALIBRATION_DIR, 'casts');
const MANIFEST_PATH = join(CALIBRATION_DIR, 'manifest.json');
const WORK_DIR = '/tmp/termaudit-calibration';
const COLS = 80;
const ROWS = 24;

/** Where a defect is in time: the whole recording, its last seconds, or seconds of the program's own clock (from its first output). */
type When = 'whole' | 'end' | [number, number | 'end'];

/** Variant is one defect of a kind: the flag value, the criterion that must drop, and where it shows. */
interface Variant {
  defect: string;
  criterion: string;
  description: string;
  when: When;
  region?: CalibrationRegion;
  /** The healthy entry it is compared with, when not the kind's plain healthy recording. */
  baseline?: string;
  /** Extra arguments of this variant (besides `--defect <name>`). */
  args?: string[];
  /** The severity when it differs from the defect's on other displays (see CRITICAL_DEFECTS). */
  severity?: 'critical' | 'major';
}

/** KindPlan is how one kind is recorded. */
interface KindPlan {
  kind: CalibrationKind;
  prefix: string;
  profile: ProfileName;
  program: string;
  tape?: string;
  healthy: string;
  /** Further healthy recordings with arguments of their own (a baseline for some defects). */
  otherHealthy?: Array<{ id: string; args: string[]; description: string }>;
  variants: Variant[];
}

/**
 * CRITICAL_DEFECTS are the defects that leave the user unable to read what the program shows: the overall
 * score must show them (the manifest labels them `severity: critical`). A variant may say otherwise.
 */
const CRITICAL_DEFECTS: ReadonlySet<string> = new Set(['low-contrast', 'too-wide', 'leaked-escapes', 'missing-glyphs']);

const RIGHT_EDGE: CalibrationRegion = { row: 0, col: COLS - 10, rows: ROWS, cols: 10 };

const PLANS: KindPlan[] = [
  {
    kind: 'multi-agent',
    prefix: 'demo',
    profile: 'multi-agent',
    program: 'calibration/programs/demo.mjs',
    healthy: 'termaudit demo, seed 1 at speed 5: three agents answer, vote and present a winner (about 8 s).',
    otherHealthy: [{ id: 'demo-agent-error-healthy', args: ['--fail', 'agent-error'], description: 'The demo with an agent that fails, its error shown in red: the baseline of the uncoloured error.' }],
    variants: [
      { defect: 'low-contrast', criterion: 'contrast', description: 'Body text in dark gray (#464a52), about 1.6:1 on the background.', when: 'whole' },
      { defect: 'too-wide', criterion: 'layout', description: 'Drawn for 30 columns more than the terminal has: rows wrap and boxes lose their right edge.', when: 'whole', region: RIGHT_EDGE },
      { defect: 'leaked-escapes', criterion: 'ansi-handling', description: 'The agent panels lose the ESC of their colour sequences: [0;38;2;…m shows as text.', when: 'whole', region: { row: 5, col: 0, rows: 7, cols: COLS } },
      { defect: 'freeze', criterion: 'streaming', description: 'Nothing is drawn for 8 s from 3 s into the run.', when: [3, 11] },
      { defect: 'log-flood', criterion: 'scrolling', description: 'Debug lines scroll over the bottom of the screen, 120 a second for 4 s.', when: [2.5, 6.5], region: { row: 12, col: 0, rows: 12, cols: COLS } },
      { defect: 'uncoloured-error', criterion: 'error-visibility', description: "An agent's error in the body colour, not bold: nothing sets it apart.", when: 'whole', baseline: 'demo-agent-error-healthy' },
      { defect: 'no-final-result', criterion: 'winner-selection', description: 'The program ends at 6.5 s, before a winner is shown.', when: 'end' },
      { defect: 'flicker', criterion: 'streaming', description: 'Every paint clears the screen first and draws 150 ms later.', when: 'whole' },
      { defect: 'missing-glyphs', criterion: 'font-rendering', description: 'Status symbols drawn with private-use code points (Nerd Font icons) no bundled font has.', when: 'whole' },
      { defect: 'monochrome', criterion: 'colors', description: 'Every colour dropped: the display in the default foreground only.', when: 'whole' },
      { defect: 'slow-start', criterion: 'feedback', description: 'Nothing appears for the first 6 s.', when: [0, 6] },
      { defect: 'no-progress', criterion: 'progress', description: 'No progress bar and no spinner: status words only.', when: 'whole', region: { row: 3, col: 0, rows: 1, cols: COLS } },
    ],
  },
  {
    kind: 'tui',
    prefix: 'tui',
    profile: 'tui',
    program: 'calibration/programs/tui.mjs',
    tape: 'tapes/tui.tape',
    healthy: 'A task board on the alternate screen, driven by a tape: moves, opens a task, an unbound key (an error with a way out), the help, quits.',
    variants: [
      { defect: 'low-contrast', criterion: 'contrast', description: 'Task names and texts in dark gray (#464a52).', when: 'whole', region: { row: 2, col: 0, rows: 5, cols: COLS } },
      { defect: 'too-wide', criterion: 'layout', description: 'Drawn for 24 columns more than the terminal has: rows wrap, the box loses its right edge.', when: 'whole', region: RIGHT_EDGE },
      { defect: 'leaked-escapes', criterion: 'ansi-handling', description: 'Every colour sequence loses its ESC byte.', when: 'whole' },
      { defect: 'freeze', criterion: 'streaming', description: 'After Enter nothing is drawn or answered for 8 s.', when: [2.5, 10.5] },
      { defect: 'log-flood', criterion: 'scrolling', description: "After Enter the log pane's scroll region scrolls 150 lines a second for 4 s.", when: [2.5, 6.5], region: { row: 16, col: 0, rows: 5, cols: COLS } },
      { defect: 'uncoloured-error', criterion: 'error-visibility', description: 'The error of the unbound key in the body colour.', when: [4, 6.5], region: { row: 21, col: 0, rows: 1, cols: COLS } },
      { defect: 'flicker', criterion: 'streaming', description: 'Every repaint clears the screen and draws 150 ms later (twice a second).', when: 'whole' },
      { defect: 'missing-glyphs', criterion: 'font-rendering', description: 'Status symbols drawn with private-use code points no bundled font has.', when: 'whole', region: { row: 2, col: 0, rows: 5, cols: 6 } },
      { defect: 'no-key-hints', criterion: 'keyboard-discoverability', description: 'The bar of key hints shows only the name and version.', when: 'whole', region: { row: 23, col: 0, rows: 1, cols: COLS } },
      { defect: 'slow-keys', criterion: 'responsiveness', description: 'Every key is answered 1.5 s late.', when: [1, 12] },
      { defect: 'error-no-way-out', criterion: 'error-recovery', description: 'The error of the unbound key without its way out ("press ? to see the keys" on the row below).', when: [4, 6.5], region: { row: 21, col: 0, rows: 2, cols: COLS } },
      { defect: 'monochrome', criterion: 'colors', description: 'Every colour dropped (bold and reverse stay).', when: 'whole' },
    ],
  },
  {
    kind: 'cli',
    prefix: 'cli',
    profile: 'cli',
    program: 'calibration/programs/cli.mjs',
    healthy: 'A deploy command: two phases with progress bars, a table, an error with a way out, a warning, its result (about 6 s).',
    variants: [
      { defect: 'low-contrast', criterion: 'contrast', description: 'Body text in dark gray (#464a52).', when: 'whole' },
      // Major, not critical: the wrapped rows keep all their text, where a full-screen display loses its right edge.
      { defect: 'too-wide', criterion: 'layout', description: 'A table laid out for 120 columns: its rows wrap at 80.', when: [3, 3.5], region: RIGHT_EDGE, severity: 'major' },
      { defect: 'leaked-escapes', criterion: 'ansi-handling', description: 'Every colour sequence loses its ESC byte.', when: 'whole' },
      { defect: 'freeze', criterion: 'streaming', description: 'The upload stops for 8 s, progress bar and all.', when: [4, 12] },
      { defect: 'log-flood', criterion: 'scrolling', description: 'Debug lines scroll past, 150 a second for 4 s.', when: [4, 8] },
      { defect: 'uncoloured-error', criterion: 'error-visibility', description: 'The error line in the body colour.', when: [5, 'end'] },
      { defect: 'no-final-result', criterion: 'feedback', description: 'The command ends after the warning, without its result line.', when: 'end' },
      { defect: 'flicker', criterion: 'streaming', description: 'Every progress update clears the screen and prints everything again 120 ms later.', when: [0, 5] },
      { defect: 'missing-glyphs', criterion: 'font-rendering', description: 'The ✔ ✖ ⚠ symbols drawn with private-use code points.', when: 'whole' },
      { defect: 'error-no-way-out', criterion: 'error-recovery', description: 'The error without its "try: …" line.', when: 'end' },
      { defect: 'no-progress', criterion: 'progress', description: 'Both phases run without a progress bar: 5 s with nothing moving.', when: [0, 5] },
      { defect: 'monochrome', criterion: 'colors', description: 'Every colour dropped.', when: 'whole' },
    ],
  },
];

/** Recording is one entry to record: its id, arguments and what the manifest will say about it. */
interface Recording {
  id: string;
  plan: KindPlan;
  args: string[];
  role: CalibrationEntry['role'];
  description: string;
  variant?: Variant;
  baseline?: string;
}

/** recordings lists every entry of the set in manifest order. */
function recordings(): Recording[] {
  const list: Recording[] = [];
  for (const plan of PLANS) {
    const healthy = `${plan.prefix}-healthy`;
    list.push({ id: healthy, plan, args: [], role: 'healthy', description: plan.healthy });
    for (const repeat of [2, 3]) list.push({ id: `${healthy}-${repeat}`, plan, args: [], role: 'repeat', description: `${plan.healthy} Recorded again.`, baseline: healthy });
    for (const other of plan.otherHealthy ?? []) list.push({ id: other.id, plan, args: other.args, role: 'healthy', description: other.description });
    for (const variant of plan.variants) {
      list.push({ id: `${plan.prefix}-${variant.defect}`, plan, args: ['--defect', variant.defect, ...(variant.args ?? [])], role: 'defect', description: variant.description, variant, baseline: variant.baseline ?? healthy });
    }
  }
  return list;
}

/** castFacts reads a cast's duration and the time of its first output. */
function castFacts(path: string): { duration: number; firstOutput: number } {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(1).map((line) => JSON.parse(line) as [number, string, string]);
  const outputs = lines.filter((event) => event[1] === 'o');
  return { duration: lines.at(-1)?.[0] ?? 0, firstOutput: outputs[0]?.[0] ?? 0 };
}

/** timeRange turns a variant's `when` into seconds of the cast. */
function timeRange(when: When, facts: { duration: number; firstOutput: number }, slowStart: boolean): [number, number] {
  const round = (value: number) => Math.round(value * 10) / 10;
  if (when === 'whole') return [0, round(facts.duration)];
  if (when === 'end') return [round(Math.max(0, facts.duration - 1.5)), round(facts.duration)];
  const offset = slowStart ? 0 : facts.firstOutput;
  const end = when[1] === 'end' ? facts.duration : offset + when[1];
  return [round(offset + when[0]), round(Math.min(facts.duration, end))];
}

/** record records one entry into the work directory and copies its cast into the set. */
async function record(recording: Recording): Promise<CalibrationEntry> {
  const { plan } = recording;
  const command = ['node', plan.program, ...recording.args];
  const tape = plan.tape ? join(CALIBRATION_DIR, plan.tape) : undefined;
  const recorded = await recordCalibrationProgram({ command, tape, cols: COLS, rows: ROWS, root, env: CALIBRATION_ENV }, join(WORK_DIR, recording.id));
  const cast = join(CASTS_DIR, `${recording.id}.cast`);
  copyFileSync(recorded, cast);
  const facts = castFacts(cast);
  const variant = recording.variant;
  return {
    id: recording.id,
    kind: plan.kind,
    profile: plan.profile,
    role: recording.role,
    cast: relative(CALIBRATION_DIR, cast),
    command,
    ...(plan.tape ? { tape: plan.tape } : {}),
    cols: COLS,
    rows: ROWS,
    duration: Math.round(facts.duration * 1000) / 1000,
    description: recording.description,
    ...(variant
      ? {
          defect: variant.defect,
          criterion: variant.criterion,
          time: timeRange(variant.when, facts, variant.defect === 'slow-start'),
          ...(variant.region ? { region: variant.region } : {}),
          severity: variant.severity ?? (CRITICAL_DEFECTS.has(variant.defect) ? ('critical' as const) : ('major' as const)),
        }
      : {}),
    ...(recording.baseline ? { baseline: recording.baseline } : {}),
  };
}

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const only = values.only ? new Set(values.only.split(',')) : undefined;
mkdirSync(CASTS_DIR, { recursive: true });
mkdirSync(WORK_DIR, { recursive: true });
const previous: CalibrationManifest | undefined = existsSync(MANIFEST_PATH) ? (JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as CalibrationManifest) : undefined;
const entries: CalibrationEntry[] = [];
for (const recording of recordings()) {
  const kept = previous?.entries.find((entry) => entry.id === recording.id);
  if (only && !only.has(recording.id) && kept) {
    entries.push(kept);
    continue;
  }
  process.stderr.write(`recording ${recording.id}\n`);
  entries.push(await record(recording));
}
const manifest: CalibrationManifest = { version: 1, recordedWith: { script: 'scripts/record-calibration.ts', env: { ...CALIBRATION_ENV } }, entries };
checkCalibrationManifest(manifest, MANIFEST_PATH);
writeFileSync(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`);
process.stderr.write(`wrote ${MANIFEST_PATH} (${entries.length} entries)\n`);
