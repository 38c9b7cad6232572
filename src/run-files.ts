/**
 * The names of the files a run directory holds, in one place. Each stage writes its own and reads the ones
 * before it by these names; this module imports nothing, so reading a name never loads a stage.
 */

/** CAST_FILE_NAME is the recording: the asciicast every later stage works from. */
export const CAST_FILE_NAME = 'session.cast';
/** META_FILE_NAME describes the run: what was recorded and how it was rendered. */
export const META_FILE_NAME = 'meta.json';
/** SCREEN_TEXT_FILE_NAME is the final screen as text, written by render. */
export const SCREEN_TEXT_FILE_NAME = 'screen.txt';
/** VIDEO_BASE_NAME names the rendered outputs (`recording.mp4`, `recording.gif`, …). */
export const VIDEO_BASE_NAME = 'recording';
/** VIDEO_FILE_NAME is the run's MP4, linked from report.html when it sits beside the scorecard. */
export const VIDEO_FILE_NAME = `${VIDEO_BASE_NAME}.mp4`;
/** SAMPLE_DIR_NAME is where the sample stage writes a run's frames (`sample/frames/NN.png`). */
export const SAMPLE_DIR_NAME = 'sample';
/** FRAMES_FILE_NAME is the index the sample stage writes beside `frames/`. */
export const FRAMES_FILE_NAME = 'frames.json';
/** EVALUATION_FILE_NAME is what the judge said, written by evaluate. */
export const EVALUATION_FILE_NAME = 'evaluation.json';
/** SCORECARD_FILE_NAME is the scorecard, written by score (and, in a pipeline run's directory, the run summary). */
export const SCORECARD_FILE_NAME = 'scorecard.json';
/** COMPARE_FILE_NAME is the comparison with a baseline, written by compare. */
export const COMPARE_FILE_NAME = 'compare.json';
/** PRETEST_DIR_NAME is the pretest's own directory inside a pipeline scenario's directory. */
export const PRETEST_DIR_NAME = 'pretest';
/** PRETEST_REPORT_FILE_NAME is the pretest's report. */
export const PRETEST_REPORT_FILE_NAME = 'pretest.json';
/** STATUS_FILE_NAME is the progress of a running command, for `termaudit watch` and automation. */
export const STATUS_FILE_NAME = 'status.json';
/** BASELINE_DIR_NAME is a pipeline's baseline, beside its runs: `<outRoot>/<pipeline>/baseline` (copies of passed scenarios). */
export const BASELINE_DIR_NAME = 'baseline';
/** RESCORED_BASELINE_DIR_NAME is the folder of a compare output (beside compare.json) that holds the re-scored baseline. */
export const RESCORED_BASELINE_DIR_NAME = 'rescored-baseline';
/** RUN_SUMMARY_KIND is the `kind` of a pipeline run's summary, the `scorecard.json` of a run directory (a scenario's has none). */
export const RUN_SUMMARY_KIND = 'pipeline-run';

/** isRunSummaryDocument tells a run summary from a scenario scorecard by its content: an object whose `kind` is RUN_SUMMARY_KIND. */
export function isRunSummaryDocument(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === RUN_SUMMARY_KIND;
}

/** JUDGES_DIR_NAME keeps, in a pipeline scenario's directory, the results of judges other than the last one (`judges/<judge>/`). */
export const JUDGES_DIR_NAME = 'judges';
