/** The stages of a scenario, by name: what `--from`, status.json and run summaries call them. */

/** SCENARIO_STAGES are a scenario's stages in run order; `--from <stage>` starts at one of them. `evaluate` covers sample, evaluate and score. */
export const SCENARIO_STAGES = ['pretest', 'record', 'render', 'evaluate', 'compare', 'report'] as const;

/** ScenarioStage names one stage of a scenario. */
export type ScenarioStage = (typeof SCENARIO_STAGES)[number];

/** StageRecord is how one stage went: `reused` stages kept an earlier run's outputs. */
export interface StageRecord {
  status: 'done' | 'failed' | 'skipped' | 'reused';
  durationSeconds: number;
}
