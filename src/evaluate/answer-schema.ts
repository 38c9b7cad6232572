/**
 * The shape of a judge's answer to one rubric prompt, twice: as the JSON Schema sent to the model for
 * Structured Outputs (strict mode: every key required, no extra keys), and as a zod validator that checks
 * what came back, including what a JSON Schema cannot say (frame numbers that exist, every criterion present).
 * The same pieces make the answer to every prompt at once (`requests: combined`), which parseCombinedAnswer
 * splits back into one answer per prompt, so the rest of termaudit sees the same shape either way.
 */
import { z } from 'zod';
import { ISSUE_SEVERITIES, type JudgeAnswer, type RubricPrompt } from './types.js';

/** ANSWER_SCHEMA_VERSION changes whenever the answer shape changes, so cached answers of another shape are not reused. */
export const ANSWER_SCHEMA_VERSION = 2;

/** answerSchemaName is the `json_schema.name` sent with a prompt (letters, digits, `_`, `-`; at most 64). */
export function answerSchemaName(prompt: RubricPrompt): string {
  return `termaudit_${prompt.id.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

/** EVIDENCE_JSON_SCHEMA is the strict JSON Schema of a criterion's evidence. */
const EVIDENCE_JSON_SCHEMA = {
  type: 'array',
  description: 'Frames that support the score: the frame number and the on-screen text quoted exactly.',
  items: {
    type: 'object',
    properties: {
      frame: { type: 'integer', description: 'Frame number as labelled ("Frame 3").' },
      quote: { type: 'string', description: 'On-screen text quoted exactly.' },
    },
    required: ['frame', 'quote'],
    additionalProperties: false,
  },
};

/** criteriaJsonSchema builds the strict JSON Schema of one prompt's criteria: one object per criterion id. */
function criteriaJsonSchema(prompt: RubricPrompt): Record<string, unknown> {
  const criterion = (description: string) => ({
    type: 'object',
    description,
    properties: {
      applicable: {
        type: 'boolean',
        description: 'false when the display has no such element at all (e.g. voting in a text editor): then score is null and the rationale is the one-line reason.',
      },
      score: {
        type: ['integer', 'null'],
        description: 'Score from 1 (worst) to 10 (best), by the rubric anchors; null when not applicable, or when the frames do not show enough to judge.',
      },
      rationale: { type: 'string', description: 'Why this score, in one to three sentences; when not applicable, the one-line reason.' },
      evidence: EVIDENCE_JSON_SCHEMA,
    },
    required: ['applicable', 'score', 'rationale', 'evidence'],
    additionalProperties: false,
  });
  const criteria: Record<string, unknown> = {};
  for (const item of prompt.criteria) criteria[item.id] = criterion(`${item.title}: ${item.description}`);
  return { type: 'object', properties: criteria, required: prompt.criteria.map((item) => item.id), additionalProperties: false };
}

/** issuesJsonSchema builds the strict JSON Schema of a list of issues, with `extra` properties first in each. */
function issuesJsonSchema(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'array',
    description: 'UX problems found, worst first.',
    items: {
      type: 'object',
      properties: {
        ...extra,
        severity: { type: 'string', enum: [...ISSUE_SEVERITIES] },
        title: { type: 'string' },
        frame: { type: ['integer', 'null'], description: 'Frame number where it is visible, or null.' },
        quote: { type: 'string', description: 'The on-screen text of that frame where it shows, quoted exactly; empty when it is not tied to text.' },
        recommendation: { type: 'string', description: 'What to change, concretely.' },
      },
      required: [...Object.keys(extra), 'severity', 'title', 'frame', 'quote', 'recommendation'],
      additionalProperties: false,
    },
  };
}

/** answerJsonSchema builds the strict JSON Schema of an answer to `prompt`: one object per criterion, issues, summary. */
export function answerJsonSchema(prompt: RubricPrompt): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      criteria: criteriaJsonSchema(prompt),
      issues: issuesJsonSchema(),
      summary: { type: 'string', description: 'Two or three sentences overall.' },
    },
    required: ['criteria', 'issues', 'summary'],
    additionalProperties: false,
  };
}

/** COMBINED_SCHEMA_NAME is the `json_schema.name` of one answer to every rubric of an evaluation (`requests: combined`). */
export const COMBINED_SCHEMA_NAME = 'termaudit_all_rubrics';

/**
 * combinedAnswerJsonSchema builds the strict JSON Schema of one answer to every prompt at once: under
 * `criteria`, each prompt's criteria by prompt id (a criterion two prompts share is answered under each);
 * one list of issues, each naming the rubric it belongs to; one summary.
 */
export function combinedAnswerJsonSchema(prompts: readonly RubricPrompt[]): Record<string, unknown> {
  const byPrompt: Record<string, unknown> = {};
  for (const prompt of prompts) byPrompt[prompt.id] = { ...criteriaJsonSchema(prompt), description: `The criteria of the rubric "${prompt.title}".` };
  return {
    type: 'object',
    properties: {
      criteria: { type: 'object', properties: byPrompt, required: prompts.map((prompt) => prompt.id), additionalProperties: false },
      issues: issuesJsonSchema({ rubric: { type: 'string', enum: prompts.map((prompt) => prompt.id), description: 'The id of the rubric whose criteria the problem concerns most.' } }),
      summary: { type: 'string', description: 'Two or three sentences overall.' },
    },
    required: ['criteria', 'issues', 'summary'],
    additionalProperties: false,
  };
}

/** replyValue parses a reply given as JSON text; a value given parsed is returned as it is. */
function replyValue(reply: unknown): { value: unknown } | { error: string } {
  if (typeof reply !== 'string') return { value: reply };
  try {
    return { value: JSON.parse(reply) };
  } catch (error) {
    return { error: `the reply is not JSON (${(error as Error).message})` };
  }
}

/** answerParts returns the zod validators of a prompt's criteria and of one issue, for frames 1..frameCount. */
function answerParts(frameCount: number) {
  const frame = z.number().int().min(1).max(Math.max(1, frameCount));
  const criterion = z
    .object({
      // A server that ignores the strict schema may leave the flag out: a score then means applicable.
      applicable: z.boolean().default(true),
      score: z.number().int().min(1).max(10).nullable(),
      rationale: z.string(),
      evidence: z.array(z.object({ frame, quote: z.string() })),
    })
    .refine((answer) => answer.applicable || answer.score === null, {
      message: 'a criterion that is not applicable has no score: give score null, or applicable true',
      path: ['score'],
    });
  const criteriaOf = (prompt: RubricPrompt) => z.object(Object.fromEntries(prompt.criteria.map((item) => [item.id, criterion])));
  const issue = z.object({
    severity: z.enum(ISSUE_SEVERITIES as [string, ...string[]]),
    title: z.string(),
    frame: frame.nullable(),
    // Answers cached before issues carried a quote have none.
    quote: z.string().optional(),
    recommendation: z.string(),
  });
  return { criteriaOf, issue };
}

/** problemsOf words the first problems of a failed validation as one message. */
function problemsOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 8)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * parseAnswer checks a judge's reply (JSON text or a parsed value) against the prompt and the frames sent.
 * Returns the answer, or the list of problems as one message (sent back to the model on a retry).
 */
export function parseAnswer(reply: unknown, prompt: RubricPrompt, frameCount: number): { answer: JudgeAnswer } | { error: string } {
  const parsed = replyValue(reply);
  if ('error' in parsed) return parsed;
  const { criteriaOf, issue } = answerParts(frameCount);
  const result = z.object({ criteria: criteriaOf(prompt), issues: z.array(issue), summary: z.string() }).safeParse(parsed.value);
  return result.success ? { answer: result.data as JudgeAnswer } : { error: problemsOf(result.error) };
}

/**
 * parseCombinedAnswer checks one answer to every prompt (see combinedAnswerJsonSchema) and splits it into
 * each prompt's answer, as if each had been asked alone: its criteria, the issues naming its rubric, and
 * the one summary. Returns the answers by prompt id, or the problems as one message.
 */
export function parseCombinedAnswer(reply: unknown, prompts: readonly RubricPrompt[], frameCount: number): { answers: Record<string, JudgeAnswer> } | { error: string } {
  const parsed = replyValue(reply);
  if ('error' in parsed) return parsed;
  const { criteriaOf, issue } = answerParts(frameCount);
  const ids = prompts.map((prompt) => prompt.id) as [string, ...string[]];
  const schema = z.object({
    criteria: z.object(Object.fromEntries(prompts.map((prompt) => [prompt.id, criteriaOf(prompt)]))),
    issues: z.array(issue.extend({ rubric: z.enum(ids) })),
    summary: z.string(),
  });
  const result = schema.safeParse(parsed.value);
  if (!result.success) return { error: problemsOf(result.error) };
  const { criteria, issues, summary } = result.data as { criteria: Record<string, JudgeAnswer['criteria']>; issues: Array<JudgeAnswer['issues'][number] & { rubric: string }>; summary: string };
  const answers: Record<string, JudgeAnswer> = {};
  for (const prompt of prompts) {
    answers[prompt.id] = {
      criteria: criteria[prompt.id],
      issues: issues.filter((item) => item.rubric === prompt.id).map(({ rubric: _rubric, ...rest }) => rest),
      summary,
    };
  }
  return { answers };
}
