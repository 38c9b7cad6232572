/**
 * The calibrate stage: how far a judge can be trusted. It runs the judge (heuristic or any OpenAI-compatible
 * vision model) over the calibration set (calibration/manifest.json: healthy recordings, repeats of them,
 * and recordings with one injected defect each), each recording through the same evaluate stage a scenario
 * runs (sample → evaluate → score, in a run directory of its own under `out`), then decides with compare's
 * gate (assessment.ts, pure) which defects were caught with the right criterion and which healthy runs
 * raised a false alarm. With `recordRepeats` it first records each healthy program of the selection again
 * (from the manifest's command and tape, on a machine kept busy if asked), so that false alarms are counted
 * on fresh recordings too, not only on the shipped ones. It writes calibration.json and calibration.html;
 * the CLI prints the table and exits 5 when recall is below the minimum, a critical defect is hidden in the
 * overall, or there is a false alarm. compareRequestModes calibrates the vision judge both ways of asking
 * (`requests`) and says how far their scores agree.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import PQueue from 'p-queue';
import { ConfigError } from '../errors.js';
import { REQUEST_MODES, resolveJudgeSettings, type JudgeSettings } from '../evaluate/judge-settings.js';
import { writeFileAtomic, writeJsonFile } from '../files.js';
import { CAST_FILE_NAME } from '../run-files.js';
import { runScenario } from '../scenario/index.js';
import type { Scorecard } from '../score/types.js';
import { assessDefect, assessFalseAlarm, DEFAULT_MIN_RECALL, summarizeJudge, type CalibrationDocument, type DefectResult, type FalseAlarmResult, type JudgeSummary } from './assessment.js';
import { renderCalibrationHtml } from './calibration-html.js';
import { programOf, recordCalibrationProgram } from './calibration-recording.js';
import { startCpuLoad } from './cpu-load.js';
import { DEFAULT_CALIBRATION_DIR, loadCalibrationSet, type CalibrationEntry, type LoadedCalibrationSet } from './manifest.js';
import { requestAgreement, type RequestComparisonDocument } from './request-agreement.js';

export { DEFAULT_MIN_RECALL } from './assessment.js';
export { DEFAULT_CALIBRATION_DIR, loadCalibrationSet } from './manifest.js';
export type { CalibrationDocument, DefectResult, FalseAlarmResult, JudgeSummary } from './assessment.js';
export { agreementLines, type RequestAgreement, type RequestComparisonDocument } from './request-agreement.js';

/** CALIBRATION_FILE_NAME and CALIBRATION_HTML_NAME are the files calibrate writes. */
export const CALIBRATION_FILE_NAME = 'calibration.json';
export const CALIBRATION_HTML_NAME = 'calibration.html';

/** CalibrateOptions configures calibrate(). */
export interface CalibrateOptions {
  /** The judge: `heuristic` or `openai` with its model, base URL, price… (the profile comes from each entry). @default { judge: 'heuristic' } */
  judge?: Omit<JudgeSettings, 'profile' | 'prompts' | 'criteria'>;
  /** Where run directories, calibration.json and calibration.html go. */
  out: string;
  /** The calibration set's directory. @default the set shipped with termaudit */
  setDir?: string;
  /** How many times each healthy recording is evaluated (each later one is compared with the first). @default 1 */
  repeats?: number;
  /**
   * Record each healthy program of the selection this many more times (its manifest command and tape, in
   * `<out>/runs/<id>-recorded-<n>/`, the programs of one round side by side) and compare each recording
   * with the healthy cast of the set: every one that compare fails is a false alarm. @default 0
   */
  recordRepeats?: number;
  /**
   * Busy-loop processes kept running while those recordings are made (`--busy`: one per core), as on a
   * loaded CI runner: programs start late, timers fire late, keys are answered late. The recordings are
   * then named `<id>-busy-<n>`. Needs recordRepeats. @default 0
   */
  busyProcesses?: number;
  /** The recall a judge must reach. @default 0.9 */
  minRecall?: number;
  /** Only these entry ids (and the healthy baselines they need). @default every entry */
  only?: readonly string[];
  /** Evaluations run at once. @default 2 */
  concurrency?: number;
  signal?: AbortSignal;
  /** Hears each evaluation start (for progress). */
  onEvaluation?: (run: string, done: number, total: number) => void;
  /** Hears each recording start (for progress). */
  onRecording?: (run: string, done: number, total: number) => void;
  /** Hears warnings of the evaluations (once each). */
  onWarning?: (message: string) => void;
}


