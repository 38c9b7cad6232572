/**
 * The evaluate stage's settings: which judge scores the frames, which vision model at which server, how many
 * answers and calls, the limits of each call and of the cost, the response cache and the prompts. One rule
 * and one default per setting, used by the `--flags` and a pipeline's `evaluate:` section alike (see
 * src/settings.ts). `resolveJudgeSettings` is also the one place that reads OPENAI_API_KEY and
 * OPENAI_BASE_URL, and so the one place that says a key is missing.
 */
import { criteriaRule, profileRule, type CriterionSwitch, type ProfileName } from './profiles.js';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { addSecrets, redact, urlCredentials } from '../secrets.js';
import { checkSetting, durationIn, flagOf, layer, nonEmptyText, numberAbove, oneOf, resolveSettings, ruleError, wholeNumber, type Resolved, type SettingRules } from '../settings.js';
import { findModel, type ModelPrices } from './models.js';
import type { JudgeName } from './types.js';

/** JudgeChoice is `--judge`: a judge, or `auto` (openai when an API key is set, else heuristic). */
export type JudgeChoice = JudgeName | 'auto';

/** judgeChoices lists what `--judge` accepts. */
export const judgeChoices: readonly JudgeChoice[] = ['auto', 'openai', 'heuristic'];

/**
 * RequestMode is how the OpenAI judge asks the rubric prompts: `per-prompt`, one request per prompt (the
 * frames are a shared prefix the provider's prompt cache may serve), or `combined`, every prompt in one
 * request with one answer schema (the frames are sent and billed once).
 */
export type RequestMode = 'per-prompt' | 'combined';

/** REQUEST_MODES lists what `--requests` accepts. */
export const REQUEST_MODES: readonly RequestMode[] = ['per-prompt', 'combined'];

/**
 * DEFAULT_MODEL is the vision model the OpenAI judge uses when none is given: gpt-6-luna, the replacement
 * OpenAI names for gpt-4.1 (which shuts down on 2027-01-14), with no shutdown announced and a price in the registry,
 * so `maxCost` works without `price`. A test keeps it out of its last 90 days.
 */
export const DEFAULT_MODEL = 'gpt-6-luna';

/** OPENAI_BASE_URL_DEFAULT is OpenAI's API, used when neither `baseURL` nor OPENAI_BASE_URL is set. */
export const OPENAI_BASE_URL_DEFAULT = 'https://api.openai.com/v1';

/** JudgeSettings are the settings of an evaluation; `resolveJudgeSettings` fills in the defaults. */
export interface JudgeSettings {
  /** Which judge scores the frames. @default 'auto' */
  judge?: JudgeChoice;
  /** Vision model id (see `termaudit models`). @default 'gpt-6-luna' (DEFAULT_MODEL) */
  model?: string;
  /** Base URL of an OpenAI-compatible API. @default process.env.OPENAI_BASE_URL, else OpenAI's */
  baseURL?: string;
  /** API key. @default process.env.OPENAI_API_KEY */
  apiKey?: string;
  /**
   * Independent answers per prompt; the median is kept and the spread reported. The OpenAI judge asks for
   * them as choices of one request (`n`), and as one request each when the server refuses that. @default 1
   */
  samples?: number;
  /** How the OpenAI judge asks the prompts: one request per prompt, or all in one (see RequestMode); the heuristic judge has no requests. @default 'per-prompt' */
  requests?: RequestMode;
  /** Calls in flight at once. @default 4 */
  concurrency?: number;
  /** Time limit of one HTTP attempt, in ms (the SDK retries timeouts). @default 120000 */
  timeoutMs?: number;
  /** Retries of a failed HTTP call (408/409/429/5xx, connection failures, timeouts), honouring retry-after. @default 3 */
  maxRetries?: number;
  /** Refuse to start when the estimated cost in US dollars is above this; a model without a known price then needs `price`. @default no limit */
  maxCost?: number;
  /** The model's price in US dollars per 1M tokens (`--price in=2,cached=0.5,out=8`): the estimate and the recorded cost use it. @default the registry's price (none for a model it does not know) */
  price?: ModelPrices;
  /** Use the on-disk response cache (a repeated evaluation costs nothing). @default true */
  cache?: boolean;
  /** Directory of the response cache. @default $TERMAUDIT_CACHE_DIR, $XDG_CACHE_HOME/termaudit/evaluations or ~/.cache/termaudit/evaluations */
  cacheDir?: string;
  /** The profile: which shipped prompts and criteria fit the program (see profiles.ts). @default 'multi-agent' */
  profile?: ProfileName;
  /** Prompts: ids of shipped prompts (`visual-clarity`) or prompt files; they replace the profile's. @default the profile's */
  prompts?: string[];
  /** Criterion switches over the profile's: `{ voting: 'off', contrast: { weight: 2 } }`. @default none */
  criteria?: Record<string, CriterionSwitch>;
}

