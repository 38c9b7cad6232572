/**
 * The OpenAI-compatible vision judge: sends the frames and the rubric prompts to a Chat Completions API
 * (OpenAI, Azure, vLLM, Ollama, OpenRouter: anything speaking that protocol at `baseURL`) and gets back a
 * structured answer through Structured Outputs. Frames go first and the rubric last, so every prompt of an
 * evaluation shares one long identical prefix that the provider's automatic prompt cache serves at the
 * cached price. One request may carry every prompt at once (`requests: combined`, one answer schema holding
 * each prompt's criteria) and ask for k answers as k choices (`n`), so the frames are billed once instead
 * of once per prompt and sample. Requests, retries and cost are the vision model's (vision-model.ts); a
 * reply that does not validate is retried once with the validation error; answers are kept in termaudit's
 * response cache, one entry per prompt and sample however they were asked.
 */
import type { ChatCompletionContentPart, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { abortSignalName, ExecutionError, InterruptedError, reasonOf } from '../errors.js';
import { sha256Hex } from '../hash.js';
import { answerJsonSchema, answerSchemaName, COMBINED_SCHEMA_NAME, combinedAnswerJsonSchema, parseAnswer, parseCombinedAnswer } from './answer-schema.js';
import { resolveJudgeSettings, type JudgeSettings } from './judge-settings.js';
import type { TokenCounts } from './models.js';
import { ResponseCache, responseCacheKey, type ResponseCacheKeyInput } from './response-cache.js';
import { zeroUsage, type AskResult, type BatchAnswer, type Judge, type JudgeAnswer, type JudgeBatchRequest, type JudgeBatchResult, type JudgeFrame, type JudgeRequest, type JudgeResult, type JudgeUsage, type RubricPrompt } from './types.js';
import { addTokens, createVisionModel, type VisionChoice, type VisionModel, type VisionReply } from './vision-model.js';

/** IMAGE_DETAIL is the fidelity frames are sent at: terminal text needs every pixel. */
export const IMAGE_DETAIL = 'high';

/**
 * SYSTEM_INSTRUCTIONS are the fixed instructions of every call. They do not mention any one prompt, so the
 * system message is part of the prefix shared by all prompts (and by `ask` questions).
 */
export const SYSTEM_INSTRUCTIONS = [
  'You are an expert reviewer of the user experience of terminal (command-line and TUI) programs.',
  'You receive frames of one recorded terminal session, in time order. Each image is preceded by its label, "Frame N · mm:ss.s": N is the frame number and the time is seconds since the recording started.',
  'Judge only what is visible in the frames. When you cite evidence, use the frame number from the label and quote the on-screen text exactly.',
  'The last message is either a rubric or a question. For a rubric, score every criterion it lists by its anchors (1 worst, 10 best) and answer with the JSON object the response schema describes. For a question, answer in plain text, citing frames by number.',
].join('\n');

/**
 * OpenAIJudgeOptions configures createOpenAIJudge: the connection settings (model, baseURL, apiKey, timeoutMs,
 * maxRetries; see JudgeSettings for their defaults) or a vision model made from them, and the judge's own.
 * Ids the registry does not know are allowed (custom servers) and cost $0 unless a `price` is given.
 */
export interface OpenAIJudgeOptions extends Pick<JudgeSettings, 'model' | 'baseURL' | 'apiKey' | 'timeoutMs' | 'maxRetries' | 'price'> {
  /** The vision model to ask; made from the connection settings when absent. */
  visionModel?: VisionModel;
  /** Sampling temperature; only sent when set, because the gpt-5 models reject it. @default undefined (the server's default) */
  temperature?: number;
  /** termaudit's response cache, or false to always call the API (`--no-cache`). @default new ResponseCache() (default directory) */
  cache?: ResponseCache | false;
  /** Sent as `prompt_cache_key` with every call, to route the calls of one evaluation to the same prompt cache. @default undefined */
  promptCacheKey?: string;
  /** The fetch the SDK uses (e.g. to trace requests), when the vision model is made here. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Called with one line for problems that do not stop the call (a cache entry that cannot be written). @default ignore */
  onWarning?: (message: string) => void;
}

/** ChatRequestOptions are the settings buildChatRequest and buildAskRequest put into the request body. */
export interface ChatRequestOptions {
  model: string;
  /** Only sent when set. */
  temperature?: number;
  promptCacheKey?: string;
}

/** pngDataUrl returns a PNG as a `data:` URL. */
function pngDataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** framesContent builds the user message content [label, image, label, image, …], identical for every prompt. */
export function framesContent(frames: readonly JudgeFrame[]): ChatCompletionContentPart[] {
  return frames.flatMap((frame): ChatCompletionContentPart[] => [
    { type: 'text', text: frame.label },
    { type: 'image_url', image_url: { url: pngDataUrl(frame.png), detail: IMAGE_DETAIL } },
  ]);
}

/** criteriaLines lists a prompt's criteria for the rubric message: id, title and description each. */
function criteriaLines(prompt: RubricPrompt): string[] {
  return prompt.criteria.map((criterion) => `- \`${criterion.id}\` (${criterion.title}): ${criterion.description}`);
}

/** framesPhrase names the frames a rubric is scored on: `the 12 frames above (numbered 1 to 12)`. */
function framesPhrase(frameCount: number): string {
  return `the ${frameCount} frame${frameCount === 1 ? '' : 's'} above (numbered 1 to ${frameCount})`;
}

/** APPLICABILITY_RULE says when a criterion is not applicable, and when it applies without a score. */
const APPLICABILITY_RULE =
  'When the program has no such element at all (no voting in a text editor), answer `applicable`: false with `score`: null and the one-line reason as the rationale; never invent a score for it. Use `applicable`: true with `score`: null only when the criterion applies but the frames do not show enough to assess it, and say why.';

/** rubricText renders a prompt as the last message: title, criteria with descriptions, then the rubric body. */
export function rubricText(prompt: RubricPrompt, frameCount: number): string {
  return [
    `# Rubric: ${prompt.title}`,
    '',
    `Score each criterion below from 1 to 10 on ${framesPhrase(frameCount)}. ${APPLICABILITY_RULE}`,
    '',
    '## Criteria',
    '',
    ...criteriaLines(prompt),
    '',
    prompt.body.trim(),
  ].join('\n');
}

/** BLOCK_BREAK separates the blocks of a rubric body: a blank line, or the start of a top-level list item. */
const BLOCK_BREAK = /(\n[ \t]*\n|\n(?=- ))/;

/**
 * unrepeatedBody returns a rubric body without the blocks (paragraphs and top-level list items, headings
 * aside) that are in `given`, and adds the blocks it keeps to `given`. A heading whose section keeps no
 * block goes too. What stays keeps its own line breaks.
 */
function unrepeatedBody(body: string, given: Set<string>): string {
  const sections = body.trim().split(/\n(?=## )/);
  const kept: string[] = [];
  for (const section of sections) {
    const heading = section.startsWith('## ') ? section.split('\n', 1)[0] : undefined;
    const parts = (heading === undefined ? section : section.slice(heading.length)).split(BLOCK_BREAK);
    let text = '';
    for (let index = 0; index < parts.length; index += 2) {
      const block = parts[index].trim();
      if (block === '' || given.has(block)) continue;
      given.add(block);
      text += text === '' ? block : `${parts[index - 1]}${block}`;
    }
    if (text !== '') kept.push(heading === undefined ? text : `${heading}\n\n${text}`);
  }
  return kept.join('\n\n');
}

/**
 * combinedRubricText renders every prompt as one last message (`requests: combined`): how to answer them
 * together, then each rubric as rubricText does, under its id. What an earlier rubric of the message
 * already said word for word (the shipped prompts share their description of the frames and most of their
 * scoring and evidence rules) is said once, as the message's first lines tell the model, so the request is
 * shorter and the model reads every instruction; each rubric keeps its criteria, anchors and severities.
 */
export function combinedRubricText(prompts: readonly RubricPrompt[], frameCount: number): string {
  const given = new Set<string>();
  const rubrics = prompts.map((prompt) =>
    [`# Rubric \`${prompt.id}\`: ${prompt.title}`, '', '## Criteria', '', ...criteriaLines(prompt), '', unrepeatedBody(prompt.body, given)].join('\n').trim(),
  );
  return [
    `# ${prompts.length} rubrics at once`,
    '',
    `Score every criterion of every rubric below from 1 to 10 on ${framesPhrase(frameCount)}, each by its own rubric's anchors, as if that rubric were asked alone: a problem that concerns several rubrics lowers the criteria of each. Answer with one JSON object: under \`criteria\`, each rubric's criteria under the rubric's id; one list of \`issues\` for all rubrics, each naming the \`rubric\` it concerns most, by that rubric's severities; one \`summary\` of the whole display. ${APPLICABILITY_RULE}`,
    '',
    'An instruction an earlier rubric below already gave word for word is not repeated in the later ones: it applies to every rubric.',
    '',
    ...rubrics.flatMap((rubric) => [rubric, '']),
  ]
    .join('\n')
    .trim();
}

/** requestRubricText is the last message of a request for `prompts`: rubricText for one prompt, combinedRubricText for several. */
export function requestRubricText(prompts: readonly RubricPrompt[], frameCount: number): string {
  return prompts.length === 1 ? rubricText(prompts[0], frameCount) : combinedRubricText(prompts, frameCount);
}

/** prefixMessages returns the messages shared by every call on the same frames: system, then the frames. */
function prefixMessages(frames: readonly JudgeFrame[]): ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: SYSTEM_INSTRUCTIONS },
    { role: 'user', content: framesContent(frames) },
  ];
}

