/**
 * Validation against the JSON Schemas termaudit publishes in `schemas/` (scorecard.json, the run summary):
 * each schema compiled once with ajv, every problem reported on one line with its JSON pointer.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ConfigError } from './errors.js';

const validators = new Map<string, ValidateFunction>();

/** schemaValidator compiles the schema at `url` once, on first use. */
function schemaValidator(url: URL): ValidateFunction {
  let validate = validators.get(url.href);
  if (validate) return validate;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  // ajv-formats is not a dependency; an ISO 8601 timestamp is all the schemas ask for.
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value)));
  validate = ajv.compile(JSON.parse(readFileSync(url, 'utf8')) as object);
  validators.set(url.href, validate);
  return validate;
}

/**
 * validateWithSchema returns `value` typed as T when it matches the schema at `url`; otherwise throws a
 * ConfigError listing every problem as `<where>: <json pointer> <message>`, on one line so the CLI still
 * prints one `termaudit:` line.
 */
export function validateWithSchema<T>(url: URL, value: unknown, where: string): T {
  const validate = schemaValidator(url);
  if (validate(value)) return value as T;
  const problems = (validate.errors ?? []).map((error) => {
    const params = error.params as { additionalProperty?: string; allowedValues?: unknown[]; allowedValue?: unknown };
    const detail =
      error.keyword === 'additionalProperties'
        ? `${error.message} "${params.additionalProperty}"`
        : error.keyword === 'enum'
          ? `${error.message}: ${params.allowedValues!.map((item) => JSON.stringify(item)).join(', ')}`
          : error.keyword === 'const'
            ? `${error.message} ${JSON.stringify(params.allowedValue)}`
            : error.message;
    return `${where}: ${error.instancePath || '/'} ${detail}`;
  });
  throw new ConfigError(`${[...new Set(problems)].join('; ')} (see schemas/${basename(fileURLToPath(url))})`);
}
