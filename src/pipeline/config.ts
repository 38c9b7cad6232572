/**
 * The pipeline file: one YAML file describing an audit, shared `defaults` plus a list of `scenarios`. It
 * is validated before anything runs (the schema in `config-schema.ts`: unknown keys, wrong types, values
 * out of range, bad durations; then names, `${VAR}` references and the files it points at), every problem
 * reported at once as one ConfigError with a `file:line:col: key.path: message` line each. What it hands
 * to the runner is a PipelineConfig: each scenario with `defaults` merged in, every path absolute,
 * variables expanded and the secret values listed for redaction. The settings keep the values written:
 * their stages apply the defaults. The format is documented in `pipeline/README.md`.
 */
import { isShippedPromptId, shippedPromptIdsSync } from '../evaluate/profiles.js';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { sha256Hex } from '../hash.js';
import { addSecrets, secretsOfEnvironment } from '../secrets.js';
import { ConfigError, reasonOf } from '../errors.js';
import { builtInThemeNames } from '../render/theme.js';
import { DEFAULT_OUT_ROOT } from '../record/record-settings.js';
import { documentValue, type KeyPath, type YamlProblem, yamlProblemsError, zodProblems } from '../yaml-problems.js';
import { expandVariables, scenarioSecrets, type Expansion } from './config-env.js';
import {
  allowedKeysAt,
  defaultsSchema,
  KEBAB_CASE,
  parseSectionKeys,
  pipelineFileSchema,
  scenarioSchema,
  type DefaultsSection,
  type ScenarioSection,
} from './config-schema.js';
import type { PipelineConfig, ScenarioConfig, ScenarioPretest } from './types.js';


/** PathKind is what a path names on disk, or undefined when nothing is there. */
export type PathKind = 'file' | 'directory' | 'other' | undefined;

/** PipelineParseOptions are the surroundings a pipeline file is resolved in. */
export interface PipelineParseOptions {
  /**
   * The environment `${VAR}` is expanded from.
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /**
   * The current directory: `outRoot` and the default `cwd` of scenarios are relative to it, and so is a
   * relative pipeline path.
   * @default process.cwd()
   */
  cwd?: string;
  /**
   * Says what an absolute path names on disk; the only effect of parsing (the files a pipeline points at
   * must exist). Tests can pass a function over an in-memory tree.
   * @default a `statSync` lookup
   */
  pathKind?: (absolutePath: string) => PathKind;
}

/**
 * loadPipeline reads a pipeline file and resolves it (see parsePipelineText). A missing or unreadable file
 * is a ConfigError naming it.
 */
export async function loadPipeline(path: string, options: Omit<PipelineParseOptions, 'pathKind'> = {}): Promise<PipelineConfig> {
  const absolute = resolve(options.cwd ?? process.cwd(), path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`pipeline file not found: ${path} (write one with termaudit init)`, { cause: error });
    throw new ConfigError(`cannot read pipeline file ${path}: ${reasonOf(error)}`, { cause: error });
  }
  return parsePipelineText(text, path, options);
}

/** YAML_OPTIONS are how a pipeline file is parsed: positions kept for messages, a key written twice an error. */
const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/**
 * parsePipelineText validates and resolves the text of a pipeline file. `path` names the file in error
 * messages as given; relative paths inside the file are taken from its directory. Throws one ConfigError
 * listing every problem, one `file:line:col: key.path: message` line each. Its effects are checking that
 * the files and directories the pipeline names exist (`options.pathKind`) and making its secrets known
 * (see secrets.ts), before any problem is reported.
 */