/** commonSettings returns the optional request fields, each only when set. */
function commonSettings(options: ChatRequestOptions): Partial<ChatCompletionCreateParamsNonStreaming> {
  return {
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.promptCacheKey === undefined ? {} : { prompt_cache_key: options.promptCacheKey }),
  };
}

/**
 * buildChatRequest builds the Chat Completions body that asks for a structured answer to `prompt`: the system
 * instructions, the frames (label + high-detail PNG each), then the rubric as the last message, with a strict
 * JSON Schema response format.
 */
export function buildChatRequest(frames: readonly JudgeFrame[], prompt: RubricPrompt, options: ChatRequestOptions): ChatCompletionCreateParamsNonStreaming {
  return {
    model: options.model,
    messages: [...prefixMessages(frames), { role: 'user', content: rubricText(prompt, frames.length) }],
    response_format: {
      type: 'json_schema',
      json_schema: { name: answerSchemaName(prompt), strict: true, schema: answerJsonSchema(prompt) },
    },
    ...commonSettings(options),
  };
}

/**
 * buildCombinedRequest builds the Chat Completions body that asks every prompt at once: the same prefix as
 * buildChatRequest, combinedRubricText last, and the strict schema of one answer to all of them.
 */
export function buildCombinedRequest(frames: readonly JudgeFrame[], prompts: readonly RubricPrompt[], options: ChatRequestOptions): ChatCompletionCreateParamsNonStreaming {
  return {
    model: options.model,
    messages: [...prefixMessages(frames), { role: 'user', content: combinedRubricText(prompts, frames.length) }],
    response_format: {
      type: 'json_schema',
      json_schema: { name: COMBINED_SCHEMA_NAME, strict: true, schema: combinedAnswerJsonSchema(prompts) },
    },
    ...commonSettings(options),
  };
}

