/**
 * Checks a value against the published JSON Schema of scorecard.json (`schemas/scorecard.schema.json`),
 * so what the report and compare stages read is exactly what the schema documents.
 */
import { validateWithSchema } from '../json-schema.js';
import type { Scorecard } from './types.js';

/** SCORECARD_SCHEMA_URL locates the schema from this module, so it resolves the same from src/ and dist/. */
export const SCORECARD_SCHEMA_URL = new URL('../../schemas/scorecard.schema.json', import.meta.url);

/**
 * validateScorecard returns `value` as a Scorecard when it matches the schema; otherwise throws a
 * ConfigError listing every problem as `<where>: <json pointer> <message>`.
 */
export function validateScorecard(value: unknown, where: string): Scorecard {
  return validateWithSchema<Scorecard>(SCORECARD_SCHEMA_URL, value, where);
}
