/**
 * The registry of vision models the OpenAI judge knows: how each one counts the tokens of an image, what it
 * costs per million tokens, and when it is shut down. From these follow the size frames are rendered at
 * (the largest the API processes without downscaling), the cost of a call, and the estimate printed before
 * an evaluation spends money. Unknown model ids are allowed (custom OpenAI-compatible servers): they have no
 * registry entry, so no price is known unless the user gives one (`--price`, see judge-settings.ts).
 */

/**
 * TileMethod counts image tokens the way GPT-4o and GPT-4.1 do at `detail: 'high'`: the image is scaled to fit
 * 2048×2048, then so that its short side is at most 768 px, and each 512-px tile costs `tileTokens` on top
 * of `baseTokens`.
 */
export interface TileMethod {
  kind: 'tiles';
  baseTokens: number;
  tileTokens: number;
}

/**
 * PatchMethod counts image tokens the way the GPT-4.1 mini/nano and GPT-5 mini models do (and, assumed, the
 * GPT-6 models: see GPT6_IMAGE_TOKENS): one token per 32-px patch, at most 1536 patches (larger images are
 * scaled down to fit), times `multiplier`.
 */
export interface PatchMethod {
  kind: 'patches';
  multiplier: number;
}

/** ImageTokenMethod is how a model turns an image into input tokens. */
export type ImageTokenMethod = TileMethod | PatchMethod;

/** ModelPrices are US dollars per one million tokens. */
export interface ModelPrices {
  input: number;
  /** Input tokens served from the provider's prompt cache. */
  cachedInput: number;
  output: number;
}

/** SourceNote says where figures come from: a URL, what it says (or who quotes what), and the day (`YYYY-MM-DD`) they were checked there. */
export interface SourceNote {
  url: string;
  notice: string;
  checked: string;
}

/** ModelCapabilities are what a model accepts, as its source gives them. */
export interface ModelCapabilities {
  /** The context window in tokens (input and output together). */
  contextWindow: number;
  /** The model reads images (the judge sends nothing else of substance). */
  imageInput: boolean;
}

/** ModelInfo is one entry of the registry. */
export interface ModelInfo {
  id: string;
  imageTokens: ImageTokenMethod;
  prices: ModelPrices;
  /** Context window and image input, when the entry's figures were checked against a source (see figuresSource). */
  capabilities?: ModelCapabilities;
  /**
   * Where the prices, the image token method and the capabilities come from, and when they were checked;
   * undefined for the entries whose figures were shipped before termaudit recorded sources (not re-checked since).
   */
  figuresSource?: SourceNote;
  /** Announced shutdown date (`YYYY-MM-DD`, UTC), or undefined when none is known. */
  shutdown?: string;
  /** The model OpenAI recommends in its place once it shuts down, or undefined when no source names one. */
  replacement?: string;
  /** Where the shutdown date and replacement (or that none is announced) come from, and when they were checked there. */
  lifecycleSource?: SourceNote;
}

/** PATCH_SIZE is the side in pixels of one patch of the patch method. */
export const PATCH_SIZE = 32;
/** PATCH_CAP is the most patches the patch method processes; larger images are scaled down to fit. */
export const PATCH_CAP = 1536;
/** TILE_SIZE is the side in pixels of one tile of the tile method. */
export const TILE_SIZE = 512;
const TILE_FIT = 2048;
const TILE_SHORT_SIDE = 768;

const tiles = (baseTokens: number, tileTokens: number): TileMethod => ({ kind: 'tiles', baseTokens, tileTokens });
const patches = (multiplier: number): PatchMethod => ({ kind: 'patches', multiplier });

/** DEPRECATIONS_PAGE is OpenAI's list of shutdown dates and recommended replacements. */
export const DEPRECATIONS_PAGE = 'https://developers.openai.com/api/docs/deprecations';

/** REGISTRY_CHECKED is the day the registry's lifecycle figures were last compared with their sources. */
export const REGISTRY_CHECKED = '2026-12-02';

