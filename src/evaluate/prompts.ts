/**
 * Rubric prompts: the Markdown files of `prompts/` that tell a judge what to score. Each file opens with
 * YAML front matter (the prompt's id, title, weight and criteria) followed by the rubric text the judge
 * reads. Parsing is pure (`parsePromptText`) and reports every problem of a file at once, each located by
 * file, line and key path; loading (`loadPrompt`, `loadPrompts`) only reads files around it.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { sha256Hex } from '../hash.js';
import { ConfigError, reasonOf } from '../errors.js';
import { describeExpected, describeValue, documentValue, formatKeyPath, locateKeyPath } from '../yaml-problems.js';
import type { RubricPrompt } from './types.js';
import { readInputText } from '../files.js';

/** DEFAULT_PROMPTS_DIR is the `prompts/` folder shipped with termaudit (the same from `src/` and `dist/`). */
export const DEFAULT_PROMPTS_DIR: string = fileURLToPath(new URL('../../prompts', import.meta.url));

/** The file in a prompts folder that documents the format and is not itself a prompt. */
const PROMPTS_README = 'readme.md';

/** KEBAB_CASE is what prompt and criterion ids look like (`error-visibility`). */
export const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** isPromptFileName tells the prompt files of a prompts folder (`*.md`) from its README. */
export function isPromptFileName(name: string): boolean {
  return name.endsWith('.md') && name.toLowerCase() !== PROMPTS_README;
}

const kebabId = z.string().regex(KEBAB_CASE, {
  error: (issue) => `must be kebab-case, e.g. "error-visibility" (got ${JSON.stringify(issue.input)})`,
});
const text = z.string().trim().min(1, { error: 'must not be empty' });
const weight = z
  .number()
  .positive({ error: (issue) => `must be greater than 0 (got ${JSON.stringify(issue.input)})` })
  .default(1);

const criterionSchema = z.strictObject({ id: kebabId, title: text, weight, description: text });

const frontMatterSchema = z.strictObject({
  id: kebabId,
  title: text,
  weight,
  criteria: z.array(criterionSchema).min(1, { error: 'must list at least one criterion' }),
});

/** One located problem of a prompt file. */
interface PromptProblem {
  line: number;
  message: string;
}

/**
 * parsePromptText parses the text of a prompt file into a RubricPrompt. `path` names the file in error
 * messages as given and is stored resolved to an absolute path. Throws one ConfigError listing every
 * problem of the file, one `path:line: key.path: message` line each.
 */
export function parsePromptText(text: string, path: string): RubricPrompt {
  const split = splitFrontMatter(text, path);
  const problems: PromptProblem[] = [];
  const lineCounter = new LineCounter();
  const document = parseDocument(split.frontMatter, { lineCounter, prettyErrors: false });
  // Front matter lines are numbered from the opening `---`; YAML positions are 1-based within the block.
  const fileLine = (offset: number) => lineCounter.linePos(offset).line + split.frontMatterLine - 1;
  for (const error of document.errors) {
    problems.push({ line: fileLine(error.pos[0]), message: `YAML syntax error: ${error.message}` });
  }
  let frontMatter: z.infer<typeof frontMatterSchema> | undefined;
  const read = document.errors.length === 0 ? documentValue(document) : undefined;
  if (read && 'problem' in read) problems.push({ line: fileLine(read.problem.offset ?? 0), message: read.problem.message });
  else if (read) {
    const { value } = read;
    const result = frontMatterSchema.safeParse(value, { reportInput: true });
    const located: Array<{ path: readonly PropertyKey[]; message: string }> = [];
    if (result.success) frontMatter = result.data;
    else {
      for (const issue of result.error.issues) {
        const keyPaths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
        for (const keyPath of keyPaths) located.push({ path: keyPath, message: describeIssue(issue, keyPath) });
      }
    }
    // Checked apart from zod so a duplicate is reported even when other keys are wrong too.
    located.push(...duplicateCriterionIds(value));
    for (const problem of located) {
      problems.push({
        // Empty front matter has nothing to point at: report the opening `---`.
        line: document.contents === null ? split.openingLine : fileLine(locateKeyPath(document, problem.path)),
        message: `${formatKeyPath(problem.path, 'front matter')}: ${problem.message}`,
      });
    }
  }
  const body = split.body.trim();
  if (body === '') {
    problems.push({
      line: split.bodyLine,
      message: 'the prompt has no body: write the rubric (anchors for each criterion, evidence rules) after the front matter',
    });
  }
  if (problems.length > 0 || frontMatter === undefined) {
    // A stable sort keeps problems of the same line in the order found.
    problems.sort((a, b) => a.line - b.line);
    throw new ConfigError(problems.map((problem) => `${path}:${problem.line}: ${problem.message}`).join('\n'));
  }
  return {
    id: frontMatter.id,
    title: frontMatter.title,
    weight: frontMatter.weight,
    criteria: frontMatter.criteria.map((criterion) => ({ ...criterion })),
    body,
    path: resolve(path),
    sha256: sha256Hex(text),
  };
}

