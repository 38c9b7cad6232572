import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ConfigError, ExecutionError, TimeoutError } from '../../src/errors.js';
import { chooseJudge, EVALUATION_FILE_NAME, type EvaluateEvent, type EvaluationDocument } from '../../src/evaluate/index.js';
import { findModel } from '../../src/evaluate/models.js';
import { DEFAULT_MODEL } from '../../src/evaluate/judge-settings.js';
import { planModelFrame } from '../../src/evaluate/judge-frames.js';
import { answerJsonSchema } from '../../src/evaluate/answer-schema.js';
import { loadPrompt } from '../../src/evaluate/prompts.js';
import { writeCast } from '../helpers/casts.js';
import { chatRequests, maxOverlap, openAIError, startOpenAIServer, validAnswerFor } from '../helpers/openai-server.js';
import { makeTempDir } from '../helpers/paths.js';
import { evaluateInput } from '../helpers/evaluate-input.js';

/** A short run of a program: a title, three steps with colored status, a final result line. */
function programCast(): string {
  return writeCast(
    [
      [0.2, 'o', '\x1b[1mdeploy\x1b[0m v1.2\r\n'],
      [0.8, 'o', '\x1b[32m✓\x1b[0m build\r\n'],
      [1.6, 'o', '\x1b[32m✓\x1b[0m test\r\n'],
      [2.4, 'o', '\x1b[31m✗\x1b[0m upload failed: timeout\r\n'],
      [3.0, 'o', '\x1b[32m✓\x1b[0m upload (retry)\r\nDone: deployed in 3.0s\r\n'],
    ],
    { cols: 60, rows: 12 },
  );
}

const onePrompt = [join(import.meta.dirname, '../../prompts/visual-clarity.md')];
/** The prompts of the default profile (multi-agent), in the profile's order. */
const allPromptIds = ['visual-clarity', 'information-organization', 'status-indicators', 'user-experience', 'coordination'];

function readEvaluation(path: string): EvaluationDocument {
  return JSON.parse(readFileSync(path, 'utf8')) as EvaluationDocument;
}

test('auto picks the openai judge only when an API key is set, and says why', () => {
  assert.equal(chooseJudge('auto', 'sk-x').judge, 'openai');
  assert.match(chooseJudge('auto', undefined).reason, /OPENAI_API_KEY is not set/);
  assert.equal(chooseJudge('auto', undefined).judge, 'heuristic');
  assert.equal(chooseJudge('heuristic', 'sk-x').judge, 'heuristic');
});

test('evaluate with the heuristic judge scores every shipped prompt and writes evaluation.json beside the cast', async () => {
  const cast = programCast();
  const events: string[] = [];
  const result = await evaluateInput(cast, { judge: 'auto', apiKey: '', onEvent: (event) => events.push(event.type) });
  assert.equal(result.path, join(cast, '..', EVALUATION_FILE_NAME));
  const document = readEvaluation(result.path);
  assert.equal(document.complete, true);
  assert.equal(document.judge.name, 'heuristic');
  assert.match(document.judge.reason, /not set/);
  assert.deepEqual(document.results.map((item) => item.prompt), allPromptIds);
  assert.equal(document.calls.length, 5);
  assert.ok(document.calls.every((call) => call.status === 'ok'));
  assert.equal(document.totals.costUsd, 0);
  // The last frame is the final screen, and the heuristic judge saw the result line on it.
  assert.match(document.frames.at(-1)!.text ?? '', /Done: deployed/);
  const contrast = document.results.find((item) => item.prompt === 'visual-clarity')!.criteria.find((item) => item.id === 'contrast')!;
  assert.ok(contrast.score !== null && contrast.score >= 8, `contrast ${contrast.score}`);
  assert.ok(events.includes('judge') && events.includes('sampled') && events.includes('call'));
});