// The 2026-10-14 notice on the deprecations page: the GPT-4o, GPT-4o mini, GPT-4.1 and GPT-4.1 mini snapshots
// leave the API on 2027-01-14, with gpt-6-luna as the replacement of all four.
const gpt4Notice = { url: DEPRECATIONS_PAGE, notice: '2026-10-14: GPT-4 family deprecations', checked: REGISTRY_CHECKED };
// The 2026-06-11 notice: gpt-5, gpt-5-mini and gpt-5-nano (and their snapshots) leave the API on 2026-12-11.
const gpt5Notice = { url: DEPRECATIONS_PAGE, notice: '2026-06-11: GPT-5 and o3 deprecations', checked: REGISTRY_CHECKED };
// The prices and image token methods of the GPT-4 and GPT-5 entries were shipped before termaudit recorded
// where figures come from; they have no figuresSource and were not re-checked on REGISTRY_CHECKED.
// gpt-4.1-nano's shutdown on 2026-10-23: the stored copies of OpenAI's page do not show its row, so the date is
// taken from an article quoting the page as of 2026-10-15; no replacement is recorded, as none was seen.
const nanoNotice = {
  url: 'https://dev.to/importstatic/every-openai-model-shutdown-date-until-january-2027-and-what-replaces-it-1dfk',
  notice: "OpenAI's deprecations page as quoted on 2026-10-15",
  checked: REGISTRY_CHECKED,
};

// The GPT-6 models that replace them. None is on the deprecations page, and the API reference's list of model
// ids (which marks every deprecated id with its shutdown date) marks none of them.
const gpt6Active = {
  url: DEPRECATIONS_PAGE,
  notice: "no shutdown announced: not on the page, and not marked deprecated in the API reference's model ids (developers.openai.com/api/reference/resources/$shared)",
  checked: REGISTRY_CHECKED,
};

/**
 * GPT6_IMAGE_TOKENS is the image token method assumed for the GPT-6 models. No source seen publishes one for
 * them, so the registry takes the rule of the GPT-5 family they replace that counts more tokens for a
 * terminal frame: GPT-5 mini's 32-px patches ×1.2 (about 1,840 tokens for a 16:9 frame at its largest,
 * against 910 for GPT-5's tiles). Estimates then err high, never low, and a cost cap holds.
 */
const GPT6_IMAGE_TOKENS = patches(1.2);
const gpt6ImageNote = 'no image token rule is published for GPT-6; GPT-5 mini\'s (32-px patches ×1.2) is assumed, the GPT-5 rule that counts more tokens per frame';

/**
 * MODELS lists the supported models with their image token method, prices (per 1M tokens) and lifecycle. The
 * lifecycle here is only the fallback: at evaluate start the server's own entry (`GET /models/{id}`, its
 * `shutdown_date`) wins, and this registry supplies the replacement the server does not carry. Prices are
 * the standard tier's for prompts below 272K input tokens (a judge call is far below).
 */
