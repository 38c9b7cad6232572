/**
 * Evaluates a run directory, a cast or a video as `termaudit evaluate` does: the evaluate stage of a
 * scenario (sample → evaluate → score), throwing its failure, as the tests of the composed stage need.
 */
import type { EvaluateOptions, EvaluateResult } from '../../src/evaluate/index.js';
import type { SampleSettings } from '../../src/sample/sample-settings.js';
import { runScenario } from '../../src/scenario/index.js';
import type { Scorecard } from '../../src/score/types.js';

/** EvaluateInputOptions are the evaluate stage's options plus how frames are sampled. */
export type EvaluateInputOptions = EvaluateOptions & { sample?: SampleSettings & { theme?: string } };

/** evaluateInput runs the evaluate stage of a scenario on `input` and returns what it wrote; a failure is thrown. */
export async function evaluateInput(input: string, options: EvaluateInputOptions = {}): Promise<EvaluateResult & { scorecardPath: string; scorecard: Scorecard }> {
  const { sample, ask, out, signal, onEvent, lenient, timeline: _timeline, today: _today, ...judge } = options;
  const outcome = await runScenario(
    { stages: ['evaluate'], evaluate: { input, out, theme: sample?.theme, sample: { frames: sample?.frames, strategies: sample?.strategies }, judge, ask }, lenient, signal },
    { onEvaluateEvent: onEvent },
  );
  if (outcome.failure) throw outcome.failure;
  return { ...outcome.evaluation!, scorecardPath: outcome.scorecard!.path, scorecard: outcome.scorecard!.scorecard };
}