/** PRICE_EXPECTED says what a price looks like, in a flag and in a file. */
const PRICE_EXPECTED = 'US dollars per 1M tokens as in=<USD>,cached=<USD>,out=<USD> or { input, cachedInput, output } (cached may be left out), e.g. in=2,cached=0.5,out=8';

/** priceAmount is a price of tokens: a finite number of at least 0 (text from a flag is read as a number). */
function priceAmount(value: unknown): number | undefined {
  const amount = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof amount === 'number' && Number.isFinite(amount) && amount >= 0 ? amount : undefined;
}

/**
 * parsePrice reads a price: `in=2,cached=0.5,out=8` (a flag; any order) or `{ input, cachedInput, output }`
 * (a file, or a library call). The cached price may be left out: cached tokens then cost the input price.
 * Undefined when the value is neither.
 */
export function parsePrice(value: unknown): ModelPrices | undefined {
  let fields: Record<string, unknown>;
  if (typeof value === 'string') {
    const names: Record<string, string> = { in: 'input', cached: 'cachedInput', out: 'output' };
    fields = {};
    for (const part of value.split(',')) {
      const match = /^\s*(in|cached|out)\s*=(.*)$/.exec(part);
      if (!match || names[match[1]!]! in fields) return undefined;
      fields[names[match[1]!]!] = match[2];
    }
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) fields = value as Record<string, unknown>;
  else return undefined;
  if (Object.keys(fields).some((key) => !['input', 'cachedInput', 'output'].includes(key))) return undefined;
  const input = priceAmount(fields.input);
  const output = priceAmount(fields.output);
  const cachedInput = fields.cachedInput === undefined ? input : priceAmount(fields.cachedInput);
  return input === undefined || output === undefined || cachedInput === undefined ? undefined : { input, cachedInput, output };
}

/** priceRule is the rule of a model's price (see parsePrice); it accepts its own result. */
const priceRule = z.unknown().transform((value, context) => {
  const price = parsePrice(value);
  if (price) return price;
  context.addIssue({ code: 'custom', message: ruleError(PRICE_EXPECTED)({ input: value }) });
  return z.NEVER;
});

/** judgeRules is the rule of every judge setting. */
export const judgeRules: SettingRules<JudgeSettings> = {
  judge: oneOf(judgeChoices),
  model: nonEmptyText(),
  baseURL: z.url({ error: ruleError('a URL such as https://api.openai.com/v1') }),
  apiKey: z.string(),
  samples: wholeNumber(1, 20),
  requests: oneOf(REQUEST_MODES),
  concurrency: wholeNumber(1, 64),
  timeoutMs: durationIn('ms'),
  maxRetries: wholeNumber(0, 10),
  maxCost: numberAbove(0, { inclusive: true }),
  price: priceRule,
  cache: z.boolean({ error: ruleError('true or false') }),
  cacheDir: nonEmptyText(),
  profile: profileRule,
  prompts: z.array(nonEmptyText(), { error: ruleError('a list of prompt ids or files') }).min(1, { error: 'must list at least one prompt' }),
  criteria: criteriaRule,
};

/** JUDGE_DEFAULTS holds the default of every judge setting that has one (the key and URL come from the environment). */
export const JUDGE_DEFAULTS = {
  judge: 'auto',
  model: DEFAULT_MODEL,
  samples: 1,
  requests: 'per-prompt',
  concurrency: 4,
  timeoutMs: 120_000,
  maxRetries: 3,
  cache: true,
} satisfies JudgeSettings;

/** ResolvedJudgeSettings are judge settings with every default applied, the judge chosen and the connection known. */
export interface ResolvedJudgeSettings extends Omit<Resolved<JudgeSettings, typeof JUDGE_DEFAULTS>, 'judge' | 'baseURL' | 'apiKey' | 'price'> {
  /** The judge `auto` chose, or the one asked for. */
  judge: JudgeName;
  /** Why this judge: `--judge heuristic`, `auto: OPENAI_API_KEY is set`, … */
  reason: string;
  /** The API base URL, without a trailing slash. */
  baseURL: string;
  /** The key sent to the API: a placeholder for servers other than OpenAI's when none is set (they accept any). */
  apiKey: string;
  /** What the model's tokens cost: the price given, else the registry's; undefined when neither is known (then nothing is estimated). */
  price: ModelPrices | undefined;
}

/** judgeFlags names the flags whose names are not their keys' kebab-case. */
const judgeFlags: Record<string, string> = { baseURL: '--base-url', maxRetries: '--retries', prompts: '--prompt', criteria: '--criterion' };