export const MODELS: readonly ModelInfo[] = [
  { id: 'gpt-4.1', imageTokens: tiles(85, 170), prices: { input: 2.0, cachedInput: 0.5, output: 8.0 }, shutdown: '2027-01-14', replacement: 'gpt-6-luna', lifecycleSource: gpt4Notice },
  { id: 'gpt-4.1-mini', imageTokens: patches(1.62), prices: { input: 0.4, cachedInput: 0.1, output: 1.6 }, shutdown: '2027-01-14', replacement: 'gpt-6-luna', lifecycleSource: gpt4Notice },
  { id: 'gpt-4.1-nano', imageTokens: patches(2.46), prices: { input: 0.1, cachedInput: 0.025, output: 0.4 }, shutdown: '2026-10-23', lifecycleSource: nanoNotice },
  { id: 'gpt-4o', imageTokens: tiles(85, 170), prices: { input: 2.5, cachedInput: 1.25, output: 10.0 }, shutdown: '2027-01-14', replacement: 'gpt-6-luna', lifecycleSource: gpt4Notice },
  { id: 'gpt-4o-mini', imageTokens: tiles(2833, 5667), prices: { input: 0.15, cachedInput: 0.075, output: 0.6 }, shutdown: '2027-01-14', replacement: 'gpt-6-luna', lifecycleSource: gpt4Notice },
  { id: 'gpt-5', imageTokens: tiles(70, 140), prices: { input: 1.25, cachedInput: 0.125, output: 10.0 }, shutdown: '2026-12-11', replacement: 'gpt-6.1-sol', lifecycleSource: gpt5Notice },
  { id: 'gpt-5-mini', imageTokens: patches(1.2), prices: { input: 0.25, cachedInput: 0.025, output: 2.0 }, shutdown: '2026-12-11', replacement: 'gpt-6.1-terra', lifecycleSource: gpt5Notice },
  {
    id: 'gpt-6-luna',
    imageTokens: GPT6_IMAGE_TOKENS,
    prices: { input: 0.1, cachedInput: 0.01, output: 0.5 },
    capabilities: { contextWindow: 1_050_000, imageInput: true },
    figuresSource: {
      url: 'https://developers.openai.com/api/docs/models/gpt-6-luna',
      notice: `OpenAI's model page (the stored copy is its ja-JP edition): $0.10 input, $0.01 cached input, $0.50 output per 1M tokens; 1,050,000-token context; text and image input; ${gpt6ImageNote}`,
      checked: REGISTRY_CHECKED,
    },
    lifecycleSource: gpt6Active,
  },
  {
    id: 'gpt-6.1-sol',
    imageTokens: GPT6_IMAGE_TOKENS,
    prices: { input: 2.0, cachedInput: 0.1, output: 10.0 },
    capabilities: { contextWindow: 1_050_000, imageInput: true },
    figuresSource: {
      url: 'https://developers.openai.com/api/docs/models/gpt-6.1-sol',
      notice: `OpenAI's model page as translated by w3cschool.cn (the page itself was not seen), $2/$10 confirmed by Vercel's AI Gateway: $2 input, $0.10 cached input, $10 output per 1M tokens; 1,050,000-token context; text and image input; ${gpt6ImageNote}`,
      checked: REGISTRY_CHECKED,
    },
    lifecycleSource: gpt6Active,
  },
  {
    id: 'gpt-6.1-terra',
    imageTokens: GPT6_IMAGE_TOKENS,
    prices: { input: 1.0, cachedInput: 0.05, output: 5.0 },
    capabilities: { contextWindow: 1_050_000, imageInput: true },
    figuresSource: {
      url: 'https://docs.litellm.ai/blog/gpt-6-1-terra',
      notice: `LiteLLM's launch note quoting OpenAI (OpenAI's own page was not seen): $1 input, $0.05 cached input, $5 output per 1M tokens; 1,050,000-token context; text and image input per Venice's and OpenRouter's listings; ${gpt6ImageNote}`,
      checked: REGISTRY_CHECKED,
    },
    lifecycleSource: gpt6Active,
  },
];

/** findModel returns the registry entry of a model id, or undefined for a model the registry does not know. */
export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((model) => model.id === id);
}

/** tileProcessedSize returns the size a tile-method model processes an image at (it only scales down). */
function tileProcessedSize(width: number, height: number): { width: number; height: number } {
  const factor = Math.min(1, TILE_FIT / Math.max(width, height), TILE_SHORT_SIDE / Math.min(width, height));
  return { width: Math.round(width * factor), height: Math.round(height * factor) };
}

/** patchCount returns how many patches a patch-method model bills for an image, after its downscaling to the cap. */
function patchCount(width: number, height: number): number {
  const raw = Math.ceil(width / PATCH_SIZE) * Math.ceil(height / PATCH_SIZE);
  if (raw <= PATCH_CAP) return raw;
  // OpenAI's documented procedure: scale to the cap's area, then shrink so one side is a whole number of patches.
  let ratio = Math.sqrt((PATCH_SIZE * PATCH_SIZE * PATCH_CAP) / (width * height));
  const widthPatches = (width * ratio) / PATCH_SIZE;
  const heightPatches = (height * ratio) / PATCH_SIZE;
  ratio *= Math.min(Math.floor(widthPatches) / widthPatches, Math.floor(heightPatches) / heightPatches);
  return Math.min(PATCH_CAP, Math.ceil((width * ratio) / PATCH_SIZE) * Math.ceil((height * ratio) / PATCH_SIZE));
}

/** imageTokens returns the input tokens one image of width×height costs with `model` at `detail: 'high'`. */
export function imageTokens(model: ModelInfo, width: number, height: number): number {
  const method = model.imageTokens;
  if (method.kind === 'patches') return Math.ceil(patchCount(width, height) * method.multiplier);
  const size = tileProcessedSize(width, height);
  const count = Math.ceil(size.width / TILE_SIZE) * Math.ceil(size.height / TILE_SIZE);
  return method.baseTokens + method.tileTokens * count;
}

