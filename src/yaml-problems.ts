/**
 * Located problems of a YAML file: a key path (`scenarios[1].pretest.timeout`) pointed at its line and
 * column in the document, and every problem of a file printed as one `file:line:col: key.path: message`
 * line, sorted by position, in one ConfigError. Pipeline files and prompt front matter use it; it knows
 * nothing of either, so any YAML input validated with zod can report through it.
 */
import { isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, visit, type Alias, type Document, type LineCounter, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';

/** KeyPath is where a value sits in a YAML document: map keys and 0-based list indexes. */
export type KeyPath = readonly PropertyKey[];

/** YamlProblem is one problem of a YAML file, at a key path (or at an offset, for syntax errors). */
export interface YamlProblem {
  path: KeyPath;
  message: string;
  /** Offset in the text, when known better than the key path (YAML syntax errors). */
  offset?: number;
}

/**
 * documentValue turns a parsed document (without syntax errors) into plain data, or says, at its alias, why
 * it cannot: an alias whose anchor is not defined before it, or aliases that expand to too much data (an
 * "alias bomb", which the yaml package refuses rather than run out of memory). Every reader of a YAML file
 * goes through here, so neither is ever an unexpected error.
 */
export function documentValue(document: Document): { value: unknown } | { problem: YamlProblem } {
  try {
    return { value: document.toJS() };
  } catch (error) {
    const aliases: Alias[] = [];
    visit(document, { Alias: (_key, node) => void aliases.push(node) });
    const unresolved = aliases.find((alias) => alias.resolve(document) === undefined);
    if (unresolved) return { problem: { path: [], offset: unresolved.range?.[0] ?? 0, message: `the alias *${unresolved.source} has no anchor &${unresolved.source} before it` } };
    const sizes = new Map<Node, number>();
    const largest = aliases.map((alias) => ({ alias, size: expandedSize(alias, document, sizes) })).reduce<{ alias?: Alias; size: number }>((best, item) => (item.size > best.size ? item : best), { size: 0 });
    if (largest.alias && /alias/i.test((error as Error).message)) {
      const { alias, size } = largest;
      return { problem: { path: [], offset: alias.range?.[0] ?? 0, message: `the alias *${alias.source} expands to ${size} values, too many to read (the YAML reader refuses alias bombs); write the values out or nest fewer aliases` } };
    }
    return { problem: { path: [], offset: 0, message: `cannot read the YAML: ${(error as Error).message}` } };
  }
}

/** expandedSize counts the values a node stands for once its aliases are expanded (an alias inside its own anchor counts once). */
function expandedSize(node: unknown, document: Document, sizes: Map<Node, number>): number {
  if (!isNode(node)) return isPair(node) ? expandedSize(node.key, document, sizes) + expandedSize(node.value, document, sizes) : 0;
  const known = sizes.get(node);
  if (known !== undefined) return known;
  sizes.set(node, 1); // a node being counted counts once where it refers to itself
  let size = 1;
  if (isAlias(node)) size = expandedSize(node.resolve(document), document, sizes);
  else if (isCollection(node)) size = 1 + (node.items as unknown[]).reduce<number>((sum, item) => sum + expandedSize(item, document, sizes), 0);
  sizes.set(node, size);
  return size;
}

/**
 * locateKeyPath finds the text offset a key path points at: the key itself for a map entry (so an unknown
 * or invalid key is reported on its own line), the item for a list entry. A path that does not exist (a
 * missing key) falls back to its nearest existing parent, and an empty document to offset 0.
 */
export function locateKeyPath(document: Document, path: KeyPath): number {
  let node: unknown = document.contents;
  let offset = (isNode(node) ? node.range?.[0] : undefined) ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      if (!pair) break;
      offset = (isNode(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!isNode(node)) break;
      offset = node.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** formatKeyPath writes a key path the way a reader writes it: `scenarios[1].gate.minScore`, or `root` (`(file)`) for the root. */
export function formatKeyPath(path: KeyPath, root = '(file)'): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out === '' ? root : out;
}

/**
 * yamlProblemsError turns the problems of one file into a single ConfigError with one
 * `file:line:col: key.path: message` line per problem, sorted by position (a stable sort keeps problems
 * of one place in the order found) and without repeats. Syntax errors, which have no key path, print without one.
 */
export function yamlProblemsError(file: string, document: Document, lineCounter: LineCounter, problems: readonly YamlProblem[]): ConfigError {
  const located = problems.map((problem) => {
    const offset = problem.offset ?? locateKeyPath(document, problem.path);
    const { line, col } = lineCounter.linePos(offset);
    const where = problem.offset !== undefined && problem.path.length === 0 ? '' : `${formatKeyPath(problem.path)}: `;
    return { offset, text: `${file}:${line}:${col}: ${where}${problem.message}` };
  });
  located.sort((a, b) => a.offset - b.offset);
  // A problem of `defaults` found once per scenario that inherits it is reported once.
  return new ConfigError([...new Set(located.map((problem) => problem.text))].join('\n'));
}

/**
 * zodProblems words the issues of a failed zod parse for someone editing YAML by hand, each at its key
 * path under `prefix`. An unknown key is one problem per key, naming the keys allowed there.
 */
export function zodProblems(
  issues: readonly z.core.$ZodIssue[],
  prefix: KeyPath = [],
  allowedKeys?: (path: KeyPath) => readonly string[] | undefined,
): YamlProblem[] {
  const problems: YamlProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys?.(path);
      for (const key of issue.keys) {
        problems.push({ path: [...path, key], message: `unknown key${allowed ? ` (allowed here: ${allowed.join(', ')})` : ''}` });
      }
    } else if (issue.code === 'invalid_union') {
      // The union's own message ("Invalid input") says nothing. When the value had the right type for one
      // branch (e.g. a mapping for `pretest`), that branch's problems explain it; otherwise the value had
      // none of the accepted types, and the message lists them.
      const typeMismatch = (inner: z.core.$ZodIssue) => inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value');
      const branch = issue.errors.find((branchIssues) => branchIssues.some((inner) => !typeMismatch(inner)));
      if (branch) problems.push(...zodProblems(branch, path, allowedKeys));
      else {
        const expected = issue.errors.flatMap((branchIssues) => branchIssues.filter(typeMismatch).map(describeExpectedOf));
        problems.push({ path, message: `must be ${[...new Set(expected)].join(' or ')} (got ${describeValue(issue.input)})` });
      }
    } else problems.push({ path, message: describeIssue(issue) });
  }
  return problems;
}

/** The type or values a failed branch of a union expected, worded for a reader. */
function describeExpectedOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return describeExpected(issue.expected);
  if (issue.code === 'invalid_value') return issue.values.map((value) => JSON.stringify(value)).join(' or ');
  return 'something else';
}

/** Words one zod issue: types as YAML writers know them (a list, a mapping), the value received. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    return `must be ${describeExpected(issue.expected)} (got ${describeValue(issue.input)})`;
  }
  if (issue.code === 'invalid_value') {
    return `must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map(String).join(', ')} (got ${describeValue(issue.input)})`;
  }
  return issue.message;
}

/** describeExpected names a zod type the way a YAML reader says it: a list, a mapping, a number. */
export function describeExpected(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object' || expected === 'record') return 'a mapping';
  return `a ${expected}`;
}

/** describeValue names a YAML value briefly for an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}