/** loadPrompt reads and parses one prompt file; a missing or unreadable file is a ConfigError. */
export async function loadPrompt(path: string): Promise<RubricPrompt> {
  const text = await readInputText(path, { what: 'the prompt file', missing: 'prompt file not found' });
  return parsePromptText(text!, path);
}

/**
 * loadPrompts loads the given prompt files in order, or, when none are given, every `*.md` file of
 * DEFAULT_PROMPTS_DIR except its README, sorted by file name. Problems of all files are reported together
 * in one ConfigError, and so are two files that declare the same prompt id.
 */
export async function loadPrompts(paths?: readonly string[]): Promise<RubricPrompt[]> {
  const files = paths !== undefined && paths.length > 0 ? [...paths] : await defaultPromptFiles();
  const settled = await Promise.allSettled(files.map((file) => loadPrompt(file)));
  const failures: string[] = [];
  const prompts: RubricPrompt[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') prompts.push(outcome.value);
    else if (outcome.reason instanceof ConfigError) failures.push(outcome.reason.message);
    else throw outcome.reason;
  }
  if (failures.length > 0) throw new ConfigError(failures.join('\n'));
  const fileById = new Map<string, string>();
  const duplicates: string[] = [];
  prompts.forEach((prompt, index) => {
    const first = fileById.get(prompt.id);
    if (first === undefined) fileById.set(prompt.id, files[index]);
    else duplicates.push(`duplicate prompt id "${prompt.id}" in ${first} and ${files[index]}: give each prompt its own id`);
  });
  if (duplicates.length > 0) throw new ConfigError(duplicates.join('\n'));
  return prompts;
}

/** The prompt files of DEFAULT_PROMPTS_DIR, sorted by name. */
async function defaultPromptFiles(): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(DEFAULT_PROMPTS_DIR);
  } catch (error) {
    throw new ConfigError(`cannot read the prompts folder ${DEFAULT_PROMPTS_DIR}: ${reasonOf(error)}`, { cause: error });
  }
  const files = names
    .filter(isPromptFileName)
    .sort()
    .map((name) => join(DEFAULT_PROMPTS_DIR, name));
  if (files.length === 0) throw new ConfigError(`no prompt files (*.md) in ${DEFAULT_PROMPTS_DIR}`);
  return files;
}

/** A prompt file cut into its YAML front matter and Markdown body, with the 1-based lines where each starts. */
interface SplitPrompt {
  frontMatter: string;
  /** Line of the opening `---`. */
  openingLine: number;
  /** Line of the first front matter line. */
  frontMatterLine: number;
  body: string;
  /** Line after the closing `---`. */
  bodyLine: number;
}

/** Splits a prompt file at its `---` fences; a file without an opening or closing fence is a ConfigError. */
function splitFrontMatter(text: string, path: string): SplitPrompt {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const isFence = (line: string | undefined) => line !== undefined && /^---[ \t]*$/.test(line);
  if (!isFence(lines[0])) {
    throw new ConfigError(
      `${path}:1: a prompt file must start with \`---\` front matter (YAML with id, title and criteria, closed by another \`---\` line)`,
    );
  }
  const closing = lines.findIndex((line, index) => index > 0 && isFence(line));
  if (closing === -1) throw new ConfigError(`${path}:1: the front matter opened here is never closed by a \`---\` line`);
  return {
    frontMatter: lines.slice(1, closing).join('\n'),
    openingLine: 1,
    frontMatterLine: 2,
    body: lines.slice(closing + 1).join('\n'),
    bodyLine: closing + 2,
  };
}


/** Finds criteria that reuse an earlier criterion's id, in the raw front matter value. */
function duplicateCriterionIds(value: unknown): Array<{ path: readonly PropertyKey[]; message: string }> {
  const criteria = (value as { criteria?: unknown } | null)?.criteria;
  if (!Array.isArray(criteria)) return [];
  const firstIndex = new Map<string, number>();
  const duplicates: Array<{ path: readonly PropertyKey[]; message: string }> = [];
  criteria.forEach((criterion: unknown, index) => {
    const id = (criterion as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else duplicates.push({ path: ['criteria', index, 'id'], message: `duplicate criterion id "${id}" (also criteria[${first}].id)` });
  });
  return duplicates;
}

/** Words a zod issue at `path` for someone editing the YAML by hand. */
function describeIssue(issue: z.core.$ZodIssue, path: readonly PropertyKey[]): string {
  const inCriterion = path[0] === 'criteria';
  if (issue.code === 'unrecognized_keys') {
    return `unknown key (allowed: ${inCriterion ? 'id, title, weight, description' : 'id, title, weight, criteria'})`;
  }
  if (issue.code === 'invalid_type') {
    if (path.length === 0) {
      return issue.input === null || issue.input === undefined
        ? 'is empty: it needs id, title and criteria'
        : `must be a mapping with id, title and criteria (got ${describeValue(issue.input)})`;
    }
    if (issue.input === undefined) return 'is required';
    return `must be ${describeExpected(issue.expected)} (got ${describeValue(issue.input)})`;
  }
  return issue.message;
}
