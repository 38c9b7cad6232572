/**
 * The run summary: what one run of a pipeline (or the merge of its shards) concluded, written into the run
 * directory beside the scenario directories. `summarizeRun` is the pure part (the run's exit code, the mean
 * score, the counts); `writeRunSummary` writes `scorecard.json` (a RunSummary, schemas/run-summary.schema.json),
 * a self-contained `report.html` and a `junit.xml` with one test suite per scenario; `updateLatestLink`
 * points `<pipeline dir>/latest` at the newest run.
 *
 * The run's exit code is the worst scenario exit code, by this precedence (most important first):
 *   4 interrupted > 3 timeout > 2 gate closed or stage failed > 1 configuration > 5 quality gate failed > 0.
 * An interruption wins because the run itself did not finish, so nothing else it says is final; then come
 * problems that stopped a scenario from being measured at all (a time limit, a closed gate, a failed stage,
 * a bad setting), since a missing measurement hides whether the quality would have passed; a quality gate
 * failure (a scenario that ran and scored too low) ranks below them, and 0 only when every scenario passed.
 */
import { readFile, rename, rm, symlink, lstat, mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Comparison } from '../compare/types.js';
import { ConfigError, ExitCode } from '../errors.js';
import { readInputJson, writeFileAtomic, writeJsonFile } from '../files.js';
import { makeThumbnail, pngDataUrl, readComparison } from '../report/report-assets.js';
import { reportFileNames } from '../report/report-input.js';
import { isRunSummaryDocument, RUN_SUMMARY_KIND } from '../run-files.js';
import { loadScorecard } from '../score/index.js';
import { SCORECARD_FILE_NAME, type Scorecard } from '../score/types.js';
import type { Shard } from './shard.js';
import { renderRunHtml, type RunReportInput, type ScenarioDetails } from './summary-html.js';
import { renderRunJunit } from './summary-junit.js';
import { validateRunSummary } from './summary-schema.js';
import { isAllowedMissing, RUN_SUMMARY_FILE_NAME, type RunSummary, type ScenarioResult } from './types.js';

export { renderRunHtml, type RunReportInput, type ScenarioDetails, type ScenarioThumbnail } from './summary-html.js';
export { renderRunJunit } from './summary-junit.js';
export { formatRunTable } from './summary-table.js';
export { validateRunSummary, RUN_SUMMARY_SCHEMA_URL } from './summary-schema.js';

/** EXIT_CODE_PRECEDENCE lists the exit codes from the one that wins to the one that loses (see the file comment). */
export const EXIT_CODE_PRECEDENCE: readonly number[] = [
  ExitCode.interrupted,
  ExitCode.timeout,
  ExitCode.execution,
  ExitCode.config,
  ExitCode.qualityGate,
  ExitCode.success,
];

/** LATEST_LINK_NAME is the symbolic link in the pipeline directory that points at the newest run. */
export const LATEST_LINK_NAME = 'latest';

/** SUMMARY_THUMBNAIL_WIDTH is the width of the first/last frame thumbnails in the run report (small: one row per scenario). */
export const SUMMARY_THUMBNAIL_WIDTH = 160;

/** worstExitCode returns the exit code that wins by EXIT_CODE_PRECEDENCE (an unknown code ranks with 2); 0 for none. */
export function worstExitCode(codes: readonly number[]): number {
  const rank = (code: number) => {
    const position = EXIT_CODE_PRECEDENCE.indexOf(code);
    return position >= 0 ? position : EXIT_CODE_PRECEDENCE.indexOf(ExitCode.execution) + 0.5;
  };
  return codes.reduce((worst, code) => (rank(code) < rank(worst) ? code : worst), ExitCode.success as number);
}

/** SummarizeRunInput is everything a run summary is made of. */
export interface SummarizeRunInput {
  config: { name: string; path: string; sha256: string };
  runId: string;
  createdAt: string;
  finishedAt?: string;
  shards?: Shard[];
  scenarios: ScenarioResult[];
  /** False when the run was interrupted, some scenarios did not run, or shards are missing. */
  complete: boolean;
}

/** isUncounted tells whether a scenario is neither passed nor failed: it never started, or it is missing from a merge that allowed it. */
export function isUncounted(scenario: ScenarioResult): boolean {
  return scenario.status === 'not-run' || isAllowedMissing(scenario);
}

/**
 * summarizeRun builds the run summary (a pure function): the exit code is the worst of the scenarios'
 * (see EXIT_CODE_PRECEDENCE), the overall score is the mean of the evaluated scenarios' overall scores
 * (one decimal, null when none was evaluated), `passed` counts passed scenarios and `failed` those that
 * did not pass, missing ones included (see isUncounted for those in neither). Scenarios keep their order.
 */
export function summarizeRun(input: SummarizeRunInput): RunSummary {
  const scores = input.scenarios.map((scenario) => scenario.overall).filter((score): score is number => typeof score === 'number');
  const passed = input.scenarios.filter((scenario) => scenario.status === 'passed').length;
  const notRun = input.scenarios.filter(isUncounted).length;
  const summary: RunSummary = {
    version: 1,
    kind: RUN_SUMMARY_KIND,
    pipeline: { name: input.config.name, path: input.config.path, sha256: input.config.sha256 },
    runId: input.runId,
    createdAt: input.createdAt,
    ...(input.finishedAt !== undefined ? { finishedAt: input.finishedAt } : {}),
    ...(input.shards !== undefined ? { shards: input.shards.map((shard) => ({ index: shard.index, count: shard.count })) } : {}),
    complete: input.complete,
    exitCode: worstExitCode(input.scenarios.map((scenario) => scenario.exitCode)),
    scenarios: input.scenarios,
    overall: {
      score: scores.length === 0 ? null : Math.round((scores.reduce((sum, score) => sum + score, 0) / scores.length) * 10) / 10,
      passed,
      failed: input.scenarios.length - passed - notRun,
    },
  };
  return summary;
}

