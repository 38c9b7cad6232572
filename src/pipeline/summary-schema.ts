/**
 * Checks a value against the published JSON Schema of the run summary (`schemas/run-summary.schema.json`),
 * the same way scenario scorecards are checked (src/score/validate-scorecard.ts), so `termaudit merge`
 * only ever joins summaries that are exactly what the schema documents.
 */
import { validateWithSchema } from '../json-schema.js';
import type { RunSummary } from './types.js';

/** RUN_SUMMARY_SCHEMA_URL locates the schema from this module, so it resolves the same from src/ and dist/. */
export const RUN_SUMMARY_SCHEMA_URL = new URL('../../schemas/run-summary.schema.json', import.meta.url);

/**
 * validateRunSummary returns `value` as a RunSummary when it matches the schema; otherwise throws a
 * ConfigError listing every problem as `<where>: <json pointer> <message>` on one line.
 */
export function validateRunSummary(value: unknown, where: string): RunSummary {
  return validateWithSchema<RunSummary>(RUN_SUMMARY_SCHEMA_URL, value, where);
}
