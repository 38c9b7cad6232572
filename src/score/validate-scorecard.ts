/**
 * Checks a value against the published JSON Schema of scorecard.json (`schemas/scorecard.schema.json`),
 * so what the report and compare stages read is exactly what the schema documents.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ConfigError } from '../errors.js';
import type { Scorecard } from './types.js';

/** SCORECARD_SCHEMA_URL locates the schema from this module, so it resolves the same from src/ and dist/. */
export const SCORECARD_SCHEMA_URL = new URL('../../schemas/scorecard.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

/** scorecardValidator compiles the schema once, on first use. */
function scorecardValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  // ajv-formats is not a dependency; an ISO 8601 timestamp is all the schema asks for.
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value)));
  compiled = ajv.compile(JSON.parse(readFileSync(SCORECARD_SCHEMA_URL, 'utf8')) as object);
  return compiled;
}

/**
 * validateScorecard returns `value` as a Scorecard when it matches the schema; otherwise throws a
 * ConfigError listing every problem as `<where>: <json pointer> <message>`.
 */
export function validateScorecard(value: unknown, where: string): Scorecard {
  const validate = scorecardValidator();
  if (validate(value)) return value as Scorecard;
  const problems = (validate.errors ?? []).map((error) => {
    const detail =
      error.keyword === 'additionalProperties'
        ? `${error.message} "${(error.params as { additionalProperty: string }).additionalProperty}"`
        : error.keyword === 'enum'
          ? `${error.message}: ${(error.params as { allowedValues: unknown[] }).allowedValues.map((item) => JSON.stringify(item)).join(', ')}`
          : error.message;
    return `${where}: ${error.instancePath || '/'} ${detail}`;
  });
  // One line, so the CLI still prints one `termaudit:` line; each problem names its JSON pointer.
  throw new ConfigError(`${[...new Set(problems)].join('; ')} (see schemas/scorecard.schema.json)`);
}