/**
 * apiImageSize returns the largest image with the aspect aspectWidth:aspectHeight that `model` processes
 * without downscaling it: the size the evaluate stage renders frames at, so the model sees every pixel.
 */
export function apiImageSize(model: ModelInfo, aspectWidth: number, aspectHeight: number): { width: number; height: number } {
  if (!(aspectWidth > 0 && aspectHeight > 0)) {
    throw new TypeError(`apiImageSize: the aspect must be positive, got ${aspectWidth}:${aspectHeight}`);
  }
  if (model.imageTokens.kind === 'tiles') {
    const scale = Math.min(TILE_FIT / Math.max(aspectWidth, aspectHeight), TILE_SHORT_SIDE / Math.min(aspectWidth, aspectHeight));
    return { width: Math.max(1, Math.floor(aspectWidth * scale)), height: Math.max(1, Math.floor(aspectHeight * scale)) };
  }
  // Walk the short side down from the area bound; the long side follows the aspect. The patch grid only
  // shrinks as the short side does, so the first size that fits the cap is the largest.
  const landscape = aspectWidth >= aspectHeight;
  const ratio = landscape ? aspectWidth / aspectHeight : aspectHeight / aspectWidth;
  const bound = Math.sqrt((PATCH_SIZE * PATCH_SIZE * PATCH_CAP) / ratio);
  for (let short = Math.ceil(bound) + 1; short > 1; short -= 1) {
    const long = Math.floor(short * ratio + 1e-9);
    if (Math.ceil(short / PATCH_SIZE) * Math.ceil(long / PATCH_SIZE) <= PATCH_CAP) {
      return landscape ? { width: long, height: short } : { width: short, height: long };
    }
  }
  return landscape ? { width: Math.max(1, Math.floor(ratio)), height: 1 } : { width: 1, height: Math.max(1, Math.floor(ratio)) };
}

/**
 * estimateTextTokens estimates the tokens of a text as characters / 4. It is an estimate for cost previews
 * only (no tokenizer is bundled); real calls are billed by the API's `usage`.
 */
export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** TokenCounts are the tokens of one call (or of many), as the API reports them. */
export interface TokenCounts {
  inputTokens: number;
  /** Part of inputTokens served from the provider's prompt cache. */
  cachedInputTokens: number;
  outputTokens: number;
}

/** tokenCost returns the US dollars of `tokens` at `model`'s prices (cached input at the cached price). */
export function tokenCost(model: Pick<ModelInfo, 'prices'>, tokens: TokenCounts): number {
  const uncached = Math.max(0, tokens.inputTokens - tokens.cachedInputTokens);
  const { input, cachedInput, output } = model.prices;
  return (uncached * input + tokens.cachedInputTokens * cachedInput + tokens.outputTokens * output) / 1_000_000;
}

/** MIN_CACHED_PREFIX is the shortest prompt prefix OpenAI's automatic prompt cache serves (tokens). */
export const MIN_CACHED_PREFIX = 1024;
/** CACHE_INCREMENT is the granularity of the cached prefix beyond MIN_CACHED_PREFIX (tokens). */
export const CACHE_INCREMENT = 128;

/** cacheablePrefixTokens returns how many tokens of a shared prefix OpenAI's prompt cache can serve. */
export function cacheablePrefixTokens(prefixTokens: number): number {
  return prefixTokens < MIN_CACHED_PREFIX ? 0 : Math.floor(prefixTokens / CACHE_INCREMENT) * CACHE_INCREMENT;
}

/** PER_FRAME_OVERHEAD_TOKENS estimates the label (`Frame 3 · 00:12.4`) and message framing around each image. */
export const PER_FRAME_OVERHEAD_TOKENS = 12;
/** PREFIX_OVERHEAD_TOKENS estimates the fixed system instructions and message framing of every call. */
export const PREFIX_OVERHEAD_TOKENS = 250;

/** OUTPUT_TOKENS_PER_ANSWER is the expected output of one answer to one rubric prompt, in tokens (a rough estimate). */
export const OUTPUT_TOKENS_PER_ANSWER = 700;

