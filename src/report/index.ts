/**
 * The report stage: turns a scorecard (and, when a compare.json sits beside it, the comparison with a
 * baseline) into report.html (self-contained), scorecard.md (for pull requests) and junit.xml (for CI),
 * and turns many runs of one scenario into history.html. The renderers are pure functions over loaded
 * data; `report` and `historyReport` are the thin layer that reads files and writes the outputs.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { COMPARE_FILE_NAME, type Comparison } from '../compare/types.js';
import { ConfigError, reasonOf } from '../errors.js';
import { loadScorecard, validateScorecard } from '../score/index.js';
import { SCORECARD_FILE_NAME } from '../score/types.js';
import { renderHistoryHtml } from './history-html.js';
import { renderHtmlReport } from './html-report.js';
import { renderJunitReport } from './junit-report.js';
import { renderMarkdownReport } from './markdown-report.js';
import { loadComparisonImages, loadFrameImages, loadReportFigures, readComparison } from './report-assets.js';
import type { ReportGate } from './report-plan.js';
import { loadTimeline } from './timeline.js';
import { reportFileNames, reportFormats, type HistoryRun, type ReportFormat, type ReportInput } from './report-input.js';
import { BASELINE_DIR_NAME, EVALUATION_FILE_NAME, isRunSummaryDocument, JUDGES_DIR_NAME, RESCORED_BASELINE_DIR_NAME, VIDEO_FILE_NAME } from '../run-files.js';
import { readInputJson, writeFileAtomic } from '../files.js';

export { renderHtmlReport, markQuotes } from './html-report.js';
export { renderMarkdownReport, scoreBar } from './markdown-report.js';
export { renderJunitReport } from './junit-report.js';
export { renderHistoryHtml, planHistoryChart } from './history-html.js';
export { escapeMarkdown } from './markup.js';
export { reportVerdict, orderCriteria, flaggedCriteria, beforeAfterPlans, issueFocus, topIssues, type ReportGate, type ReportVerdict, type VerdictStatus, type FlaggedCriterion } from './report-plan.js';
export { locateQuote, placeEvidence } from '../evaluate/evidence-cells.js';
export { THUMBNAIL_WIDTH } from './report-assets.js';
export * from './report-input.js';
export { computeTimeline, loadTimeline, timelineOfCast, TimelineFold, type Timeline, type TimelineFrame, type TimelineInput, type TimelineMark, type TimelineSpan, type TimelineState } from './timeline.js';
export { renderTimelineSvg, renderTimelineMarkdown, timelineStyles } from './timeline-svg.js';


/** REPORT_FIGURES_DIR_NAME is the directory beside scorecard.md that holds its marked-up crops (replaced whole by each report). */
export const REPORT_FIGURES_DIR_NAME = 'report-figures';

/** HISTORY_FILE_NAME is the trend report's file name. */
export const HISTORY_FILE_NAME = 'history.html';

/** HISTORY_MAX_DEPTH is how deep `historyReport` looks for scorecards below its directory. */
export const HISTORY_MAX_DEPTH = 6;

/** ReportOptions controls which reports are written and where. */
export interface ReportOptions {
  /** Formats to write. @default ['html', 'md', 'junit'] */
  formats?: readonly ReportFormat[];
  /** Output directory. @default the scorecard's directory */
  out?: string;
  /** Criteria below this score fail in junit.xml and are flagged. @default none: no criterion fails */
  minScore?: number;
  /**
   * The quality gate the scenario ran under (a pipeline passes its gate's failures and minimums, and whether
   * the scenario is a canary), for the verdict at the top. @default the minimum score alone, when given
   */
  gate?: ReportGate;
  /** Receives each warning (a missing frame image, an unreadable scorecard in a history). */
  onWarning?: (message: string) => void;
}

/** ReportResult lists what was written. */
export interface ReportResult {
  scorecardPath: string;
  /** compare.json, when one was found beside the scorecard and shown. */
  comparisonPath?: string;
  outputs: Partial<Record<ReportFormat, string>>;
  warnings: string[];
}