/** RunSummaryFiles are the paths writeRunSummary wrote. */
export interface RunSummaryFiles {
  scorecard: string;
  html: string;
  junit: string;
}

/** firstAndLastThumbnails downscales a scenario's first and last sampled frames; a missing PNG is left out. */
async function firstAndLastThumbnails(scorecard: Scorecard, scenarioDir: string): Promise<ScenarioDetails['thumbnails']> {
  const frames = scorecard.frames.length > 1 ? [scorecard.frames[0]!, scorecard.frames.at(-1)!] : scorecard.frames;
  const thumbnails: ScenarioDetails['thumbnails'] = [];
  for (const frame of frames) {
    const png = await readFile(resolve(scenarioDir, frame.file)).catch(() => undefined);
    const small = png && (await makeThumbnail(png, SUMMARY_THUMBNAIL_WIDTH).catch(() => undefined));
    if (small) thumbnails.push({ number: frame.number, time: frame.time, src: pngDataUrl(small) });
  }
  return thumbnails;
}

/**
 * loadScenarioDetails reads what the run report shows of each scenario beyond the summary: its
 * scorecard (criterion titles, frames), its compare.json and first/last frame thumbnails. A scenario
 * without a readable scorecard (not evaluated, failed) is shown from the summary alone.
 */
async function loadScenarioDetails(runDir: string, summary: RunSummary): Promise<Record<string, ScenarioDetails>> {
  const details: Record<string, ScenarioDetails> = {};
  for (const scenario of summary.scenarios) {
    const scenarioDir = resolve(runDir, scenario.dir);
    const scorecardPath = resolve(runDir, scenario.scorecard ?? join(scenario.dir, SCORECARD_FILE_NAME));
    const scorecard = await loadScorecard(scorecardPath).then(
      (loaded) => loaded.scorecard,
      () => undefined,
    );
    const comparison: Comparison | undefined = await readComparison(join(scenarioDir, 'compare.json')).catch(() => undefined);
    details[scenario.name] = { scorecard, comparison, thumbnails: scorecard ? await firstAndLastThumbnails(scorecard, scenarioDir) : [] };
  }
  return details;
}

/**
 * writeRunSummary writes the run's `scorecard.json` (the summary, validated first: a summary that breaks
 * its schema is a bug here), `report.html` (self-contained) and `junit.xml` into `runDir`, reading each
 * scenario's scorecard.json and compare.json for the details.
 */
export async function writeRunSummary(runDir: string, summary: RunSummary): Promise<RunSummaryFiles> {
  validateRunSummary(summary, RUN_SUMMARY_FILE_NAME);
  await mkdir(runDir, { recursive: true });
  const scenarios = await loadScenarioDetails(runDir, summary);
  const input: RunReportInput = { summary, scenarios };
  const files: RunSummaryFiles = {
    scorecard: join(runDir, RUN_SUMMARY_FILE_NAME),
    html: join(runDir, reportFileNames.html),
    junit: join(runDir, reportFileNames.junit),
  };
  await writeJsonFile(files.scorecard, summary);
  await writeFileAtomic(files.html, renderRunHtml(input));
  await writeFileAtomic(files.junit, renderRunJunit(input));
  return files;
}

/** readRunSummary reads and validates `<runDir>/scorecard.json` as a run summary; missing or invalid → ConfigError. */
export async function readRunSummary(runDir: string): Promise<RunSummary> {
  const path = join(resolve(runDir), RUN_SUMMARY_FILE_NAME);
  const value = await readInputJson(path, { what: 'the run summary', missing: 'no run summary here; give the directory of a pipeline run (termaudit run writes it)' });
  if (typeof value === 'object' && value !== null && !isRunSummaryDocument(value)) {
    throw new ConfigError(`${path}: not a pipeline run summary (kind "${RUN_SUMMARY_KIND}"); is this a scenario's directory? Give the run directory above it`);
  }
  return validateRunSummary(value, path);
}

/**
 * updateLatestLink points `<pipelineDir>/latest` at `runDir` with a relative target (so the tree can be
 * moved or archived), replacing an existing link atomically: a new link is made beside it and renamed
 * over it, so a reader never finds `latest` missing. Throws ConfigError when `latest` is not a link.
 */
export async function updateLatestLink(pipelineDir: string, runDir: string): Promise<void> {
  const link = join(pipelineDir, LATEST_LINK_NAME);
  const existing = await lstat(link).catch(() => undefined);
  if (existing && !existing.isSymbolicLink()) {
    throw new ConfigError(`${link} exists and is not a symbolic link; remove it so termaudit can point it at the newest run`);
  }
  const temporary = join(pipelineDir, `.${LATEST_LINK_NAME}.${process.pid}.${Date.now()}.tmp`);
  await symlink(relative(resolve(pipelineDir), resolve(runDir)) || '.', temporary, 'dir');
  try {
    await rename(temporary, link);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
