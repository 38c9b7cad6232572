import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import OpenAI from 'openai';
import { answerJsonSchema, answerSchemaName, COMBINED_SCHEMA_NAME, combinedAnswerJsonSchema } from '../../src/evaluate/answer-schema.js';
import { DEFAULT_MODEL } from '../../src/evaluate/judge-settings.js';
import { buildAskRequest, buildChatRequest, buildCombinedRequest, combinedRubricText, createOpenAIJudge, requestRubricText, rubricText, SYSTEM_INSTRUCTIONS, type OpenAIJudgeOptions } from '../../src/evaluate/openai-judge.js';
import { rejectsParameter } from '../../src/evaluate/vision-model.js';
import { ResponseCache } from '../../src/evaluate/response-cache.js';
import type { JudgeFrame, RubricPrompt } from '../../src/evaluate/types.js';
import { ConfigError, ExecutionError, InterruptedError, TimeoutError } from '../../src/errors.js';
import { chatRequests, maxOverlap, startOpenAIServer, validAnswerFor, type OpenAIServer } from '../helpers/openai-server.js';
import { makeTempDir } from '../helpers/paths.js';

async function makeFrame(number: number, time: number, color: { r: number; g: number; b: number }): Promise<JudgeFrame> {
  const png = await sharp({ create: { width: 64, height: 36, channels: 3, background: color } }).png().toBuffer();
  const label = `Frame ${number} · 00:${time.toFixed(1).padStart(4, '0')}`;
  return { number, time, label, png, width: 64, height: 36, hash: createHash('sha256').update(png).digest('hex') };
}

function makePrompt(id: string, criteria: string[]): RubricPrompt {
  return {
    id,
    title: `The ${id} rubric`,
    weight: 1,
    criteria: criteria.map((criterion) => ({ id: criterion, title: criterion.toUpperCase(), weight: 1, description: `How good the ${criterion} is.` })),
    body: `Anchors for ${id}: 10 is perfect, 1 is unusable.`,
    path: `/prompts/${id}.md`,
    sha256: createHash('sha256').update(id).digest('hex'),
  };
}

let frames: JudgeFrame[];
const clarity = makePrompt('clarity', ['wording', 'next-step']);
const feedback = makePrompt('feedback', ['progress', 'errors', 'latency']);
let server: OpenAIServer;

before(async () => {
  frames = [await makeFrame(1, 0, { r: 0, g: 0, b: 0 }), await makeFrame(2, 4.5, { r: 0, g: 80, b: 0 }), await makeFrame(3, 12.4, { r: 80, g: 0, b: 0 })];
  server = await startOpenAIServer();
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.defaultUsage = { promptTokens: 1000, cachedTokens: 0, completionTokens: 100 };
});

/** judgeFor returns a judge talking to the test server, without termaudit's cache unless one is given. */
const judgeFor = (options: OpenAIJudgeOptions = {}) =>
  createOpenAIJudge({ baseURL: server.baseURL, apiKey: 'sk-test', cache: false, maxRetries: 2, timeoutMs: 5000, ...options });

