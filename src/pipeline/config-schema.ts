/**
 * The schema of a pipeline file as written (before paths and `${VAR}` are resolved). Keys are the camelCase
 * of the matching command-line flags (`--max-drop` → `maxDrop`), durations are strings such as `90s` or
 * `2m`, and every object is strict so a misspelt key is reported instead of ignored. The settings a flag
 * or a tape can set too are checked by their stage's rules (render, record, sample, judge settings), so
 * each accepts the same values wherever it is written; their defaults are applied when the scenario runs.
 * `config.ts` validates `defaults` and each scenario on their own, so one bad scenario does not hide the
 * problems of the others.
 */
import { z } from 'zod';
import { judgeRules } from '../evaluate/judge-settings.js';
import { recordRules } from '../record/record-settings.js';
import { renderRules } from '../render/render-settings.js';
import { sampleRules } from '../sample/sample-settings.js';
import { durationIn, yamlDuration } from '../settings.js';
import { gateRules, scoreRule } from '../compare/gate-settings.js';

/** KEBAB_CASE is what a pipeline or scenario name must look like: it becomes a directory name. */
export const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** ENV_NAME is what an environment variable name must look like. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const kebabName = z.string().regex(KEBAB_CASE, {
  error: (issue) => `must be kebab-case (lower-case words joined by "-", e.g. "low-contrast"), got ${JSON.stringify(issue.input)}`,
});

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

/** A duration: `90s`, `2m`, `1m30s`, `500ms`, or a number of seconds; parsed into milliseconds (> 0). */
const duration = yamlDuration(durationIn('ms'));

/** A regular expression source; it must compile. */
const pattern = z.string().superRefine((source, context) => {
  try {
    new RegExp(source, 'm');
  } catch (error) {
    context.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(error as Error).message}` });
  }
});

const terminalSchema = z.strictObject({ cols: recordRules.cols.optional(), rows: recordRules.rows.optional() });

const pretestObjectSchema = z.strictObject({
  automationArgs: z.array(z.string()).optional(),
  mode: z.enum(['complete', 'smoke']).optional(),
  for: duration.optional(),
  timeout: duration.optional(),
  stuckAfter: duration.optional(),
  expect: pattern.optional(),
});

const renderSchema = z.strictObject(
  Object.fromEntries(Object.entries(renderRules).map(([key, rule]) => [key, rule.optional()])) as { [K in keyof typeof renderRules]: z.ZodOptional<(typeof renderRules)[K]> },
);

const sampleSchema = z.strictObject({ frames: sampleRules.frames.optional(), strategy: sampleRules.strategies.optional() });

const evaluateSchema = z.strictObject({
  judge: judgeRules.judge.optional(),
  model: judgeRules.model.optional(),
  baseUrl: judgeRules.baseURL.optional(),
  profile: judgeRules.profile.optional(),
  prompts: judgeRules.prompts.optional(),
  criteria: judgeRules.criteria.optional(),
  samples: judgeRules.samples.optional(),
  requests: judgeRules.requests.optional(),
  concurrency: judgeRules.concurrency.optional(),
  maxCost: judgeRules.maxCost.optional(),
  price: judgeRules.price.optional(),
});

const gateSchema = z.strictObject({
  minScore: gateRules.minScore.optional(),
  minScores: z.record(kebabName.or(z.literal('overall')), scoreRule).optional(),
  maxDrop: gateRules.maxDrop.optional(),
  baseline: nonEmpty.optional(),
  maxDiffPixels: gateRules.maxDiffPixels.optional(),
  maxDiffRatio: gateRules.maxDiffRatio.optional(),
  pairwise: z.boolean().optional(),
  rescoreBaseline: z.boolean().optional(),
});

const sectionShape = {
  cwd: nonEmpty.optional(),
  env: z.record(z.string().regex(ENV_NAME, { error: 'is not a valid environment variable name' }), z.union([z.string(), z.number(), z.boolean()])).optional(),
  secrets: z.array(z.string().regex(ENV_NAME, { error: (issue) => `is not a valid environment variable name (got ${JSON.stringify(issue.input)})` })).optional(),
  terminal: terminalSchema.optional(),
  timeout: yamlDuration(recordRules.timeoutMs).optional(),
  tape: nonEmpty.optional(),
  pretest: z.union([z.boolean(), pretestObjectSchema]).optional(),
  render: renderSchema.optional(),
  sample: sampleSchema.optional(),
  evaluate: evaluateSchema.optional(),
  gate: gateSchema.optional(),
};

/** scenarioSchema is one entry of `scenarios:`. */
export const scenarioSchema = z.strictObject({
  name: kebabName,
  description: z.string().optional(),
  expect: z.enum(['pass', 'fail']).optional(),
  command: z.union([nonEmpty, z.array(z.string()).min(1, { error: 'must name the program to run' })]),
  ...sectionShape,
});

/** defaultsSchema is `defaults:`: every scenario key except name, description, expect and command. */
export const defaultsSchema = z.strictObject(sectionShape);

/** pipelineFileSchema is the top level; `defaults` and the scenarios are checked on their own. */
export const pipelineFileSchema = z.strictObject({
  name: kebabName.optional(),
  outRoot: nonEmpty.optional(),
  defaults: z.unknown().optional(),
  scenarios: z.array(z.unknown()).min(1, { error: 'must list at least one scenario' }),
});

/**
 * parseSectionKeys checks a section (`defaults` or a scenario) key by key against a strict object schema:
 * the keys that are valid come back even when others are not, so their `${VAR}` references and files are
 * still checked and every problem of the file is reported in one go. `issues` is empty when all is valid.
 */
export function parseSectionKeys<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  value: unknown,
): { valid: Partial<z.infer<z.ZodObject<Shape>>>; issues: z.core.$ZodIssue[] } {
  const whole = schema.safeParse(value, { reportInput: true });
  if (whole.success) return { valid: whole.data, issues: [] };
  const valid: Record<string, unknown> = {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, keySchema] of Object.entries(schema.shape)) {
      const parsed = (keySchema as z.ZodType).safeParse((value as Record<string, unknown>)[key]);
      if (parsed.success && parsed.data !== undefined) valid[key] = parsed.data;
    }
  }
  return { valid: valid as Partial<z.infer<z.ZodObject<Shape>>>, issues: whole.error.issues };
}

/** ScenarioSection is a validated scenario as written. */
export type ScenarioSection = z.infer<typeof scenarioSchema>;

/** DefaultsSection is a validated `defaults:` as written. */
export type DefaultsSection = z.infer<typeof defaultsSchema>;

/** allowedKeysAt names the keys a strict object at a key path accepts, for "unknown key" messages. */
export function allowedKeysAt(path: readonly PropertyKey[]): readonly string[] | undefined {
  const keysOf = (schema: { shape: object }) => Object.keys(schema.shape);
  const inSection = path[0] === 'scenarios' ? path.slice(2) : path[0] === 'defaults' ? path.slice(1) : undefined;
  if (inSection === undefined) return path.length === 0 ? keysOf(pipelineFileSchema) : undefined;
  const sections: Record<string, { shape: object }> = {
    terminal: terminalSchema,
    pretest: pretestObjectSchema,
    render: renderSchema,
    sample: sampleSchema,
    evaluate: evaluateSchema,
    gate: gateSchema,
  };
  if (inSection.length === 0) return keysOf(path[0] === 'scenarios' ? scenarioSchema : defaultsSchema);
  const section = sections[String(inSection[0])];
  return inSection.length === 1 && section ? keysOf(section) : undefined;
}
