/**
 * Baselines of a pipeline run: where the baseline of a scenario is (`--baseline`, the scenario's
 * `gate.baseline`, else `<outRoot>/<pipeline>/baseline` when it exists), and `--update-baseline`, which
 * promotes a run's passing scenarios into `<outRoot>/<pipeline>/baseline/`, replacing it in one rename.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { CAST_FILE_NAME } from '../record/index.js';
import { SCORECARD_FILE_NAME } from '../score/types.js';
import { BASELINE_DIR_NAME } from './run-plan.js';
import type { ScenarioConfig, ScenarioResult } from './types.js';

/** BaselineChoice is where a scenario's baseline was looked for and what was found. */
export interface BaselineChoice {
  /** The baseline scenario directory holding a scorecard.json, when found. */
  dir?: string;
  /** Why there is no baseline although one was asked for (printed as a note; compare then checks minimums only). */
  note?: string;
}

/**
 * baselineRootOf picks the baseline a scenario is compared with: `--baseline`, else the scenario's
 * `gate.baseline`, else the pipeline's own `baseline/` directory when it exists. Throws ConfigError when a
 * baseline that was asked for does not exist.
 */
export function baselineRootOf(scenario: ScenarioConfig, cliBaseline: string | undefined, pipelineDir: string): string | undefined {
  const asked = cliBaseline ?? scenario.gate.baseline;
  if (asked !== undefined) {
    const root = resolve(asked);
    if (!existsSync(root)) throw new ConfigError(`${cliBaseline !== undefined ? '--baseline' : `scenario ${scenario.name}: gate.baseline`}: ${asked} does not exist`);
    return root;
  }
  const own = join(pipelineDir, BASELINE_DIR_NAME);
  return existsSync(own) ? own : undefined;
}

/**
 * findScenarioBaseline finds the baseline of scenario `name` under `root`: `<root>/<name>` (a pipeline run
 * or baseline directory), or `root` itself when it is one scenario's directory (it holds a recording).
 */
export function findScenarioBaseline(root: string | undefined, name: string): BaselineChoice {
  if (root === undefined) return {};
  const inRun = join(root, name);
  if (existsSync(join(inRun, SCORECARD_FILE_NAME))) return { dir: inRun };
  if (existsSync(join(root, CAST_FILE_NAME)) && existsSync(join(root, SCORECARD_FILE_NAME))) return { dir: root };
  return { note: `${name}: no baseline scorecard in ${inRun}; compare skipped (only the score minimums apply)` };
}

/**
 * promoteBaseline makes this run the pipeline's baseline: the scenarios that passed are copied from the run
 * directory; every other scenario keeps its previous baseline (a failing scenario must not lose it, and
 * scenarios of other shards are not in this run). The new baseline is built in a temporary directory and
 * renamed into place, so a reader never sees half of it. Returns the baseline directory.
 */
export async function promoteBaseline(pipelineDir: string, runDir: string, results: readonly ScenarioResult[]): Promise<string> {
  const target = join(pipelineDir, BASELINE_DIR_NAME);
  const stamp = `${process.pid}.${Date.now()}`;
  const building = join(pipelineDir, `.${BASELINE_DIR_NAME}.${stamp}.tmp`);
  const previous = join(pipelineDir, `.${BASELINE_DIR_NAME}.${stamp}.old`);
  await mkdir(building, { recursive: true });
  try {
    const promoted = new Set<string>();
    for (const result of results) {
      if (result.status !== 'passed') continue;
      await cp(join(runDir, result.dir), join(building, result.dir), { recursive: true, verbatimSymlinks: true });
      promoted.add(result.dir);
    }
    if (existsSync(target)) {
      for (const entry of await readdir(target, { withFileTypes: true })) {
        if (entry.isDirectory() && !promoted.has(entry.name)) await cp(join(target, entry.name), join(building, entry.name), { recursive: true, verbatimSymlinks: true });
      }
      await rename(target, previous);
    }
    await rename(building, target);
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
  await rm(previous, { recursive: true, force: true });
  return target;
}