test('buildChatRequest puts the frames first and the rubric last, with a strict schema', () => {
  const body = buildChatRequest(frames, clarity, { model: 'gpt-4.1' });
  assert.equal(body.model, 'gpt-4.1');
  assert.equal(body.messages.length, 3);
  assert.deepEqual(body.messages[0], { role: 'system', content: SYSTEM_INSTRUCTIONS });
  const content = body.messages[1].content as any[];
  assert.equal(body.messages[1].role, 'user');
  assert.equal(content.length, 6);
  assert.deepEqual(
    content.filter((part) => part.type === 'text').map((part) => part.text),
    ['Frame 1 · 00:00.0', 'Frame 2 · 00:04.5', 'Frame 3 · 00:12.4'],
  );
  for (const [index, part] of content.entries()) {
    assert.equal(part.type, index % 2 === 0 ? 'text' : 'image_url');
    if (part.type === 'image_url') {
      assert.equal(part.image_url.detail, 'high');
      assert.equal(part.image_url.url, `data:image/png;base64,${frames[(index - 1) / 2].png.toString('base64')}`);
    }
  }
  const rubric = body.messages[2].content as string;
  assert.equal(body.messages[2].role, 'user');
  assert.match(rubric, /^# Rubric: The clarity rubric/);
  assert.match(rubric, /`next-step` \(NEXT-STEP\): How good the next-step is\./);
  assert.match(rubric, /Anchors for clarity/);
  assert.deepEqual(body.response_format, {
    type: 'json_schema',
    json_schema: { name: answerSchemaName(clarity), strict: true, schema: answerJsonSchema(clarity) },
  });
  assert.equal('temperature' in body, false);
  assert.equal('prompt_cache_key' in body, false);
});

test('buildChatRequest gives two prompts an identical prefix and sends settings only when set', () => {
  const first = buildChatRequest(frames, clarity, { model: 'gpt-4.1', temperature: 0, promptCacheKey: 'run-1' });
  const second = buildChatRequest(frames, feedback, { model: 'gpt-4.1', temperature: 0, promptCacheKey: 'run-1' });
  assert.equal(JSON.stringify(first.messages.slice(0, 2)), JSON.stringify(second.messages.slice(0, 2)));
  assert.notDeepEqual(first.messages[2], second.messages[2]);
  assert.equal(first.temperature, 0);
  assert.equal(first.prompt_cache_key, 'run-1');
  const ask = buildAskRequest(frames, 'Where does the user get stuck?', { model: 'gpt-4.1' });
  assert.equal(JSON.stringify(ask.messages.slice(0, 2)), JSON.stringify(first.messages.slice(0, 2)));
  assert.deepEqual(ask.messages[2], { role: 'user', content: 'Where does the user get stuck?' });
  assert.equal(ask.response_format, undefined);
});

test('the judge sends the frames and the rubric to the server and returns the answer with its usage', async () => {
  const judge = judgeFor({ promptCacheKey: 'eval-42' });
  const first = await judge.judge({ prompt: clarity, frames, sample: 0 });
  await judge.judge({ prompt: feedback, frames, sample: 0 });
  const [one, two] = chatRequests(server);
  assert.equal(one.headers.authorization, 'Bearer sk-test');
  assert.equal(one.body.model, DEFAULT_MODEL);
  assert.equal(one.body.prompt_cache_key, 'eval-42');
  assert.equal(one.body.response_format.json_schema.strict, true);
  const images = one.body.messages[1].content.filter((part: any) => part.type === 'image_url');
  assert.equal(images.length, 3);
  assert.ok(images.every((part: any) => part.image_url.detail === 'high'));
  assert.equal(JSON.stringify(one.body.messages.slice(0, 2)), JSON.stringify(two.body.messages.slice(0, 2)));
  assert.match(two.body.messages.at(-1).content, /# Rubric: The feedback rubric/);
  assert.deepEqual(Object.keys(first.answer.criteria), ['wording', 'next-step']);
  assert.equal(first.usage.attempts, 1);
  assert.equal(first.usage.fromCache, false);
  assert.equal(first.usage.inputTokens, 1000);
  assert.equal(judge.name, 'openai');
  assert.equal(judge.model, DEFAULT_MODEL);
});

test('the judge bills cached input tokens at the cached price', async () => {
  server.script({ usage: { promptTokens: 10_000, cachedTokens: 8_000, completionTokens: 500 } });
  const { usage } = await judgeFor().judge({ prompt: clarity, frames, sample: 0 });
  assert.deepEqual({ ...usage, latencyMs: 0 }, {
    inputTokens: 10_000,
    cachedInputTokens: 8_000,
    outputTokens: 500,
    costUsd: usage.costUsd,
    latencyMs: 0,
    attempts: 1,
    fromCache: false,
  });
  // At the default model's (gpt-6-luna's) prices: 2000 × $0.10 + 8000 × $0.01 + 500 × $0.50 per million = $0.00053.
  assert.ok(Math.abs(usage.costUsd - 0.00053) < 1e-12, `cost ${usage.costUsd}`);
});

test('a model the registry does not know costs nothing', async () => {
  const { usage } = await judgeFor({ model: 'llava:13b' }).judge({ prompt: clarity, frames, sample: 0 });
  assert.equal(chatRequests(server)[0].body.model, 'llava:13b');
  assert.equal(usage.costUsd, 0);
  assert.equal(usage.inputTokens, 1000);
});

test('a 429 with retry-after is retried and counted as two attempts', async () => {
  server.script({ status: 429, headers: { 'retry-after': '1', 'retry-after-ms': '20' }, body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded', param: null } } });
  const { usage } = await judgeFor().judge({ prompt: clarity, frames, sample: 0 });
  assert.equal(usage.attempts, 2);
  assert.equal(chatRequests(server).length, 2);
  assert.equal(chatRequests(server)[1].headers['x-stainless-retry-count'], '1');
});

test('concurrent calls count their own attempts', async () => {
  server.script({ status: 429, headers: { 'retry-after-ms': '150' } }, { delayMs: 100 }, { delayMs: 100 });
  const judge = judgeFor();
  const results = await Promise.all([clarity, feedback, clarity].map((prompt, sample) => judge.judge({ prompt, frames, sample })));
  assert.deepEqual(results.map((result) => result.usage.attempts).sort(), [1, 1, 2]);
  assert.equal(chatRequests(server).length, 4);
  assert.ok(maxOverlap(chatRequests(server)) >= 2, 'the calls overlapped');
});

test('a reply wrapped in a Markdown code fence is accepted', async () => {
  server.script({ reply: '```json\n' + JSON.stringify(validAnswerFor(buildChatRequest(frames, clarity, { model: 'm' }))) + '\n```' });
  const { usage } = await judgeFor().judge({ prompt: clarity, frames, sample: 0 });
  assert.equal(usage.attempts, 1);
});

test('a 500 is retried', async () => {
  server.script({ status: 500, headers: { 'retry-after-ms': '10' } });
  const { usage } = await judgeFor().judge({ prompt: clarity, frames, sample: 0 });
  assert.equal(usage.attempts, 2);
});

test('a server that does not answer in time fails with a TimeoutError after the retries', async () => {
  server.script({ hangMs: 1500 }, { hangMs: 1500 });
  await assert.rejects(judgeFor({ timeoutMs: 150, maxRetries: 1 }).judge({ prompt: clarity, frames, sample: 0 }), (error: unknown) => {
    assert.ok(error instanceof TimeoutError, String(error));
    assert.match(error.message, /did not answer prompt "clarity" within 0\.15 s \(2 attempts\)/);
    return true;
  });
  assert.equal(chatRequests(server).length, 2);
});

test('an invalid reply is retried once with the validation error', async () => {
  server.script({ reply: '{"criteria": {}, "issues": [], "summary"', usage: { promptTokens: 900, completionTokens: 40 } });
  const result = await judgeFor().judge({ prompt: clarity, frames, sample: 0 });
  const [bad, retry] = chatRequests(server);
  assert.equal(retry.body.messages.length, bad.body.messages.length + 2);
  assert.deepEqual(retry.body.messages.slice(0, 3), bad.body.messages);
  assert.deepEqual(retry.body.messages[3], { role: 'assistant', content: '{"criteria": {}, "issues": [], "summary"' });
  assert.match(retry.body.messages[4].content, /not a valid answer: the reply is not JSON/);
  assert.equal(result.usage.attempts, 2);
  assert.equal(result.usage.inputTokens, 1900);
  assert.equal(result.usage.outputTokens, 140);
});

test('a reply missing a criterion is retried with what is missing', async () => {
  const incomplete = validAnswerFor({ response_format: { json_schema: { schema: answerJsonSchema(makePrompt('x', ['wording'])) } } });
  server.script({ reply: incomplete });
  await judgeFor().judge({ prompt: clarity, frames, sample: 0 });
  assert.match(chatRequests(server)[1].body.messages[4].content, /criteria\.next-step/);
});

test('two invalid replies fail with an ExecutionError naming the prompt and the problem', async () => {
  server.script({ reply: 'not json' }, { reply: { criteria: {}, issues: [], summary: 'x' } });
  await assert.rejects(judgeFor().judge({ prompt: feedback, frames, sample: 0 }), (error: unknown) => {
    assert.ok(error instanceof ExecutionError);
    assert.match(error.message, /no valid answer to prompt "feedback".*criteria\.progress/);
    return true;
  });
  assert.equal(chatRequests(server).length, 2);
});

test('a refusal fails with the refusal text', async () => {
  server.script({ refusal: 'I cannot help with that.' });
  await assert.rejects(judgeFor().judge({ prompt: clarity, frames, sample: 0 }), /refused prompt "clarity": I cannot help with that\./);
});

test('a rejected key is a ConfigError that points at OPENAI_API_KEY', async () => {
  server.script({ status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key', param: null } } });
  await assert.rejects(judgeFor().judge({ prompt: clarity, frames, sample: 0 }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.exitCode, 1);
    assert.match(error.message, /rejected.*HTTP 401.*OPENAI_API_KEY/);
    return true;
  });
  server.script({ status: 403 });
  await assert.rejects(judgeFor().judge({ prompt: clarity, frames, sample: 0 }), ConfigError);
});

test('an unknown model is a ConfigError naming the model and the server', async () => {
  server.script({ status: 404, body: { error: { message: 'The model `gpt-9` does not exist', type: 'invalid_request_error', code: 'model_not_found', param: null } } });
  await assert.rejects(judgeFor({ model: 'gpt-9' }).judge({ prompt: clarity, frames, sample: 0 }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, new RegExp(`^model "gpt-9" does not exist at ${server.baseURL.replace(/[.]/g, '\\.')}`));
    return true;
  });
});

test('a reply cut off mid-body is an ExecutionError naming the server and saying the response was cut off', async () => {
  server.script({ truncateAfterBytes: 40 });
  await assert.rejects(judgeFor().judge({ prompt: clarity, frames, sample: 0 }), (error: unknown) => {
    assert.ok(error instanceof ExecutionError, `expected an ExecutionError, got ${String(error)}`);
    assert.match(error.message, new RegExp(`^${server.baseURL.replace(/[.]/g, '\\.')} cut off its response to .* \\(the connection closed after part of the reply`));
    return true;
  });
});

test('a 200 reply that is not a chat completion (a proxy page, another API) is an ExecutionError pointing at --base-url', async () => {
  server.script({ status: 200, body: '<html>Sign in to the proxy</html>' });
  await assert.rejects(judgeFor({ maxRetries: 0 }).judge({ prompt: clarity, frames, sample: 0 }), (error: unknown) => {
    assert.ok(error instanceof ExecutionError, `expected an ExecutionError, got ${String(error)}`);
    assert.match(error.message, /answered .* with "<html>Sign in to the proxy<\/html>", not a chat completion: check --base-url/);
    return true;
  });
});

test('a refused connection is an ExecutionError naming the URL', async () => {
  const closed = await startOpenAIServer();
  const baseURL = closed.baseURL;
  await closed.close();
  await assert.rejects(createOpenAIJudge({ baseURL, apiKey: 'k', cache: false, maxRetries: 0 }).judge({ prompt: clarity, frames, sample: 0 }), (error: unknown) => {
    assert.ok(error instanceof ExecutionError);
    assert.match(error.message, new RegExp(`cannot reach ${baseURL.replace(/[.]/g, '\\.')} \\(connection refused`));
    return true;
  });
});

test('no API key for OpenAI itself is a ConfigError', () => {
  const saved = process.env.OPENAI_API_KEY;
  delete process.env.OPENAI_API_KEY;
  try {
    assert.throws(() => createOpenAIJudge({ baseURL: 'https://api.openai.com/v1', cache: false }), /OPENAI_API_KEY is not set/);
  } finally {
    if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
  }
});

test('an abort stops the call with an InterruptedError', async () => {
  const controller = new AbortController();
  server.script({ delayMs: 1000 });
  setTimeout(() => controller.abort('SIGTERM'), 50);
  await assert.rejects(judgeFor().judge({ prompt: clarity, frames, sample: 0, signal: controller.signal }), (error: unknown) => {
    assert.ok(error instanceof InterruptedError, String(error));
    assert.equal(error.signal, 'SIGTERM');
    return true;
  });
  assert.equal(chatRequests(server).length, 1, 'an abort is not retried');
});

test('ask returns the free-text answer to a question asked after the frames', async () => {
  server.script({ reply: 'The user gets stuck at frame 2.' });
  const result = await judgeFor().ask('Where does the user get stuck?', frames);
  assert.equal(result.text, 'The user gets stuck at frame 2.');
  const [request] = chatRequests(server);
  assert.equal(request.body.response_format, undefined);
  assert.equal(request.body.messages.at(-1).content, 'Where does the user get stuck?');
  assert.equal(result.usage.attempts, 1);
});

test('the response cache answers a repeated call without asking the server', async () => {
  const cache = new ResponseCache(makeTempDir());
  server.script({ usage: { promptTokens: 10_000, cachedTokens: 8_000, completionTokens: 500 } });
  const first = await judgeFor({ cache }).judge({ prompt: clarity, frames, sample: 0 });
  const second = await judgeFor({ cache }).judge({ prompt: clarity, frames, sample: 0 });
  assert.equal(chatRequests(server).length, 1);
  assert.deepEqual(second.answer, first.answer);
  assert.deepEqual(second.usage, { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0, attempts: 0, fromCache: true });
  // Another sample, another prompt or other frames are misses.
  await judgeFor({ cache }).judge({ prompt: clarity, frames, sample: 1 });
  await judgeFor({ cache }).judge({ prompt: feedback, frames, sample: 0 });
  await judgeFor({ cache }).judge({ prompt: clarity, frames: frames.slice(0, 2), sample: 0 });
  assert.equal(chatRequests(server).length, 4);
  // ask answers are cached too.
  await judgeFor({ cache }).ask('Why?', frames);
  const asked = await judgeFor({ cache }).ask('Why?', frames);
  assert.equal(chatRequests(server).length, 5);
  assert.equal(asked.usage.fromCache, true);
});

test('cache: false always asks the server', async () => {
  await judgeFor({ cache: false }).judge({ prompt: clarity, frames, sample: 0 });
  await judgeFor({ cache: false }).judge({ prompt: clarity, frames, sample: 0 });
  assert.equal(chatRequests(server).length, 2);
});

test('a corrupt cache file is ignored and replaced', async () => {
  const directory = makeTempDir();
  const cache = new ResponseCache(directory);
  await judgeFor({ cache }).judge({ prompt: clarity, frames, sample: 0 });
  const [fanout] = readdirSync(directory);
  const [file] = readdirSync(join(directory, fanout));
  writeFileSync(join(directory, fanout, file), '{ truncated');
  const again = await judgeFor({ cache }).judge({ prompt: clarity, frames, sample: 0 });
  assert.equal(again.usage.fromCache, false);
  assert.equal(chatRequests(server).length, 2);
  const third = await judgeFor({ cache }).judge({ prompt: clarity, frames, sample: 0 });
  assert.equal(third.usage.fromCache, true);
});

test('the model may answer "not applicable" for a criterion: the request asks for the flag and explains it, the answer keeps it', async () => {
  const request = buildChatRequest(frames, clarity, { model: 'm' }) as any;
  assert.match(request.messages.at(-1).content, /answer `applicable`: false with `score`: null and the one-line reason as the rationale; never invent a score/);
  const reply = validAnswerFor(request) as { criteria: Record<string, Record<string, unknown>> };
  const [first] = Object.keys(reply.criteria);
  reply.criteria[first!] = { applicable: false, score: null, rationale: 'The program shows no such element.', evidence: [] };
  server.script({ reply: JSON.stringify(reply) });
  const { answer, usage } = await judgeFor().judge({ prompt: clarity, frames, sample: 0 });
  assert.equal(usage.attempts, 1);
  assert.deepEqual(answer.criteria[first!], { applicable: false, score: null, rationale: 'The program shows no such element.', evidence: [] });
  // A score given with applicable false is sent back once with the reason, like any invalid answer.
  reply.criteria[first!] = { applicable: false, score: 4, rationale: 'n/a', evidence: [] };
  server.script({ reply: JSON.stringify(reply) }, { reply: JSON.stringify(validAnswerFor(request)) });
  const retried = await judgeFor().judge({ prompt: clarity, frames, sample: 0 });
  assert.equal(retried.usage.attempts, 2);
  assert.match(JSON.stringify(chatRequests(server).at(-1)!.body.messages.at(-1)), /a criterion that is not applicable has no score/);
});

test('k samples of a prompt go as one request with n = k: the input is billed once, the output k times', async () => {
  server.script({ usage: { promptTokens: 10_000, cachedTokens: 0, completionTokens: 500 } });
  const judge = judgeFor({ model: 'gpt-4.1' });
  const result = await judge.judgeBatch!({ prompts: [clarity], frames, samples: [0, 1, 2] });
  const requests = chatRequests(server);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].body.n, 3);
  assert.deepEqual(requests[0].body.response_format.json_schema.name, answerSchemaName(clarity));
  assert.deepEqual(result.answers.map((item) => [item.prompt, item.sample, item.fromCache, item.answer?.criteria.wording.score]), [
    ['clarity', 0, false, 7],
    ['clarity', 1, false, 7],
    ['clarity', 2, false, 7],
  ]);
  assert.deepEqual(result.unanswered, []);
  assert.equal(result.usage.inputTokens, 10_000);
  assert.equal(result.usage.outputTokens, 1_500);
  assert.equal(result.usage.costUsd, (10_000 * 2 + 1_500 * 8) / 1e6);
  // One sample is one request without n, as before.
  await judge.judgeBatch!({ prompts: [clarity], frames, samples: [0] });
  assert.equal('n' in chatRequests(server)[1].body, false);
});

test('an invalid choice among n is corrected alone; the others stand', async () => {
  server.script({ replies: [validAnswerFor(buildChatRequest(frames, clarity, { model: 'm' })), '{"criteria": {}}'] }, {});
  const result = await judgeFor().judgeBatch!({ prompts: [clarity], frames, samples: [0, 1] });
  const requests = chatRequests(server);
  assert.equal(requests.length, 2);
  assert.equal(requests[0].body.n, 2);
  // The correction asks for one choice, carrying the invalid reply and what was wrong with it.
  assert.equal('n' in requests[1].body, false);
  assert.equal(requests[1].body.messages.at(-2).content, '{"criteria": {}}');
  assert.match(requests[1].body.messages.at(-1).content, /criteria\.wording/);
  assert.ok(result.answers.every((item) => item.answer !== undefined && item.error === undefined));
  assert.equal(result.usage.attempts, 2);
});

test('a server that ignores n sends one choice: the other samples come back unanswered, to be asked alone', async () => {
  server.samplesParameter = 'ignore';
  try {
    const result = await judgeFor().judgeBatch!({ prompts: [clarity], frames, samples: [0, 1, 2] });
    assert.deepEqual(result.answers.map((item) => item.sample), [0]);
    assert.deepEqual(result.unanswered, [1, 2]);
  } finally {
    server.samplesParameter = 'honour';
  }
});

test("a server that refuses n fails the request with an error rejectsParameter recognises, and sends nothing more", async () => {
  server.samplesParameter = 'reject';
  try {
    await assert.rejects(judgeFor().judgeBatch!({ prompts: [clarity], frames, samples: [0, 1] }), (error: unknown) => {
      assert.ok(error instanceof ExecutionError, String(error));
      assert.match(error.message, /HTTP 400.*'n'/);
      assert.equal(rejectsParameter(error, 'n'), true);
      assert.equal(rejectsParameter(error, 'temperature'), false);
      return true;
    });
    assert.equal(chatRequests(server).length, 1);
  } finally {
    server.samplesParameter = 'honour';
  }
});

test('every prompt at once is one request with one schema; the answer splits back into each prompt’s, issues by rubric', async () => {
  const reply = {
    criteria: {
      clarity: { wording: { applicable: true, score: 4, rationale: 'Terse.', evidence: [{ frame: 2, quote: 'ok' }] }, 'next-step': { applicable: false, score: null, rationale: 'No steps.', evidence: [] } },
      feedback: { progress: { applicable: true, score: 9, rationale: 'Bar.', evidence: [] }, errors: { applicable: true, score: 6, rationale: 'Red.', evidence: [] }, latency: { applicable: true, score: 8, rationale: 'Fast.', evidence: [] } },
    },
    issues: [
      { rubric: 'feedback', severity: 'major', title: 'Errors scroll away', frame: 3, recommendation: 'Keep the error on screen.' },
      { rubric: 'clarity', severity: 'minor', title: 'Terse prompt', frame: null, recommendation: 'Say what to type.' },
    ],
    summary: 'Fast but terse.',
  };
  server.script({ reply, usage: { promptTokens: 12_000, cachedTokens: 0, completionTokens: 900 } });
  const result = await judgeFor({ model: 'gpt-4.1' }).judgeBatch!({ prompts: [clarity, feedback], frames, samples: [0] });
  const [request] = chatRequests(server);
  assert.equal(request.body.response_format.json_schema.name, COMBINED_SCHEMA_NAME);
  assert.deepEqual(request.body.response_format.json_schema.schema, combinedAnswerJsonSchema([clarity, feedback]));
  assert.deepEqual(request.body, buildCombinedRequest(frames, [clarity, feedback], { model: 'gpt-4.1' }));
  // The same prefix as each prompt asked alone: system instructions, then the frames.
  assert.deepEqual(request.body.messages.slice(0, 2), buildChatRequest(frames, clarity, { model: 'gpt-4.1' }).messages.slice(0, 2));
  const byPrompt = Object.fromEntries(result.answers.map((item) => [item.prompt, item.answer!]));
  assert.deepEqual(Object.keys(byPrompt), ['clarity', 'feedback']);
  assert.deepEqual(byPrompt.clarity.criteria.wording, { applicable: true, score: 4, rationale: 'Terse.', evidence: [{ frame: 2, quote: 'ok' }] });
  assert.equal(byPrompt.clarity.criteria['next-step'].applicable, false);
  assert.equal(byPrompt.feedback.criteria.progress.score, 9);
  assert.deepEqual(byPrompt.clarity.issues, [{ severity: 'minor', title: 'Terse prompt', frame: null, recommendation: 'Say what to type.' }]);
  assert.deepEqual(byPrompt.feedback.issues.map((issue) => issue.title), ['Errors scroll away']);
  assert.equal(byPrompt.clarity.summary, 'Fast but terse.');
  assert.equal(byPrompt.feedback.summary, 'Fast but terse.');
  assert.equal(result.usage.costUsd, (12_000 * 2 + 900 * 8) / 1e6);
});

test('a combined reply missing a rubric is corrected once, naming what is missing', async () => {
  const clarityOnly = (validAnswerFor(buildChatRequest(frames, clarity, { model: 'm' })) as { criteria: object }).criteria;
  server.script({ reply: { criteria: { clarity: clarityOnly }, issues: [], summary: 's' } }, {});
  const result = await judgeFor().judgeBatch!({ prompts: [clarity, feedback], frames, samples: [0] });
  assert.equal(chatRequests(server).length, 2);
  assert.match(chatRequests(server)[1].body.messages.at(-1).content, /criteria\.feedback/);
  assert.equal(result.answers.length, 2);
  assert.ok(result.answers.every((item) => item.answer));
});

test('combined answers are cached per prompt and sample, apart from answers to each prompt alone', async () => {
  const cache = new ResponseCache(makeTempDir());
  const both = { prompts: [clarity, feedback], frames, samples: [0, 1] };
  assert.deepEqual(await judgeFor({ cache }).uncachedSamples!(both), [0, 1]);
  const first = await judgeFor({ cache }).judgeBatch!(both);
  assert.equal(chatRequests(server).length, 1);
  assert.equal(chatRequests(server)[0].body.n, 2);
  assert.deepEqual(await judgeFor({ cache }).uncachedSamples!(both), []);
  const second = await judgeFor({ cache }).judgeBatch!(both);
  assert.equal(chatRequests(server).length, 1, 'the repeat asked the server');
  assert.ok(second.usage.fromCache && second.usage.costUsd === 0);
  assert.ok(second.answers.every((item) => item.fromCache));
  assert.deepEqual(second.answers.map((item) => item.answer), first.answers.map((item) => item.answer));
  // A third sample is asked alone; each prompt asked alone is another request text, so another entry.
  assert.deepEqual(await judgeFor({ cache }).uncachedSamples!({ ...both, samples: [0, 1, 2] }), [2]);
  assert.equal(await judgeFor({ cache }).isCached!({ prompt: clarity, frames, sample: 0 }), false);
});

test('combinedRubricText gives each rubric under its id, and an instruction an earlier rubric gave once', () => {
  const shared = '## What you are looking at\n\nFrames of a terminal.\n\n## How to score\n\n- Use the anchors.\n- Score what is visible,\n  never more.';
  const one = { ...clarity, body: `${shared}\n- Clarity-specific rule.\n\n## Rubric\n\nClarity anchors.` };
  const two = { ...feedback, body: `${shared}\n- Feedback-specific rule.\n\n## Rubric\n\nFeedback anchors.` };
  const text = combinedRubricText([one, two], 3);
  assert.match(text, /^# 2 rubrics at once\n\nScore every criterion of every rubric below from 1 to 10 on the 3 frames above \(numbered 1 to 3\)/);
  assert.match(text, /not repeated in the later ones: it applies to every rubric\./);
  assert.match(text, /# Rubric `clarity`: The clarity rubric\n\n## Criteria\n\n- `wording` \(WORDING\)/);
  const second = text.slice(text.indexOf('# Rubric `feedback`'));
  // The second rubric keeps its own rule under its heading, and its anchors; the shared section and rules are gone.
  assert.equal(
    second,
    '# Rubric `feedback`: The feedback rubric\n\n## Criteria\n\n- `progress` (PROGRESS): How good the progress is.\n- `errors` (ERRORS): How good the errors is.\n- `latency` (LATENCY): How good the latency is.\n\n## How to score\n\n- Feedback-specific rule.\n\n## Rubric\n\nFeedback anchors.',
  );
  assert.equal(text.split('Frames of a terminal.').length, 2);
  assert.ok(text.includes('- Score what is visible,\n  never more.\n- Clarity-specific rule.'));
  assert.equal(requestRubricText([one], 3), rubricText(one, 3));
});

test('rejectsParameter reads OpenAI’s param and other servers’ messages, and only for 400 and 422', () => {
  const apiError = (status: number, body: object) => OpenAI.APIError.generate(status, body, undefined, new Headers());
  assert.equal(rejectsParameter(apiError(400, { error: { message: 'Unsupported value', param: 'n' } }), 'n'), true);
  assert.equal(rejectsParameter(apiError(400, { error: { message: "'n' is not supported by this model" } }), 'n'), true);
  assert.equal(rejectsParameter(apiError(422, { error: { message: 'n must be 1 when using greedy sampling' } }), 'n'), true);
  assert.equal(rejectsParameter(apiError(400, { error: { message: 'content must be a string' } }), 'n'), false);
  assert.equal(rejectsParameter(apiError(500, { error: { message: "'n' failed", param: 'n' } }), 'n'), false);
  assert.equal(rejectsParameter(new Error("'n' is not supported"), 'n'), false);
});