/** parseReportFormats parses `--format html,md,junit` (comma-separated); throws ConfigError naming an unknown format. */
export function parseReportFormats(list: string): ReportFormat[] {
  const formats = list
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  const unknown = formats.find((format) => !reportFormats.includes(format as ReportFormat));
  if (formats.length === 0 || unknown !== undefined) {
    throw new ConfigError(`--format: unknown report format "${unknown ?? list}" (choose from ${reportFormats.join(', ')})`);
  }
  return [...new Set(formats)] as ReportFormat[];
}

/** directoryHref gives directory `to` relative to directory `from` as a URL path: `''` when the same, else ending with `/`. */
function directoryHref(from: string, to: string): string {
  const path = relative(from, to).split(sep).join('/');
  return path === '' ? '' : `${path}/`;
}

/**
 * report writes the reports of one scorecard: `input` is a run directory or a scorecard.json. A
 * compare.json beside the scorecard adds the comparison; a recording.mp4 beside it is linked from the HTML.
 * Throws ConfigError for a missing or invalid scorecard or compare.json, or an unknown format.
 */
export async function report(input: string, options: ReportOptions = {}): Promise<ReportResult> {
  const formats = options.formats ?? reportFormats;
  const unknown = formats.find((format) => !reportFormats.includes(format));
  if (unknown !== undefined) throw new ConfigError(`formats: unknown report format "${unknown}" (choose from ${reportFormats.join(', ')})`);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.onWarning?.(message);
  };
  const { path: scorecardPath, scorecard } = await loadScorecard(input);
  const scorecardDir = dirname(scorecardPath);
  const outDir = resolve(options.out ?? scorecardDir);
  const comparePath = join(scorecardDir, COMPARE_FILE_NAME);
  const comparison: Comparison | undefined = await readComparison(comparePath);
  const videoPath = join(scorecardDir, VIDEO_FILE_NAME);

  // The baseline's own scorecard, for its evidence frames in the before-and-after views.
  const baselinePath = comparison?.baseline.rescored?.path ?? comparison?.baseline.path;
  const baseline = baselinePath ? await loadScorecard(baselinePath).catch((error: unknown) => void warn(`baseline ${baselinePath}: ${reasonOf(error)}; the report shows no baseline frames`)) : undefined;
  const html = formats.includes('html');
  const figures = html || formats.includes('md')
    ? await loadReportFigures(
        { scorecard, dir: scorecardDir },
        baseline ? { scorecard: baseline.scorecard, dir: dirname(baseline.path) } : undefined,
        comparison,
        { dataUrls: html, ...(formats.includes('md') ? { files: { dir: join(outDir, REPORT_FIGURES_DIR_NAME), relativeTo: outDir } } : {}) },
      )
    : undefined;
  const frameImages = html ? await loadFrameImages(scorecard, scorecardDir, warn) : {};
  const hasVideo = existsSync(videoPath);
  const timeline = html || formats.includes('md') ? await loadTimeline(scorecard, scorecardDir, { onWarning: warn }) : undefined;
  const poster = hasVideo ? frameImages[scorecard.frames.at(-1)?.number ?? -1]?.full : undefined;

  const reportInput: ReportInput = {
    scorecard,
    frameImages,
    scorecardHref: directoryHref(outDir, scorecardDir),
    videoHref: hasVideo ? directoryHref(outDir, scorecardDir) + VIDEO_FILE_NAME : undefined,
    comparison: comparison && {
      comparison,
      images: html ? await loadComparisonImages(comparison, comparePath, warn) : {},
      href: directoryHref(outDir, dirname(comparePath)),
    },
    minScore: options.minScore,
    ...(options.gate ? { gate: options.gate } : {}),
    ...(figures ? { figures } : {}),
    ...(timeline ? { timeline } : {}),
    ...(poster ? { videoPoster: poster } : {}),
  };
  const renderers = {
    html: () => renderHtmlReport(reportInput),
    md: () => renderMarkdownReport(reportInput),
    junit: () => renderJunitReport({ scorecard, comparison, minScore: options.minScore }),
  } satisfies Record<ReportFormat, () => string>;

  await mkdir(outDir, { recursive: true });
  const outputs: ReportResult['outputs'] = {};
  for (const format of reportFormats.filter((candidate) => formats.includes(candidate))) {
    const path = join(outDir, reportFileNames[format]);
    await writeFileAtomic(path, renderers[format]());
    outputs[format] = path;
  }
  return { scorecardPath, comparisonPath: comparison ? comparePath : undefined, outputs, warnings };
}