export function parsePipelineText(text: string, path: string, options: PipelineParseOptions = {}): PipelineConfig {
  const cwd = options.cwd ?? process.cwd();
  const context: ResolveContext = {
    env: options.env ?? process.env,
    cwd,
    baseDir: dirname(resolve(cwd, path)),
    pathKind: options.pathKind ?? statPathKind,
    problems: [],
  };
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  const fail = () => yamlProblemsError(path, document, lineCounter, context.problems);
  if (document.errors.length > 0) {
    for (const error of document.errors) context.problems.push({ path: [], offset: error.pos[0], message: `YAML syntax error: ${error.message}` });
    throw fail();
  }
  const read = documentValue(document);
  if ('problem' in read) {
    context.problems.push(read.problem);
    throw fail();
  }
  const value = read.value;
  // The environment's secrets are known before any problem is reported: a message may quote an expanded value.
  addSecrets(secretsOfEnvironment(context.env, listedSecretNames(value)));
  if (value === null || value === undefined) {
    context.problems.push({ path: [], message: 'the file is empty: it needs at least `scenarios:` with one scenario (termaudit init writes a starter)' });
    throw fail();
  }
  const top = pipelineFileSchema.safeParse(value, { reportInput: true });
  if (!top.success) context.problems.push(...zodProblems(top.error.issues, [], allowedKeysAt));
  const raw = value as { defaults?: unknown; scenarios?: unknown };

  const name = top.success && top.data.name !== undefined ? top.data.name : basename(path, extname(path));
  if (!(top.success && top.data.name !== undefined) && !KEBAB_CASE.test(name)) {
    context.problems.push({ path: [], message: `the file name "${name}" is not a kebab-case pipeline name: add \`name: <kebab-case-name>\`` });
  }

  let defaults: ResolvedSection | undefined;
  if (raw.defaults !== undefined && raw.defaults !== null) {
    const parsed = parseSectionKeys(defaultsSchema, raw.defaults);
    context.problems.push(...zodProblems(parsed.issues, ['defaults'], allowedKeysAt));
    defaults = resolveSection(parsed.valid, ['defaults'], context);
  }

  const scenarios: ScenarioConfig[] = [];
  const rawScenarios = Array.isArray(raw.scenarios) ? (raw.scenarios as unknown[]) : [];
  const firstByName = new Map<string, number>();
  rawScenarios.forEach((rawScenario, index) => {
    const prefix: KeyPath = ['scenarios', index];
    const scenarioName = (rawScenario as { name?: unknown } | null)?.name;
    if (typeof scenarioName === 'string') {
      const first = firstByName.get(scenarioName);
      if (first === undefined) firstByName.set(scenarioName, index);
      else context.problems.push({ path: [...prefix, 'name'], message: `duplicate scenario name "${scenarioName}" (also scenarios[${first}].name): names must be unique` });
    }
    const parsed = parseSectionKeys(scenarioSchema, rawScenario);
    context.problems.push(...zodProblems(parsed.issues, prefix, allowedKeysAt));
    // The valid keys are still resolved, so a missing file or variable is reported with the type errors.
    const own = resolveSection(parsed.valid, prefix, context);
    if (parsed.issues.length > 0) return;
    const plan = planScenario(parsed.valid as ScenarioSection, own, defaults, prefix, raw.defaults, context);
    if (plan) scenarios.push(plan);
  });

  if (context.problems.length > 0 || !top.success) throw fail();
  for (const scenario of scenarios) addSecrets(scenario.secrets);
  return {
    name,
    path: resolve(cwd, path),
    sha256: sha256Hex(text),
    outRoot: resolve(cwd, top.data.outRoot ?? DEFAULT_OUT_ROOT),
    scenarios,
  };
}

/** listedSecretNames collects the names in every `secrets:` list of a pipeline document, checked or not. */
function listedSecretNames(document: unknown): string[] {
  const sections = [(document as { defaults?: unknown } | null)?.defaults, ...((document as { scenarios?: unknown } | null)?.scenarios as unknown[] | undefined ?? [])];
  return sections.flatMap((section) => {
    const names = (section as { secrets?: unknown } | null | undefined)?.secrets;
    return Array.isArray(names) ? names.filter((name): name is string => typeof name === 'string') : [];
  });
}

/**
 * scenarioNamesOf returns the names of a pipeline file's scenarios, in file order, when its text has them
 * all; undefined when it does not parse or some scenario has no name. It checks nothing else (no files, no
 * variables), so `merge` can learn the scenarios of a shard it lacks on a machine that could not run them.
 */
export function scenarioNamesOf(text: string): string[] | undefined {
  const document = parseDocument(text, YAML_OPTIONS);
  const read = document.errors.length === 0 ? documentValue(document) : undefined;
  const scenarios = read && 'value' in read ? (read.value as { scenarios?: unknown } | null)?.scenarios : undefined;
  if (!Array.isArray(scenarios)) return undefined;
  const names = scenarios.map((scenario) => (scenario as { name?: unknown } | null)?.name);
  return names.every((name): name is string => typeof name === 'string') ? names : undefined;
}