test('the openai judge receives frames cropped to the grid at the cheapest legible size, labelled, frames first, concurrently', async () => {
  const server = await startOpenAIServer();
  try {
    server.script(...Array.from({ length: 5 }, () => ({ delayMs: 300, usage: { promptTokens: 9000, cachedTokens: 8000, completionTokens: 400 } })));
    const cast = programCast();
    const result = await evaluateInput(cast, {
      judge: 'openai',
      apiKey: 'test-key',
      baseURL: server.baseURL,
      cacheDir: makeTempDir(),
      concurrency: 4,
      sample: { frames: 4 },
    });
    const requests = chatRequests(server);
    assert.equal(requests.length, 5);
    assert.ok(maxOverlap(requests) >= 4, `at most ${maxOverlap(requests)} calls overlapped`);
    const body = requests[0].body;
    assert.equal(body.model, DEFAULT_MODEL);
    const parts = body.messages[1].content as any[];
    const images = parts.filter((part) => part.type === 'image_url');
    assert.equal(images.length, result.document.frames.length);
    assert.ok(images.every((part) => part.image_url.detail === 'high'));
    assert.match(parts[0].text, /^Frame 1 · 00:0\d\.\d$/);
    // The rubric comes after every frame, so every prompt shares the frames as a prefix.
    assert.deepEqual(requests[1].body.messages.slice(0, 2), body.messages.slice(0, 2));
    // Each image is a lossless PNG of the grid alone, as planModelFrame plans it: the fewest 512-px tiles at a legible font.
    const png = Buffer.from(images[0].image_url.url.replace(/^data:image\/png;base64,/, ''), 'base64');
    const meta = await sharp(png).metadata();
    const plan = planModelFrame(result.document.input.cols!, result.document.input.rows!, findModel(DEFAULT_MODEL)!);
    assert.equal(meta.format, 'png');
    assert.deepEqual([meta.width, meta.height], [plan.width, plan.height]);
    assert.ok(plan.legible);
    assert.deepEqual(result.document.frames[0].sent.width, meta.width);
    // Cost: 5 calls of 1000 uncached + 8000 cached input and 400 output tokens at gpt-6-luna's prices.
    const document = result.document;
    assert.equal(document.totals.inputTokens, 45000);
    assert.equal(document.totals.cachedInputTokens, 40000);
    assert.ok(Math.abs(document.totals.costUsd - 5 * ((1000 * 0.1 + 8000 * 0.01 + 400 * 0.5) / 1e6)) < 1e-9, `cost ${document.totals.costUsd}`);
    assert.ok(document.estimate && document.estimate.costUsd > 0 && document.estimate.costUsd < document.estimate.costWithoutPromptCacheUsd);
  } finally {
    await server.close();
  }
});

test('a second identical evaluation is answered from the cache and costs nothing; --no-cache asks again', async () => {
  const server = await startOpenAIServer();
  try {
    const cast = programCast();
    const cacheDir = makeTempDir();
    const options = { judge: 'openai' as const, apiKey: 'k', baseURL: server.baseURL, cacheDir, prompts: onePrompt, sample: { frames: 3 } };
    const first = await evaluateInput(cast, options);
    assert.equal(chatRequests(server).length, 1);
    assert.ok(first.document.totals.costUsd > 0);
    const second = await evaluateInput(cast, options);
    assert.equal(chatRequests(server).length, 1, 'the second run sent a request');
    assert.equal(second.document.totals.costUsd, 0);
    assert.equal(second.document.totals.fromCache, 1);
    assert.deepEqual(second.document.results, first.document.results);
    // Calls the cache answers cost nothing, so they do not count against --max-cost.
    const events: EvaluateEvent[] = [];
    await evaluateInput(cast, { ...options, maxCost: 0.000001, onEvent: (event) => events.push(event) });
    assert.deepEqual(events.find((event) => event.type === 'estimate'), { type: 'estimate', costUsd: 0, cachedCostUsd: 0, calls: 0, fromCache: 1, requests: 'per-prompt' });
    await evaluateInput(cast, { ...options, cache: false });
    assert.equal(chatRequests(server).length, 2);
  } finally {
    await server.close();
  }
});