/** EvaluationCostInput describes an evaluation to estimate: frames sent with every call, prompts, samples. */
export interface EvaluationCostInput {
  model: ModelInfo;
  frames: readonly { width: number; height: number }[];
  /**
   * Each prompt's rubric text, in (estimated) tokens (see estimateTextTokens): one call each. `answers` is
   * how many answers the call asks for as choices (`n`: the input is billed once, the output per answer;
   * default 1); `outputTokens` the output of one answer (default outputTokensPerCall).
   */
  prompts: readonly { textTokens: number; answers?: number; outputTokens?: number }[];
  /** Independent answers per prompt, each a call of its own. @default 1 */
  samples?: number;
  /** Expected output tokens of one call. @default OUTPUT_TOKENS_PER_ANSWER */
  outputTokensPerCall?: number;
  /** Frames first, rubric last, so calls 2..N reuse the cached frames prefix. @default true */
  cacheOrdering?: boolean;
}

/** EvaluationCostEstimate is the estimated cost (US dollars) and tokens of a whole evaluation. */
export interface EvaluationCostEstimate extends TokenCounts {
  /** Average dollars per call. */
  perCall: number;
  total: number;
  calls: number;
}

/**
 * estimateEvaluationCost estimates what an evaluation costs: every call sends the frames (the shared prefix)
 * and one rubric. With cacheOrdering, calls after the first are billed the cached price for the cacheable
 * part of the shared prefix; without it nothing is assumed cached.
 */
export function estimateEvaluationCost(input: EvaluationCostInput): EvaluationCostEstimate {
  const samples = input.samples ?? 1;
  const outputTokensPerCall = input.outputTokensPerCall ?? OUTPUT_TOKENS_PER_ANSWER;
  const cacheOrdering = input.cacheOrdering ?? true;
  const prefixTokens =
    PREFIX_OVERHEAD_TOKENS +
    input.frames.reduce((sum, frame) => sum + imageTokens(input.model, frame.width, frame.height) + PER_FRAME_OVERHEAD_TOKENS, 0);
  const cachedPerCall = cacheOrdering ? cacheablePrefixTokens(prefixTokens) : 0;
  const totals: TokenCounts = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
  let calls = 0;
  for (const prompt of input.prompts) {
    for (let sample = 0; sample < samples; sample += 1) {
      totals.inputTokens += prefixTokens + prompt.textTokens;
      totals.cachedInputTokens += calls === 0 ? 0 : cachedPerCall;
      totals.outputTokens += (prompt.outputTokens ?? outputTokensPerCall) * (prompt.answers ?? 1);
      calls += 1;
    }
  }
  const total = tokenCost(input.model, totals);
  return { ...totals, calls, total, perCall: calls === 0 ? 0 : total / calls };
}

/** SHUTDOWN_WARNING_DAYS is how close to its shutdown a model is flagged. */
export const SHUTDOWN_WARNING_DAYS = 90;

/**
 * ModelLifecycle is what is known of a model's end: its shutdown date and replacement, and where the date
 * came from — the server's list-models entry (`server`) or termaudit's registry (`registry`).
 */
export interface ModelLifecycle {
  id: string;
  /** `YYYY-MM-DD` (UTC), or undefined when none is announced or known. */
  shutdown?: string;
  replacement?: string;
  from: 'server' | 'registry';
}