/** What resolving a pipeline needs, and where its problems go. */
interface ResolveContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The pipeline file's directory. */
  baseDir: string;
  pathKind: (absolutePath: string) => PathKind;
  problems: YamlProblem[];
}

/** A section (defaults or one scenario) with variables expanded and paths absolute, keys still optional. */
type ResolvedSection = Omit<DefaultsSection, 'env'> & {
  command?: string[];
  env?: Record<string, string>;
  /** Values that came from the environment. */
  expansions: Expansion[];
};

/**
 * Expands variables and resolves paths of one section, checking that the files it names exist; problems
 * are recorded at the section's key paths, so one in `defaults` is reported once, where it is written.
 */
function resolveSection(section: DefaultsSection | Partial<ScenarioSection>, prefix: KeyPath, context: ResolveContext): ResolvedSection {
  const expansions: Expansion[] = [];
  const expand = (text: string, path: KeyPath): string => {
    const expanded = expandVariables(text, context.env);
    expansions.push(...expanded.expansions);
    for (const message of expanded.problems) context.problems.push({ path, message });
    return expanded.value;
  };
  const existing = (relativePath: string, path: KeyPath, kind: 'file' | 'directory', what: string): string => {
    const absolute = resolve(context.baseDir, relativePath);
    const found = context.pathKind(absolute);
    if (found !== kind) {
      const problem = found === undefined ? 'not found' : `is not a ${kind}`;
      const base = isAbsolute(relativePath) ? '' : ` (relative paths start at the pipeline file's directory, ${context.baseDir})`;
      context.problems.push({ path, message: `${what} ${absolute} ${problem}${base}` });
    }
    return absolute;
  };

  const { env: rawEnv, ...rest } = section as DefaultsSection & { command?: string | string[] };
  const resolved: ResolvedSection = { ...(rest as Omit<DefaultsSection, 'env'>), expansions };
  const command = (section as { command?: string | string[] }).command;
  if (command !== undefined) {
    // A string is split on whitespace (no shell, no quoting); each word is expanded on its own, so a value
    // with spaces stays one argument.
    const words = typeof command === 'string' ? command.trim().split(/\s+/) : command;
    resolved.command = words.map((word, index) => expand(word, typeof command === 'string' ? [...prefix, 'command'] : [...prefix, 'command', index]));
    if (resolved.command[0] === '') context.problems.push({ path: [...prefix, 'command'], message: 'the program name must not be empty' });
  }
  if (rawEnv !== undefined) {
    resolved.env = Object.fromEntries(Object.entries(rawEnv).map(([key, value]) => [key, expand(String(value), [...prefix, 'env', key])]));
  }
  if (section.cwd !== undefined) resolved.cwd = existing(expand(section.cwd, [...prefix, 'cwd']), [...prefix, 'cwd'], 'directory', 'working directory');
  if (section.tape !== undefined) resolved.tape = existing(section.tape, [...prefix, 'tape'], 'file', 'tape');
  const theme = section.render?.theme;
  if (theme !== undefined && !builtInThemeNames.includes(theme)) {
    if (/[\\/]|\.json$/i.test(theme)) resolved.render = { ...section.render, theme: existing(theme, [...prefix, 'render', 'theme'], 'file', 'theme file') };
    else context.problems.push({ path: [...prefix, 'render', 'theme'], message: `unknown theme "${theme}" (built in: ${builtInThemeNames.join(', ')}; or a .json theme file)` });
  }
  if (section.evaluate?.prompts !== undefined) {
    // A shipped prompt goes by its id (`visual-clarity`); a file of the user's by its path.
    const prompts = section.evaluate.prompts.map((prompt, index) => {
      const path = [...prefix, 'evaluate', 'prompts', index];
      if (!isShippedPromptId(prompt)) return existing(prompt, path, 'file', 'prompt file');
      const shipped = shippedPromptIdsSync();
      if (!shipped.includes(prompt)) {
        context.problems.push({ path, message: `no shipped prompt "${prompt}" (shipped: ${shipped.join(', ')}); a prompt file of your own is named by its path, e.g. ./${prompt}.md` });
      }
      return prompt;
    });
    resolved.evaluate = { ...section.evaluate, prompts };
  }
  if (section.gate?.baseline !== undefined) resolved.gate = { ...section.gate, baseline: resolve(context.baseDir, section.gate.baseline) };
  return resolved;
}

