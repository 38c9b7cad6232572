/**
 * A run re-evaluated by another judge (`termaudit evaluate <run> --judge openai`, or `run --from evaluate
 * --judge openai`, after a heuristic run) keeps what the earlier judge said: before the new judge samples,
 * the evaluation.json moves to `judges/<judge>/` (`judges/heuristic-3/`, `judges/openai-gpt-4.1/`) with a
 * copy of the frames it cites, where its scorecard and report are written again, and the new judge's
 * results take the run's own place, where the run summary, compare and report read them. The same judge
 * (and model; a heuristic of another version is another judge) again replaces its own results.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import { writeJsonFile } from '../files.js';
import { reasonOf } from '../errors.js';
import { HEURISTIC_MODEL } from '../evaluate/heuristic/index.js';
import { resolveJudgeSettings, type JudgeSettings } from '../evaluate/judge-settings.js';
import { report } from '../report/index.js';
import { EVALUATION_FILE_NAME, JUDGES_DIR_NAME, SAMPLE_DIR_NAME, SCORECARD_FILE_NAME } from '../run-files.js';
import { readEvaluation, score } from '../score/index.js';

/** judgeDirName names the directory of a judge's kept results: its model when that names the judge (`heuristic-3`), else `<judge>-<model>`. */
export function judgeDirName(judge: { name: string; model: string }): string {
  const label = judge.model.startsWith(judge.name) ? judge.model : `${judge.name}-${judge.model}`;
  return label.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/** KeptJudgeResults says whose results were moved aside, and where to. */
export interface KeptJudgeResults {
  /** `openai gpt-4.1`, `heuristic heuristic-3`. */
  judge: string;
  /** The directory they are in now (absolute). */
  dir: string;
  /** Why their scorecard or report could not be rebuilt there, when it could not. */
  problem?: string;
}

/**
 * keepEarlierJudgeResults moves the scenario's evaluation to `judges/<judge>/` and scores and reports it
 * there, when the judge about to evaluate is not the one that made it; it removes the about-to-run judge's
 * own kept results, which its new ones replace. Returns what it kept, or undefined when nothing moved (no
 * readable evaluation yet, the same judge, or settings the evaluate stage will refuse anyway).
 */
export async function keepEarlierJudgeResults(dir: string, settings: JudgeSettings): Promise<KeptJudgeResults | undefined> {
  const evaluationPath = join(dir, EVALUATION_FILE_NAME);
  if (!existsSync(evaluationPath)) return undefined;
  let next: { name: string; model: string };
  try {
    const resolved = resolveJudgeSettings([settings]);
    next = { name: resolved.judge, model: resolved.judge === 'heuristic' ? HEURISTIC_MODEL : resolved.model };
  } catch {
    // Settings that cannot run fail the evaluate stage, before it writes anything: the results stay where they are.
    return undefined;
  }
  // An evaluation that cannot be read (cut short, hand-edited) has no judge to keep: the new one replaces it.
  const read = await readEvaluation(evaluationPath).catch(() => undefined);
  if (read === undefined) return undefined;
  const { evaluation } = read;
  const earlier = { name: evaluation.judge.name, model: evaluation.judge.model };
  if (earlier.name === next.name && earlier.model === next.model) return undefined;
  const judgesDir = join(dir, JUDGES_DIR_NAME);
  const keptDir = join(judgesDir, judgeDirName(earlier));
  await rm(keptDir, { recursive: true, force: true });
  await mkdir(keptDir, { recursive: true });
  // The new judge samples again, into the same sample/ (with other --frames, other frames): the kept
  // results get their own copy of the frames they cite, and point at it.
  const { outDir: sampleDir } = evaluation.sample;
  const inside = relative(dir, sampleDir);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) && existsSync(sampleDir)) {
    const keptSample = join(keptDir, SAMPLE_DIR_NAME);
    await cp(sampleDir, keptSample, { recursive: true });
    const moved = (path: string) => (path.startsWith(sampleDir) ? keptSample + path.slice(sampleDir.length) : path);
    evaluation.sample = { ...evaluation.sample, outDir: keptSample, framesFile: moved(evaluation.sample.framesFile) };
    for (const frame of evaluation.frames) frame.file = moved(frame.file);
    await writeJsonFile(join(keptDir, EVALUATION_FILE_NAME), evaluation);
    await rm(evaluationPath, { force: true });
  } else {
    await rename(evaluationPath, join(keptDir, EVALUATION_FILE_NAME));
  }
  await rm(join(dir, SCORECARD_FILE_NAME), { force: true });
  // The kept evaluation is safe whatever happens next: a scorecard or report that cannot be rebuilt there
  // (a prompt file gone since) is said, and does not stop the new judge.
  const rebuilt = await score(keptDir)
    .then(() => report(keptDir))
    .then(
      () => undefined,
      (error: unknown) => reasonOf(error),
    );
  // The judge about to run replaces its own results, kept here by an earlier switch.
  await rm(join(judgesDir, judgeDirName(next)), { recursive: true, force: true });
  return { judge: `${earlier.name} ${earlier.model}`, dir: keptDir, ...(rebuilt && { problem: rebuilt }) };
}