/** HistoryOptions controls where history.html is written. */
export interface HistoryOptions {
  /** Output directory. @default the searched directory */
  out?: string;
  /** How many directory levels below `dir` are searched. @default 6 */
  maxDepth?: number;
  /** Receives each warning (an unreadable scorecard, skipped). */
  onWarning?: (message: string) => void;
}

/** HistoryResult is history.html's path and the runs it shows, in time order. */
export interface HistoryResult {
  path: string;
  runs: HistoryRun[];
  warnings: string[];
}

/**
 * findScorecards lists every scorecard.json below `dir` (at most `maxDepth` levels; hidden directories and
 * node_modules skipped), sorted by path. Copies of a baseline are not runs and are skipped: a pipeline's
 * `baseline/` (a directory of that name without a scorecard.json of its own, so a scenario named
 * `baseline` still counts), compare's `rescored-baseline/` (beside a compare.json) and the results of other
 * judges kept in `judges/` (beside an evaluation.json). A run directory's
 * own scorecard.json (the run summary) is listed: tell it apart by content (isRunSummaryDocument).
 */
export async function findScorecards(dir: string, maxDepth = HISTORY_MAX_DEPTH): Promise<string[]> {
  const found: string[] = [];
  const visit = async (directory: string, depth: number): Promise<void> => {
    const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
    const names = new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
    for (const entry of entries) {
      if (entry.isFile() && entry.name === SCORECARD_FILE_NAME) found.push(join(directory, entry.name));
      else if (entry.isDirectory() && depth < maxDepth && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        const path = join(directory, entry.name);
        if (entry.name === RESCORED_BASELINE_DIR_NAME && names.has(COMPARE_FILE_NAME)) continue;
        if (entry.name === BASELINE_DIR_NAME && !existsSync(join(path, SCORECARD_FILE_NAME))) continue;
        // Other judges' results of a run (judges/<judge>/, beside the run's evaluation.json) are not runs of their own.
        if (entry.name === JUDGES_DIR_NAME && names.has(EVALUATION_FILE_NAME)) continue;
        await visit(path, depth + 1);
      }
    }
  };
  await visit(dir, 0);
  return found.sort();
}

/**
 * historyReport writes history.html for every scenario scorecard below `dir` (see findScorecards),
 * ordered by when each run was recorded (run.recordedAt, else the scorecard's createdAt). A pipeline run's
 * summary (also named scorecard.json) is skipped silently; an unreadable or invalid scenario scorecard is
 * skipped with a warning. Throws ConfigError when `dir` is not a directory or holds no readable scorecard.
 */
export async function historyReport(dir: string, options: HistoryOptions = {}): Promise<HistoryResult> {
  const root = resolve(dir);
  if (!(await readdir(root).then(() => true, () => false))) throw new ConfigError(`--history: ${dir} is not a readable directory`);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.onWarning?.(message);
  };
  const outDir = resolve(options.out ?? root);
  const paths = await findScorecards(root, options.maxDepth ?? HISTORY_MAX_DEPTH);
  const runs: HistoryRun[] = [];
  for (const path of paths) {
    try {
      const value = await readInputJson(path, { what: 'the scorecard', missing: 'no such file' });
      if (isRunSummaryDocument(value)) continue;
      const scorecard = validateScorecard(value, path);
      const runDir = dirname(path);
      const reportPath = join(runDir, reportFileNames.html);
      runs.push({
        scorecard,
        at: scorecard.run.recordedAt ?? scorecard.createdAt,
        dir: relative(root, runDir).split(sep).join('/'),
        reportHref: existsSync(reportPath) ? relative(outDir, reportPath).split(sep).join('/') : undefined,
      });
    } catch (error) {
      warn(`skipped ${path}: ${reasonOf(error)}`);
    }
  }
  if (runs.length === 0) {
    throw new ConfigError(`--history: no readable ${SCORECARD_FILE_NAME} under ${dir} (searched ${options.maxDepth ?? HISTORY_MAX_DEPTH} levels deep)`);
  }
  runs.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.dir.localeCompare(b.dir));
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, HISTORY_FILE_NAME);
  await writeFileAtomic(path, renderHistoryHtml({ runs, title: root.split(sep).filter(Boolean).at(-1) ?? root }));
  return { path, runs, warnings };
}