/**
 * Builds one ScenarioConfig: the scenario's keys over `defaults`, objects merged key by key. Returns
 * undefined (after recording the problem) when the merged scenario is inconsistent.
 */
function planScenario(
  scenario: ScenarioSection,
  own: ResolvedSection,
  defaults: ResolvedSection | undefined,
  prefix: KeyPath,
  rawDefaults: unknown,
  context: ResolveContext,
): ScenarioConfig | undefined {
  const merged = mergeSections(defaults ?? { expansions: [] }, own);
  // Where a merged key was written: in the scenario when it sets it, else in `defaults`.
  const origin = (...keys: string[]): KeyPath => {
    const has = (value: unknown) => keys.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value) !== undefined;
    return has(scenario) || !has(rawDefaults) ? [...prefix, ...keys] : ['defaults', ...keys];
  };

  const pretestSetting = merged.pretest;
  let pretest: ScenarioPretest | false = false;
  if (pretestSetting !== undefined && pretestSetting !== false) {
    const written = pretestSetting === true ? {} : pretestSetting;
    if (written.mode === 'smoke' && written.for === undefined) {
      context.problems.push({ path: origin('pretest', 'mode'), message: 'smoke mode needs `for: <duration>` (how long the target runs before the gate decides)' });
      return undefined;
    }
    pretest = {
      ...(written.automationArgs !== undefined && { automationArgs: written.automationArgs }),
      ...(written.mode !== undefined && { mode: written.mode }),
      ...(written.for !== undefined && { forMs: written.for }),
      ...(written.timeout !== undefined && { timeoutMs: written.timeout }),
      ...(written.stuckAfter !== undefined && { stuckAfterMs: written.stuckAfter }),
      ...(written.expect !== undefined && { expect: written.expect }),
    };
  }
  const { baseUrl, ...evaluate } = merged.evaluate ?? {};
  const env = merged.env ?? {};
  return {
    name: scenario.name,
    ...(scenario.description !== undefined && { description: scenario.description }),
    ...(scenario.expect === 'fail' && { expect: 'fail' as const }),
    command: own.command ?? [],
    cwd: merged.cwd ?? context.cwd,
    env,
    secrets: scenarioSecrets(merged.expansions, env, merged.secrets ?? []),
    ...(merged.tape !== undefined && { tape: merged.tape }),
    record: { ...merged.terminal, ...(merged.timeout !== undefined && { timeoutMs: merged.timeout }) },
    pretest,
    render: { ...merged.render },
    sample: { ...(merged.sample?.frames !== undefined && { frames: merged.sample.frames }), ...(merged.sample?.strategy !== undefined && { strategies: merged.sample.strategy }) },
    evaluate: { ...evaluate, ...(baseUrl !== undefined && { baseURL: baseUrl }) },
    gate: { ...merged.gate },
  };
}

/**
 * Lays a scenario's section over `defaults`: plain objects merge key by key (at any depth), anything else
 * (a value, a list, `pretest: false`) replaces. `pretest: true` over a `defaults` pretest keeps those
 * settings; `secrets:` lists add up. The environment values both brought in are kept for secret detection.
 */
function mergeSections(base: ResolvedSection, over: ResolvedSection): ResolvedSection {
  const { expansions: baseExpansions, ...baseRest } = base;
  const { expansions: overExpansions, ...overRest } = over;
  if (overRest.pretest === true && isPlainObject(baseRest.pretest)) delete overRest.pretest;
  const merged = mergeObjects(baseRest, overRest) as Omit<ResolvedSection, 'expansions'>;
  // Secret names add up rather than replace: forgetting one in a scenario must not un-redact it.
  if (baseRest.secrets !== undefined || overRest.secrets !== undefined) merged.secrets = [...new Set([...(baseRest.secrets ?? []), ...(overRest.secrets ?? [])])];
  return { ...merged, expansions: [...baseExpansions, ...overExpansions] };
}

function mergeObjects(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeObjects(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a path names on disk, by `statSync` (following symbolic links). */
function statPathKind(absolutePath: string): PathKind {
  try {
    const stats = statSync(absolutePath);
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
  } catch {
    return undefined;
  }
}