test('k samples keep the median score and report the spread', async () => {
  const server = await startOpenAIServer();
  try {
    // Each reply gives every criterion of the prompt one score: 3, 8 and 7 → median 7, spread 5.
    const template = validAnswerFor({ response_format: { json_schema: { schema: answerJsonSchema(await loadPrompt(onePrompt[0])) } } }) as any;
    const withScore = (score: number) => {
      const copy = structuredClone(template);
      for (const key of Object.keys(copy.criteria)) copy.criteria[key].score = score;
      return { reply: copy };
    };
    server.script({ replies: [withScore(3).reply, withScore(8).reply, withScore(7).reply], usage: { promptTokens: 9000, cachedTokens: 0, completionTokens: 400 } });
    const result = await evaluateInput(programCast(), { judge: 'openai', model: 'gpt-4.1', apiKey: 'k', baseURL: server.baseURL, cache: false, prompts: onePrompt, samples: 3, sample: { frames: 2 } });
    const criterion = result.document.results[0].criteria[0];
    assert.equal(criterion.score, 7);
    assert.equal(criterion.spread, 5);
    assert.deepEqual([...criterion.scores].sort(), [3, 7, 8]);
    // The three samples were three choices of one request: its input billed once, the output of each.
    const requests = chatRequests(server);
    assert.equal(requests.length, 1);
    assert.equal(requests[0].body.n, 3);
    const { totals, calls } = result.document;
    assert.deepEqual([totals.calls, totals.inputTokens, totals.outputTokens], [1, 9000, 1200]);
    assert.equal(totals.costUsd, (9000 * 2 + 1200 * 8) / 1e6);
    // Each sample's record carries a third of the request, so the records add up to it.
    assert.deepEqual(calls.map((call) => [call.request, call.usage?.inputTokens, call.usage?.outputTokens]), [[1, 3000, 400], [1, 3000, 400], [1, 3000, 400]]);
  } finally {
    await server.close();
  }
});