/** buildAskRequest builds the Chat Completions body of a free-text question: the same prefix, the question last. */
export function buildAskRequest(frames: readonly JudgeFrame[], question: string, options: ChatRequestOptions): ChatCompletionCreateParamsNonStreaming {
  return {
    model: options.model,
    messages: [...prefixMessages(frames), { role: 'user', content: question }],
    ...commonSettings(options),
  };
}

/** correctionMessages returns the two messages that send an invalid reply back with what was wrong. */
export function correctionMessages(reply: string, error: string, frameCount: number): ChatCompletionMessageParam[] {
  return [
    { role: 'assistant', content: reply },
    {
      role: 'user',
      content: `Your reply is not a valid answer: ${error}. Reply again with only the JSON object the response schema describes: every criterion, scores 1 to 10 (or null), frame numbers from 1 to ${frameCount}.`,
    },
  ];
}

/** replyText strips a Markdown code fence some OpenAI-compatible servers wrap JSON in. */
export function replyText(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(content);
  return fenced ? fenced[1] : content;
}

/** ChoiceOutcome is what one choice of a rubric request came to: each prompt's answer, or why there is none. */
type ChoiceOutcome = { answers: Record<string, JudgeAnswer> } | { error: string };

/**
 * createOpenAIJudge returns the judge that asks an OpenAI-compatible vision model. Throws a ConfigError when
 * no API key is set for OpenAI's own API.
 */