/** CalibrateResult is what calibrate wrote, and the scorecards it was made of (by run name: `cli-healthy`, `cli-healthy#2`). */
export interface CalibrateResult {
  path: string;
  htmlPath: string;
  document: CalibrationDocument;
  scorecards: ReadonlyMap<string, Scorecard>;
}

/** EvaluationRun is one evaluation to do: an entry's cast evaluated for the `index`-th time, or a new recording of it. */
interface EvaluationRun {
  name: string;
  entry: CalibrationEntry;
  index: number;
  /** The run directory already holds a new recording of the entry's program (recordRepeats). */
  recorded?: boolean;
}

/** runDirOf is where a run's cast, evaluation and scorecard go. */
const runDirOf = (out: string, run: string) => join(out, 'runs', run.replace('#', '-run-'));

/**
 * recordHealthyRepeats records every healthy entry `repeats` more times, the entries of one round side by
 * side and the rounds one after another, with `busyProcesses` busy loops running meanwhile; it returns the
 * runs to evaluate.
 */
async function recordHealthyRepeats(set: LoadedCalibrationSet, entries: readonly CalibrationEntry[], out: string, options: CalibrateOptions): Promise<EvaluationRun[]> {
  const repeats = options.recordRepeats ?? 0;
  const busy = options.busyProcesses ?? 0;
  const healthy = entries.filter((entry) => entry.role === 'healthy');
  const runs: EvaluationRun[] = [];
  if (repeats === 0 || healthy.length === 0) return runs;
  const env = set.manifest.recordedWith.env;
  const load = busy > 0 ? startCpuLoad(busy) : undefined;
  let started = 0;
  try {
    for (let round = 1; round <= repeats; round++) {
      const batch = healthy.map((entry): EvaluationRun => ({ name: `${entry.id}-${busy > 0 ? 'busy' : 'recorded'}-${round}`, entry, index: round, recorded: true }));
      await Promise.all(
        batch.map((run) => {
          options.onRecording?.(run.name, ++started, repeats * healthy.length);
          return recordCalibrationProgram(programOf(run.entry, set.dir, env), runDirOf(out, run.name), options.signal);
        }),
      );
      runs.push(...batch);
    }
  } finally {
    await load?.stop();
  }
  return runs;
}

/** selectEntries keeps the entries asked for and the baselines they need, in manifest order (pure). */
export function selectEntries(entries: readonly CalibrationEntry[], only: readonly string[] | undefined): CalibrationEntry[] {
  if (!only) return [...entries];
  const unknown = only.filter((id) => !entries.some((entry) => entry.id === id));
  if (unknown.length > 0) throw new ConfigError(`--only: no calibration entry "${unknown[0]}" (entries: ${entries.map((entry) => entry.id).join(', ')})`);
  const wanted = new Set(only);
  for (const entry of entries) if (wanted.has(entry.id) && entry.baseline) wanted.add(entry.baseline);
  return entries.filter((entry) => wanted.has(entry.id));
}