/** ServerModelEntry is the part of a server's list-models entry termaudit reads (OpenAI's Model object). */
export interface ServerModelEntry {
  id: string;
  /** `YYYY-MM-DD`, null when the server says none is announced, absent when the server does not carry the field. */
  shutdown_date?: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * lifecycleOf returns a model's lifecycle: the server's `shutdown_date` when its entry carries one (null
 * included: then none is announced), else the registry's date; the replacement always from the registry
 * (the API names none). A date that is not `YYYY-MM-DD` is ignored like an absent one.
 */
export function lifecycleOf(id: string, server?: ServerModelEntry): ModelLifecycle {
  const registry = findModel(id);
  const date = server?.shutdown_date;
  const fromServer = date === null || (typeof date === 'string' && DATE.test(date));
  const shutdown = fromServer ? (date ?? undefined) : registry?.shutdown;
  return { id, from: fromServer ? 'server' : 'registry', ...(shutdown ? { shutdown } : {}), ...(registry?.replacement ? { replacement: registry.replacement } : {}) };
}

/** daysUntilShutdown returns the whole days from `today` (UTC date) to the model's shutdown, or undefined. */
export function daysUntilShutdown(model: Pick<ModelLifecycle, 'shutdown'>, today: Date): number | undefined {
  if (!model.shutdown) return undefined;
  const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.round((Date.parse(`${model.shutdown}T00:00:00Z`) - day) / 86_400_000);
}

/** replacementAdvice says what to use instead: the replacement named, else where to look. */
function replacementAdvice(lifecycle: Pick<ModelLifecycle, 'replacement'>): string {
  return lifecycle.replacement
    ? `OpenAI names ${lifecycle.replacement} as its replacement (--model ${lifecycle.replacement})`
    : `choose another model with --model (see termaudit models --live and ${DEPRECATIONS_PAGE})`;
}

/**
 * shutdownWarning returns a one-line warning when the model shuts down within SHUTDOWN_WARNING_DAYS of
 * `today`, e.g. `gpt-4.1 shuts down on 2027-01-14 (43 days): OpenAI names gpt-6-luna as its replacement …`,
 * or has shut down already; undefined otherwise (and for ids the registry does not know, given as a string).
 */
export function shutdownWarning(modelOrId: ModelInfo | ModelLifecycle | string, today: Date): string | undefined {
  const model = typeof modelOrId === 'string' ? findModel(modelOrId) : modelOrId;
  if (!model) return undefined;
  const days = daysUntilShutdown(model, today);
  if (days === undefined || days > SHUTDOWN_WARNING_DAYS) return undefined;
  const advice = replacementAdvice(model);
  if (days < 0) return `${model.id} was shut down on ${model.shutdown} (${-days} day${days === -1 ? '' : 's'} ago): ${advice}`;
  if (days === 0) return `${model.id} shuts down today (${model.shutdown}): ${advice}`;
  return `${model.id} shuts down on ${model.shutdown} (${days} day${days === 1 ? '' : 's'}): ${advice}`;
}

/**
 * shutdownRefusal returns why an evaluation must not start: the model's shutdown date has come (its calls
 * would fail, or be answered by something else), naming the replacement; undefined while the model runs.
 */
export function shutdownRefusal(lifecycle: ModelLifecycle, today: Date): string | undefined {
  const days = daysUntilShutdown(lifecycle, today);
  if (days === undefined || days > 0) return undefined;
  const when = days === 0 ? `shuts down today (${lifecycle.shutdown})` : `was shut down on ${lifecycle.shutdown}`;
  const where = lifecycle.from === 'server' ? "the server's list-models entry" : "termaudit's registry; the server gave no shutdown_date";
  return `model "${lifecycle.id}" ${when} (from ${where}), so no call is sent: ${replacementAdvice(lifecycle)}`;
}

/**
 * recommendedModel returns the model to write into a new pipeline: `preferred`, or while it shuts down
 * within SHUTDOWN_WARNING_DAYS the replacement the registry names (followed as far as it leads). It may be a
 * model the registry has no prices for; the reason says why it was chosen.
 */
export function recommendedModel(preferred: string, today: Date): { id: string; reason?: string } {
  let id = preferred;
  const seen = new Set<string>();
  let reason: string | undefined;
  for (let model = findModel(id); model && !seen.has(model.id); model = findModel(id)) {
    seen.add(model.id);
    const days = daysUntilShutdown(model, today);
    if (days === undefined || days > SHUTDOWN_WARNING_DAYS || !model.replacement) break;
    reason = `${model.id} shuts down on ${model.shutdown}; OpenAI names ${model.replacement} as its replacement`;
    id = model.replacement;
  }
  return reason ? { id, reason } : { id };
}

/** formatUsd shows a cost in US dollars: `$0` when free, four decimals below 10 cents (`$0.0123`), else cents (`$1.23`). */
export function formatUsd(costUsd: number): string {
  if (costUsd === 0) return '$0';
  return `$${costUsd < 0.1 ? costUsd.toFixed(4) : costUsd.toFixed(2)}`;
}
