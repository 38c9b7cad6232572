/**
 * The shape of a judge's answer to one rubric prompt, twice: as the JSON Schema sent to the model for
 * Structured Outputs (strict mode: every key required, no extra keys), and as a zod validator that checks
 * what came back, including what a JSON Schema cannot say (frame numbers that exist, every criterion present).
 */
import { z } from 'zod';
import { ISSUE_SEVERITIES, type JudgeAnswer, type RubricPrompt } from './types.js';

/** ANSWER_SCHEMA_VERSION changes whenever the answer shape changes, so cached answers of another shape are not reused. */
export const ANSWER_SCHEMA_VERSION = 2;

/** answerSchemaName is the `json_schema.name` sent with a prompt (letters, digits, `_`, `-`; at most 64). */
export function answerSchemaName(prompt: RubricPrompt): string {
  return `termaudit_${prompt.id.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

/** answerJsonSchema builds the strict JSON Schema of an answer to `prompt`: one object per criterion, issues, summary. */
export function answerJsonSchema(prompt: RubricPrompt): Record<string, unknown> {
  const evidence = {
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
      evidence,
    },
    required: ['applicable', 'score', 'rationale', 'evidence'],
    additionalProperties: false,
  });
  const criteria: Record<string, unknown> = {};
  for (const item of prompt.criteria) criteria[item.id] = criterion(`${item.title}: ${item.description}`);
  return {
    type: 'object',
    properties: {
      criteria: {
        type: 'object',
        properties: criteria,
        required: prompt.criteria.map((item) => item.id),
        additionalProperties: false,
      },
      issues: {
        type: 'array',
        description: 'UX problems found, worst first.',
        items: {
          type: 'object',
          properties: {
            severity: { type: 'string', enum: [...ISSUE_SEVERITIES] },
            title: { type: 'string' },
            frame: { type: ['integer', 'null'], description: 'Frame number where it is visible, or null.' },
            recommendation: { type: 'string', description: 'What to change, concretely.' },
          },
          required: ['severity', 'title', 'frame', 'recommendation'],
          additionalProperties: false,
        },
      },
      summary: { type: 'string', description: 'Two or three sentences overall.' },
    },
    required: ['criteria', 'issues', 'summary'],
    additionalProperties: false,
  };
}

/**
 * parseAnswer checks a judge's reply (JSON text or a parsed value) against the prompt and the frames sent.
 * Returns the answer, or the list of problems as one message (sent back to the model on a retry).
 */
export function parseAnswer(reply: unknown, prompt: RubricPrompt, frameCount: number): { answer: JudgeAnswer } | { error: string } {
  let value = reply;
  if (typeof reply === 'string') {
    try {
      value = JSON.parse(reply);
    } catch (error) {
      return { error: `the reply is not JSON (${(error as Error).message})` };
    }
  }
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
  const criteriaShape: Record<string, typeof criterion> = {};
  for (const item of prompt.criteria) criteriaShape[item.id] = criterion;
  const schema = z.object({
    criteria: z.object(criteriaShape),
    issues: z.array(
      z.object({
        severity: z.enum(ISSUE_SEVERITIES as [string, ...string[]]),
        title: z.string(),
        frame: frame.nullable(),
        recommendation: z.string(),
      }),
    ),
    summary: z.string(),
  });
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 8).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return { error: problems.join('; ') };
  }
  return { answer: result.data as JudgeAnswer };
}