/** calibrate runs the judge over the calibration set and writes calibration.json and calibration.html. */
export async function calibrate(options: CalibrateOptions): Promise<CalibrateResult> {
  const set = await loadCalibrationSet(options.setDir ?? DEFAULT_CALIBRATION_DIR);
  const entries = selectEntries(set.manifest.entries, options.only);
  const repeats = options.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1) throw new ConfigError(`--repeats: expected a whole number ≥ 1, got ${repeats}`);
  const recordRepeats = options.recordRepeats ?? 0;
  if (!Number.isInteger(recordRepeats) || recordRepeats < 0) throw new ConfigError(`--record-repeats: expected a whole number ≥ 0, got ${recordRepeats}`);
  if ((options.busyProcesses ?? 0) > 0 && recordRepeats === 0) throw new ConfigError('--busy: only new recordings can be made on a busy machine; give --record-repeats k as well');
  const out = resolve(options.out);
  const judge = { judge: 'heuristic' as const, ...options.judge };
  // A judge that cannot run (no API key, a cost cap without a price) is refused once, before anything is recorded or evaluated.
  resolveJudgeSettings([judge]);

  const runs: EvaluationRun[] = [];
  for (const entry of entries) {
    const times = entry.role === 'healthy' ? repeats : 1;
    for (let index = 0; index < times; index++) runs.push({ name: index === 0 ? entry.id : `${entry.id}#${index + 1}`, entry, index });
  }
  // Recorded before anything is evaluated: the busy loops stop with the recordings, and evaluations do not load the machine meanwhile.
  runs.push(...(await recordHealthyRepeats(set, entries, out, options)));
  const scorecards = new Map<string, Scorecard>();
  const warnings = new Set<string>();
  let started = 0;
  const queue = new PQueue({ concurrency: options.concurrency ?? 2 });
  await Promise.all(
    runs.map((run) =>
      queue.add(async () => {
        options.onEvaluation?.(run.name, ++started, runs.length);
        const dir = runDirOf(out, run.name);
        if (!run.recorded) {
          await mkdir(dir, { recursive: true });
          await copyFile(set.castOf(run.entry), join(dir, CAST_FILE_NAME));
        }
        // A repeat asks the judge again: an answer from the response cache would repeat the first one.
        const settings = { ...judge, profile: run.entry.profile, ...(run.index > 0 && !run.recorded ? { cache: false } : {}) };
        const outcome = await runScenario(
          { stages: ['evaluate'], dir, evaluate: { input: dir, judge: settings }, signal: options.signal },
          {
            onWarning: (message) => {
              if (!warnings.has(message)) options.onWarning?.(message);
              warnings.add(message);
            },
          },
        );
        if (outcome.failure) {
          // The first failure ends the calibration: the evaluations not yet started are not started.
          queue.clear();
          throw outcome.failure;
        }
        scorecards.set(run.name, outcome.scorecard!.scorecard);
      }),
    ),
  );

  const defects: DefectResult[] = [];
  const healthy: FalseAlarmResult[] = [];
  for (const run of runs) {
    const entry = run.entry;
    const scorecard = scorecards.get(run.name)!;
    if (entry.role === 'defect') defects.push(assessDefect(entry, scorecards.get(entry.baseline!)!, scorecard));
    else if (entry.role === 'repeat') healthy.push(assessFalseAlarm(run.name, entry.baseline!, scorecards.get(entry.baseline!)!, scorecard));
    else if (run.index > 0 || run.recorded) healthy.push(assessFalseAlarm(run.name, entry.id, scorecards.get(entry.id)!, scorecard));
  }
  const first = scorecards.values().next().value!;
  const costUsd = [...scorecards.values()].reduce((total, scorecard) => total + scorecard.judge.costUsd, 0);
  const summary = summarizeJudge({ name: first.judge.name, model: first.judge.model }, defects, healthy, costUsd, options.minRecall ?? DEFAULT_MIN_RECALL);
  const document: CalibrationDocument = { version: 1, createdAt: new Date().toISOString(), set: set.dir, summary, defects, healthy };
  const path = join(out, CALIBRATION_FILE_NAME);
  const htmlPath = join(out, CALIBRATION_HTML_NAME);
  await writeJsonFile(path, document);
  await writeFileAtomic(htmlPath, renderCalibrationHtml(document));
  return { path, htmlPath, document, scorecards };
}

/** REQUESTS_AGREEMENT_FILE_NAME is the file `calibrate --compare-requests` writes beside the two calibrations. */
export const REQUESTS_AGREEMENT_FILE_NAME = 'requests-agreement.json';

/** RequestComparisonResult is what compareRequestModes wrote: each way's calibration and the agreement file. */
export interface RequestComparisonResult {
  path: string;
  document: RequestComparisonDocument;
  calibrations: CalibrateResult[];
}

/**
 * compareRequestModes calibrates the judge twice, asking the prompts one request each (into
 * `<out>/per-prompt/`) and all in one request (`<out>/combined/`), then measures how far the two ways'
 * scores agree on the same recordings (request-agreement.ts) and writes requests-agreement.json into
 * `out`. Each calibration is decided on its own, as calibrate decides one.
 */
export async function compareRequestModes(options: CalibrateOptions): Promise<RequestComparisonResult> {
  const calibrations: CalibrateResult[] = [];
  for (const requests of REQUEST_MODES) {
    calibrations.push(await calibrate({ ...options, judge: { ...options.judge, requests }, out: join(options.out, requests) }));
  }
  const document: RequestComparisonDocument = {
    version: 1,
    createdAt: new Date().toISOString(),
    modes: calibrations.map((result, index) => ({ requests: REQUEST_MODES[index], summary: result.document.summary, calibration: result.path })),
    agreement: requestAgreement(calibrations[0].scorecards, calibrations[1].scorecards),
  };
  const path = join(resolve(options.out), REQUESTS_AGREEMENT_FILE_NAME);
  await writeJsonFile(path, document);
  return { path, document, calibrations };
}