export function createOpenAIJudge(options: OpenAIJudgeOptions = {}): Judge {
  const { model: modelId, baseURL: baseURLOption, apiKey, timeoutMs, maxRetries, price } = options;
  const vision = options.visionModel ?? createVisionModel(resolveJudgeSettings([{ judge: 'openai', model: modelId, baseURL: baseURLOption, apiKey, timeoutMs, maxRetries, price }]), { fetch: options.fetch });
  const { id: model, baseURL } = vision;
  const cache = options.cache === undefined ? new ResponseCache() : options.cache;
  const warn = options.onWarning ?? (() => {});
  const requestOptions: ChatRequestOptions = { model, temperature: options.temperature, promptCacheKey: options.promptCacheKey };

  /** CallTally sums what the requests of one call (the first reply and its corrections) used. */
  interface CallTally {
    started: number;
    tokens: TokenCounts;
    costUsd: number;
    attempts: number;
  }
  const newTally = (): CallTally => ({ started: Date.now(), tokens: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 }, costUsd: 0, attempts: 0 });

  /** send asks the vision model and adds what the request used to `tally`. */
  async function send(body: ChatCompletionCreateParamsNonStreaming, what: string, signal: AbortSignal | undefined, tally: CallTally): Promise<VisionReply> {
    const reply = await vision.complete(body, what, signal);
    addTokens(tally.tokens, reply.tokens);
    tally.costUsd += reply.costUsd;
    tally.attempts += reply.attempts;
    return reply;
  }

  /** usageOf turns the tally of a call into JudgeUsage. */
  function usageOf(tally: CallTally): JudgeUsage {
    return { ...tally.tokens, costUsd: tally.costUsd, latencyMs: Date.now() - tally.started, attempts: tally.attempts, fromCache: false };
  }

  function interrupted(signal: AbortSignal | undefined, what: string): void {
    if (signal?.aborted) throw new InterruptedError(abortSignalName(signal), `${what} interrupted`);
  }

  async function store(key: string | undefined, response: { answer?: JudgeAnswer; text?: string; usage: JudgeUsage }): Promise<void> {
    if (!cache || !key) return;
    try {
      await cache.set(key, response);
    } catch (error) {
      warn(`could not write the response cache (${reasonOf(error)}); the answer is not cached`);
    }
  }

  function cacheKey(input: Omit<ResponseCacheKeyInput, 'model' | 'baseURL' | 'detail' | 'temperature'>): string {
    return responseCacheKey({ ...input, model, baseURL, detail: IMAGE_DETAIL, temperature: options.temperature ?? null });
  }

  /**
   * answerKeys returns a function giving the response-cache key of one prompt's answer for one sample of a
   * request for `prompts` (undefined without a cache). The key names the whole text sent, so an answer given
   * alone and one given with other prompts are kept apart; a request of one prompt keys as it always did.
   */
  function answerKeys(prompts: readonly RubricPrompt[], frames: readonly JudgeFrame[]): (prompt: RubricPrompt, sample: number) => string | undefined {
    if (!cache) return () => undefined;
    const requestTextSha256 = sha256Hex(`${SYSTEM_INSTRUCTIONS}\n${requestRubricText(prompts, frames.length)}`);
    const frameHashes = frames.map((frame) => frame.hash);
    return (prompt, sample) => cacheKey({ kind: 'judge', promptSha256: prompt.sha256, requestTextSha256, frameHashes, sample });
  }

  /** cachedAnswers returns every prompt's valid cached answer for one sample, or undefined when one is missing. */
  async function cachedAnswers(prompts: readonly RubricPrompt[], frames: readonly JudgeFrame[], sample: number, keyOf: ReturnType<typeof answerKeys>): Promise<Record<string, JudgeAnswer> | undefined> {
    if (!cache) return undefined;
    const answers: Record<string, JudgeAnswer> = {};
    for (const prompt of prompts) {
      const key = keyOf(prompt, sample);
      const hit = key ? await cache.get(key) : undefined;
      const checked = hit?.answer ? parseAnswer(hit.answer, prompt, frames.length) : undefined;
      if (!checked || !('answer' in checked)) return undefined;
      answers[prompt.id] = checked.answer;
    }
    return answers;
  }

  /** parseChoice checks one choice's content against the prompts asked: every prompt's answer, or the problems. */
  function parseChoice(content: string, prompts: readonly RubricPrompt[], frameCount: number): ChoiceOutcome {
    if (content.trim() === '') return { error: 'the reply is empty' };
    if (prompts.length > 1) return parseCombinedAnswer(replyText(content), prompts, frameCount);
    const parsed = parseAnswer(replyText(content), prompts[0], frameCount);
    return 'answer' in parsed ? { answers: { [prompts[0].id]: parsed.answer } } : parsed;
  }

  /**
   * settleChoice turns one choice into answers: valid as it came, or after one correction request (a single
   * choice) carrying the validation error back to the model. A refusal is no answer.
   */
  async function settleChoice(choice: VisionChoice, body: ChatCompletionCreateParamsNonStreaming, prompts: readonly RubricPrompt[], frameCount: number, what: string, signal: AbortSignal | undefined, tally: CallTally): Promise<ChoiceOutcome> {
    if (choice.refusal) return { error: `${model} refused ${what}: ${choice.refusal}` };
    const first = parseChoice(choice.content, prompts, frameCount);
    if ('answers' in first) return first;
    const { n: _n, ...single } = body;
    const correction = await send({ ...single, messages: [...body.messages, ...correctionMessages(choice.content, first.error, frameCount)] }, what, signal, tally);
    if (correction.refusal) return { error: `${model} refused ${what}: ${correction.refusal}` };
    const second = parseChoice(correction.content, prompts, frameCount);
    return 'answers' in second ? second : { error: `${model} gave no valid answer to ${what} after a correction: ${second.error}` };
  }

  /** uncachedSamples returns the samples of a batch the response cache cannot answer for every prompt. */
  async function uncachedSamples(request: Omit<JudgeBatchRequest, 'signal'>): Promise<number[]> {
    const keyOf = answerKeys(request.prompts, request.frames);
    const missing: number[] = [];
    for (const sample of request.samples) if (!(await cachedAnswers(request.prompts, request.frames, sample, keyOf))) missing.push(sample);
    return missing;
  }

  /**
   * judgeBatch asks every prompt of the batch in one request (combined when several), for every sample the
   * cache lacks as that many choices (`n`, sent only above one). The usage is the request's and its
   * corrections'; each answer is cached under its prompt and sample. A request the server refuses throws.
   */
  async function judgeBatch(request: JudgeBatchRequest): Promise<JudgeBatchResult> {
    const { prompts, frames, samples, signal } = request;
    const what = prompts.length === 1 ? `prompt "${prompts[0].id}"` : `the ${prompts.length} prompts at once`;
    interrupted(signal, what);
    const keyOf = answerKeys(prompts, frames);
    const answers: BatchAnswer[] = [];
    const toAsk: number[] = [];
    for (const sample of samples) {
      const cached = await cachedAnswers(prompts, frames, sample, keyOf);
      if (cached) answers.push(...prompts.map((prompt) => ({ prompt: prompt.id, sample, answer: cached[prompt.id], fromCache: true })));
      else toAsk.push(sample);
    }
    if (toAsk.length === 0) return { answers, unanswered: [], usage: zeroUsage(true) };

    // Built after the cache is asked: on a hit, the frames need no base64 encoding.
    const body = prompts.length === 1 ? buildChatRequest(frames, prompts[0], requestOptions) : buildCombinedRequest(frames, prompts, requestOptions);
    const tally = newTally();
    const reply = await send(toAsk.length > 1 ? { ...body, n: toAsk.length } : body, what, signal, tally);
    const received = reply.choices.slice(0, toAsk.length);
    const outcomes: ChoiceOutcome[] = [];
    for (const choice of received) outcomes.push(await settleChoice(choice, body, prompts, frames.length, what, signal, tally));
    const usage = usageOf(tally);
    for (const [index, outcome] of outcomes.entries()) {
      const sample = toAsk[index];
      for (const prompt of prompts) {
        if ('error' in outcome) {
          answers.push({ prompt: prompt.id, sample, error: outcome.error, fromCache: false });
          continue;
        }
        answers.push({ prompt: prompt.id, sample, answer: outcome.answers[prompt.id], fromCache: false });
        // Each entry records the usage of the request that answered it (shared by every answer it carried).
        await store(keyOf(prompt, sample), { answer: outcome.answers[prompt.id], usage });
      }
    }
    return { answers, unanswered: toAsk.slice(received.length), usage };
  }

  return {
    name: 'openai',
    model,
    judgeBatch,
    uncachedSamples,

    async isCached(request: JudgeRequest): Promise<boolean> {
      return (await uncachedSamples({ prompts: [request.prompt], frames: request.frames, samples: [request.sample] })).length === 0;
    },

    async judge(request: JudgeRequest): Promise<JudgeResult> {
      const { prompt, frames, sample, signal } = request;
      const result = await judgeBatch({ prompts: [prompt], frames, samples: [sample], signal });
      const answer = result.answers[0];
      if (!answer) throw new ExecutionError(`${model} sent no reply to prompt "${prompt.id}" (the response had no choices)`);
      if (answer.error !== undefined || !answer.answer) throw new ExecutionError(answer.error ?? `${model} gave no answer to prompt "${prompt.id}"`);
      return { answer: answer.answer, usage: result.usage };
    },

    async ask(question: string, frames: readonly JudgeFrame[], signal?: AbortSignal): Promise<AskResult> {
      const what = 'the question';
      interrupted(signal, what);
      const key = cache
        ? cacheKey({
            kind: 'ask',
            promptSha256: sha256Hex(question),
            requestTextSha256: sha256Hex(`${SYSTEM_INSTRUCTIONS}\n${question}`),
            frameHashes: frames.map((frame) => frame.hash),
            sample: 0,
          })
        : undefined;
      if (cache && key) {
        const hit = await cache.get(key);
        if (hit && typeof hit.text === 'string') return { text: hit.text, usage: hit.usage };
      }
      const tally = newTally();
      const reply = await send(buildAskRequest(frames, question, requestOptions), what, signal, tally);
      if (reply.refusal) throw new ExecutionError(`${model} refused ${what}: ${reply.refusal}`);
      const text = reply.content.trim();
      if (text === '') throw new ExecutionError(`${model} gave an empty answer to ${what}`);
      const usage = usageOf(tally);
      await store(key, { text, usage });
      return { text, usage };
    },
  };
}