test('a rejected API key stops the evaluation with a ConfigError and keeps the answers already received', async () => {
  const server = await startOpenAIServer();
  try {
    server.script({ reply: undefined }, { status: 401, body: openAIError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key') });
    const cast = programCast();
    await assert.rejects(
      evaluateInput(cast, { judge: 'openai', apiKey: 'bad', baseURL: server.baseURL, cache: false, concurrency: 1, sample: { frames: 2 } }),
      (error: unknown) => error instanceof ConfigError && /API key|OPENAI_API_KEY/.test(error.message) && /evaluation\.json/.test(error.message),
    );
    const document = readEvaluation(join(cast, '..', EVALUATION_FILE_NAME));
    assert.equal(document.complete, false);
    assert.equal(document.calls.filter((call) => call.status === 'ok').length, 1);
    assert.equal(document.calls.filter((call) => call.status === 'failed').length, 1);
    assert.ok(chatRequests(server).length <= 2, 'calls went on after the key was rejected');
  } finally {
    await server.close();
  }
});

test('a prompt that keeps failing is reported after the others finished, whose answers are kept', async () => {
  const server = await startOpenAIServer();
  try {
    server.script({ reply: 'not json' }, { reply: 'still not json' });
    const cast = programCast();
    await assert.rejects(
      evaluateInput(cast, { judge: 'openai', apiKey: 'k', baseURL: server.baseURL, cache: false, concurrency: 1, sample: { frames: 2 } }),
      (error: unknown) => error instanceof ExecutionError && /1 of 5 judge calls failed/.test(error.message),
    );
    const document = readEvaluation(join(cast, '..', EVALUATION_FILE_NAME));
    assert.equal(document.calls.filter((call) => call.status === 'ok').length, 4);
  } finally {
    await server.close();
  }
});

test('calls that time out after their retries end the evaluation with a TimeoutError', async () => {
  const server = await startOpenAIServer();
  try {
    server.script({ hangMs: 2000 }, { hangMs: 2000 });
    await assert.rejects(
      evaluateInput(programCast(), { judge: 'openai', apiKey: 'k', baseURL: server.baseURL, cache: false, prompts: onePrompt, timeoutMs: 200, maxRetries: 1, sample: { frames: 2 } }),
      TimeoutError,
    );
  } finally {
    await server.close();
  }
});

test('--max-cost with a model of unknown price refuses before any call unless a price is given, which then prices the estimate and the calls', async () => {
  const server = await startOpenAIServer();
  try {
    const cast = programCast();
    const base = { judge: 'openai' as const, apiKey: 'k', baseURL: server.baseURL, model: 'gpt-4o-2024-11-20', cache: false, prompts: onePrompt, sample: { frames: 2 } };
    await assert.rejects(evaluateInput(cast, { ...base, maxCost: 0.001 }), (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, /^--max-cost: model "gpt-4o-2024-11-20" has no known price, so the cost of its calls cannot be estimated; give it with --price in=<USD>,cached=<USD>,out=<USD> \(per 1M tokens; evaluate\.price in a pipeline file\), or leave out --max-cost$/);
      return true;
    });
    assert.equal(chatRequests(server).length, 0);

    // With a price, the estimate uses it: a cap below it refuses, still before any call.
    const price = { input: 1000, cachedInput: 500, output: 4000 };
    await assert.rejects(evaluateInput(cast, { ...base, price, maxCost: 0.01 }), (error: unknown) => error instanceof ConfigError && /^the estimated cost \$\d+\.\d{4} \(1 calls × 2 frames on gpt-4o-2024-11-20\) is above --max-cost \$0\.01/.test(error.message));
    assert.equal(chatRequests(server).length, 0);

    // Under the cap the calls run, and their cost is counted at the price given (1000 in × $1000 + 100 out × $4000, per 1M).
    const events: EvaluateEvent[] = [];
    const result = await evaluateInput(cast, { ...base, price, maxCost: 100, onEvent: (event) => events.push(event) });
    assert.equal(chatRequests(server).length, 1);
    const estimate = events.find((event) => event.type === 'estimate');
    assert.ok(estimate && estimate.type === 'estimate' && estimate.costUsd > 0, JSON.stringify(events));
    assert.ok(Math.abs(result.document.totals.costUsd - 1.4) < 1e-9, String(result.document.totals.costUsd));
    assert.deepEqual(result.document.judge.price, price);
  } finally {
    await server.close();
  }
});

test('--max-cost counts the --ask question too: a question alone is estimated and capped', async () => {
  const server = await startOpenAIServer();
  try {
    const cast = programCast();
    await assert.rejects(
      evaluateInput(cast, { judge: 'openai', apiKey: 'k', baseURL: server.baseURL, cache: false, ask: 'Is the failure visible?', maxCost: 0.000001, sample: { frames: 2 } }),
      (error: unknown) => error instanceof ConfigError && /^the estimated cost \$\d+\.\d{4} \(1 calls × 2 frames on gpt-6-luna\) is above --max-cost/.test(error.message),
    );
    assert.equal(chatRequests(server).length, 0);
  } finally {
    await server.close();
  }
});

test('--max-cost refuses to start above the estimate, before any call', async () => {
  const server = await startOpenAIServer();
  try {
    const cast = programCast();
    await assert.rejects(
      evaluateInput(cast, { judge: 'openai', apiKey: 'k', baseURL: server.baseURL, maxCost: 0.0001 }),
      (error: unknown) => error instanceof ConfigError && /above --max-cost/.test(error.message),
    );
    assert.equal(chatRequests(server).length, 0);
    assert.equal(existsSync(join(cast, '..', EVALUATION_FILE_NAME)), false);
  } finally {
    await server.close();
  }
});

test('--ask alone sends one free question and records the free-text answer', async () => {
  const server = await startOpenAIServer();
  try {
    server.script({ reply: 'The upload failed once, then succeeded.' });
    const result = await evaluateInput(programCast(), { judge: 'openai', apiKey: 'k', baseURL: server.baseURL, cache: false, ask: 'What happened to the upload?', sample: { frames: 3 } });
    const requests = chatRequests(server);
    assert.equal(requests.length, 1);
    assert.equal(requests[0].body.response_format, undefined);
    assert.match(JSON.stringify(requests[0].body.messages.at(-1)), /What happened to the upload/);
    assert.equal(result.document.ask?.text, 'The upload failed once, then succeeded.');
    assert.deepEqual(result.document.results, []);
  } finally {
    await server.close();
  }
});

/** scoresOf lists every criterion's score of an evaluation, by prompt. */
const scoresOf = (document: EvaluationDocument) => document.results.map((result) => [result.prompt, result.criteria.map((criterion) => [criterion.id, criterion.score])]);

test('a server that refuses n gets each sample in a request of its own, with a warning; the estimate said what n would cost', async () => {
  const server = await startOpenAIServer();
  server.samplesParameter = 'reject';
  try {
    const events: EvaluateEvent[] = [];
    const result = await evaluateInput(programCast(), { judge: 'openai', apiKey: 'k', baseURL: server.baseURL, cache: false, prompts: onePrompt, samples: 3, sample: { frames: 2 }, onEvent: (event) => events.push(event) });
    const requests = chatRequests(server);
    assert.deepEqual(requests.map((request) => request.body.n), [3, undefined, undefined, undefined]);
    assert.equal(result.document.complete, true);
    assert.equal(result.document.totals.calls, 3);
    assert.deepEqual(result.document.calls.map((call) => call.request), [1, 2, 3]);
    assert.match(result.document.warnings.join('\n'), /refuses several choices per request \(n\): each of the 3 samples is asked in a request of its own, estimated at \$\d+\.\d+ instead of \$\d+\.\d+/);
    assert.ok(events.some((event) => event.type === 'warning' && /refuses several choices/.test(event.message)));
  } finally {
    await server.close();
  }
});

test('a server that refuses n stops the evaluation when asking each sample alone is estimated above --max-cost', async () => {
  const server = await startOpenAIServer();
  server.samplesParameter = 'reject';
  try {
    const events: EvaluateEvent[] = [];
    const base = { judge: 'openai' as const, model: 'gpt-4.1', apiKey: 'k', baseURL: server.baseURL, cache: false, prompts: onePrompt, samples: 3, sample: { frames: 2 }, onEvent: (event: EvaluateEvent) => events.push(event) };
    // A cap between the estimate with n and the one without.
    await evaluateInput(programCast(), { ...base, maxCost: 100 });
    const estimate = events.find((event) => event.type === 'estimate')!;
    assert.ok(estimate.type === 'estimate');
    const cap = estimate.costUsd * 1.2;
    server.requests.length = 0;
    await assert.rejects(evaluateInput(programCast(), { ...base, maxCost: cap }), (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, /of asking each sample alone, as http:\/\/127\.0\.0\.1:\d+\/v1 refuses several choices per request \(n\) \(3 calls × 2 frames on gpt-4\.1\) is above --max-cost/);
      assert.match(error.message, /use --samples 1/);
      return true;
    });
    assert.equal(chatRequests(server).length, 1, 'a request was sent after the cap was broken');
  } finally {
    await server.close();
  }
});