/** chooseJudge resolves `auto`: openai when an API key is set, else heuristic; returns the reason too. */
export function chooseJudge(choice: JudgeChoice, apiKey: string | undefined): { judge: JudgeName; reason: string } {
  if (choice === 'heuristic') return { judge: 'heuristic', reason: '--judge heuristic' };
  if (choice === 'openai') return { judge: 'openai', reason: '--judge openai' };
  return apiKey
    ? { judge: 'openai', reason: 'auto: OPENAI_API_KEY is set' }
    : { judge: 'heuristic', reason: 'auto: OPENAI_API_KEY is not set, so the offline heuristic judge scores the frames' };
}

/** CostEstimate names what an estimate is of, for the message of a cap it breaks. */
export interface CostEstimate {
  costUsd: number;
  calls: number;
  frames: number;
  model: string;
  /** What the calls are, when not an evaluation's: `the pairwise comparison`. */
  of?: string;
}

/**
 * checkCostCap throws the ConfigError of an estimate above the cost cap (`maxCost`), naming what was
 * estimated and, in `remedy`, what to do; it does nothing without a cap or within it. Every path that
 * spends money on the vision model checks its estimate here before its first call.
 */
export function checkCostCap(estimate: CostEstimate, maxCost: number | undefined, remedy: string): void {
  if (maxCost === undefined || estimate.costUsd <= maxCost) return;
  const of = estimate.of ? ` of ${estimate.of}` : '';
  throw new ConfigError(`the estimated cost $${estimate.costUsd.toFixed(4)}${of} (${estimate.calls} calls × ${estimate.frames} frames on ${estimate.model}) is above --max-cost $${maxCost}; ${remedy}`);
}

/**
 * resolveJudgeSettings checks the settings (a problem names its flag), applies the defaults, reads the key
 * and base URL from `env` when they are not given, chooses the judge and the price. The OpenAI judge at
 * OpenAI's own API without a key is a ConfigError; other servers get a placeholder key, since local servers
 * (Ollama, vLLM) accept any and the SDK insists on one. A cost cap on the OpenAI judge with a model of no
 * known price (neither given nor in the registry) is a ConfigError too: it could not be kept. Later partials win.
 */
export function resolveJudgeSettings(partials: readonly (JudgeSettings | undefined)[], env: NodeJS.ProcessEnv = process.env): ResolvedJudgeSettings {
  // The key termaudit sends and the credentials of a URL are secrets wherever they came from (see secrets.ts).
  const given = layer<JudgeSettings>(...partials);
  addSecrets([
    ...(given.apiKey ? [{ name: 'the API key', value: given.apiKey }] : []),
    ...(env.OPENAI_API_KEY ? [{ name: 'OPENAI_API_KEY', value: env.OPENAI_API_KEY }] : []),
    ...urlCredentials(given.baseURL ?? '', '--base-url'),
    ...urlCredentials(env.OPENAI_BASE_URL ?? '', 'OPENAI_BASE_URL'),
  ]);
  const settings = resolveSettings(judgeRules, JUDGE_DEFAULTS, given, (key) => judgeFlags[key] ?? flagOf(key));
  const key = settings.apiKey ?? env.OPENAI_API_KEY ?? '';
  const baseURL = (settings.baseURL ?? (env.OPENAI_BASE_URL ? checkSetting(judgeRules.baseURL, env.OPENAI_BASE_URL, 'OPENAI_BASE_URL') : OPENAI_BASE_URL_DEFAULT)).replace(/\/+$/, '');
  const { username, password } = new URL(baseURL);
  if (username || password) {
    // fetch refuses such a URL, and the SDK sends the key as a bearer token: the password would only leak.
    const flag = settings.baseURL === undefined ? 'OPENAI_BASE_URL' : '--base-url';
    throw new ConfigError(`${flag}: a user name or password in the URL is not supported (${redact(baseURL)}); give the key in OPENAI_API_KEY instead`);
  }
  const choice = chooseJudge(settings.judge, key || undefined);
  if (choice.judge === 'openai' && key === '' && new URL(baseURL).host === new URL(OPENAI_BASE_URL_DEFAULT).host) {
    throw new ConfigError('--judge openai needs an API key: OPENAI_API_KEY is not set (export your OpenAI API key, or point --base-url at an OpenAI-compatible server that needs none)');
  }
  const price = settings.price ?? findModel(settings.model)?.prices;
  // A cap without a price could not be kept: no estimate can be checked against it before money is spent.
  if (choice.judge === 'openai' && settings.maxCost !== undefined && price === undefined) {
    throw new ConfigError(
      `--max-cost: model "${settings.model}" has no known price, so the cost of its calls cannot be estimated; give it with --price in=<USD>,cached=<USD>,out=<USD> (per 1M tokens; evaluate.price in a pipeline file), or leave out --max-cost`,
    );
  }
  return { ...settings, ...choice, baseURL, apiKey: key || 'no-key', price };
}