test('a server that ignores n answers the first sample; the others are asked one by one', async () => {
  const server = await startOpenAIServer();
  server.samplesParameter = 'ignore';
  try {
    const result = await evaluateInput(programCast(), { judge: 'openai', apiKey: 'k', baseURL: server.baseURL, cache: false, prompts: onePrompt, samples: 3, sample: { frames: 2 } });
    assert.deepEqual(chatRequests(server).map((request) => request.body.n), [3, undefined, undefined]);
    assert.equal(result.document.complete, true);
    assert.deepEqual(result.document.calls.map((call) => [call.sample, call.request, call.status]), [[0, 1, 'ok'], [1, 2, 'ok'], [2, 3, 'ok']]);
    assert.match(result.document.warnings.join('\n'), /sent 1 choice for the 3 asked \(it ignores n\)/);
  } finally {
    await server.close();
  }
});

test('requests: combined asks every prompt in one request and writes the same results, scorecard shape and scores as per-prompt', async () => {
  const server = await startOpenAIServer();
  try {
    const cast = programCast();
    const base = { judge: 'openai' as const, apiKey: 'k', baseURL: server.baseURL, cache: false, sample: { frames: 3 } };
    const perPrompt = await evaluateInput(cast, base);
    assert.equal(chatRequests(server).length, 5);
    const events: EvaluateEvent[] = [];
    const combined = await evaluateInput(cast, { ...base, requests: 'combined', onEvent: (event) => events.push(event) });
    const requests = chatRequests(server).slice(5);
    assert.equal(requests.length, 1);
    assert.deepEqual(Object.keys(requests[0].body.response_format.json_schema.schema.properties.criteria.properties), allPromptIds);
    // The same answers in the same places: records per prompt, results per prompt and criterion, the scorecard.
    assert.deepEqual(combined.document.calls.map((call) => [call.prompt, call.sample, call.status, call.request]), allPromptIds.map((id) => [id, 0, 'ok', 1]));
    assert.deepEqual(scoresOf(combined.document), scoresOf(perPrompt.document));
    assert.deepEqual(combined.scorecard.criteria.map((criterion) => [criterion.id, criterion.score]), perPrompt.scorecard.criteria.map((criterion) => [criterion.id, criterion.score]));
    assert.equal(combined.scorecard.overall.score, perPrompt.scorecard.overall.score);
    assert.deepEqual(combined.scorecard.issues.map((issue) => issue.title), perPrompt.scorecard.issues.map((issue) => issue.title));
    assert.equal(combined.document.judge.requests, 'combined');
    // One request's usage, shared by the five answers: 1000 input and 100 output tokens in all.
    assert.deepEqual([combined.document.totals.calls, combined.document.totals.inputTokens, combined.document.totals.outputTokens], [1, 1000, 100]);
    // The estimate says what each way costs, and combined is the cheaper.
    const estimate = events.find((event) => event.type === 'estimate');
    assert.ok(estimate?.type === 'estimate' && estimate.requests === 'combined' && estimate.other?.requests === 'per-prompt', JSON.stringify(estimate));
    assert.equal(estimate.calls, 1);
    assert.equal(estimate.other.calls, 5);
    assert.ok(estimate.costUsd < estimate.other.costUsd, JSON.stringify(estimate));
    assert.equal(combined.document.estimate?.other?.requests, 'per-prompt');
  } finally {
    await server.close();
  }
});

test('requests: combined is answered from the response cache on a repeat, and its samples are choices too', async () => {
  const server = await startOpenAIServer();
  try {
    const cast = programCast();
    const options = { judge: 'openai' as const, apiKey: 'k', baseURL: server.baseURL, cacheDir: makeTempDir(), requests: 'combined' as const, samples: 2, sample: { frames: 2 } };
    const first = await evaluateInput(cast, options);
    assert.deepEqual(chatRequests(server).map((request) => request.body.n), [2]);
    assert.equal(first.document.calls.length, 10);
    const events: EvaluateEvent[] = [];
    const second = await evaluateInput(cast, { ...options, onEvent: (event) => events.push(event) });
    assert.equal(chatRequests(server).length, 1, 'the repeat asked the server');
    assert.deepEqual([second.document.totals.calls, second.document.totals.fromCache, second.document.totals.costUsd], [1, 1, 0]);
    assert.deepEqual(second.document.results, first.document.results);
    const estimate = events.find((event) => event.type === 'estimate');
    assert.ok(estimate?.type === 'estimate' && estimate.calls === 0 && estimate.fromCache === 1, JSON.stringify(estimate));
  } finally {
    await server.close();
  }
});
