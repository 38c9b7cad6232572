import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ExecutionError } from '../../../src/errors.js';
import { parseAnswer } from '../../../src/evaluate/answer-schema.js';
import { createHeuristicJudge, measureRecording } from '../../../src/evaluate/heuristic/index.js';
import type { JudgeAnswer, JudgeFrame, RubricPrompt } from '../../../src/evaluate/types.js';
import { record } from '../../../src/record/index.js';
import { render } from '../../../src/render/index.js';
import { writeCast, type CastEventTuple } from '../../helpers/casts.js';
import { FULL_SCREEN_LAST_ROW, fullScreenCast } from '../../helpers/full-screen-casts.js';
import { fixturePath, makeTempDir } from '../../helpers/paths.js';
import { sampleJudgeFrames } from './sampled-frames.js';

const CRITERIA = [
  'contrast', 'colors', 'font-rendering', 'ansi-handling', 'spacing',
  'layout', 'density', 'streaming', 'scrolling',
  'agent-states', 'progress', 'phase-transitions', 'winner-selection',
  'feedback', 'error-visibility', 'cognitive-load', 'hierarchy',
  'coordination-phases', 'voting',
  'made-up-criterion',
];

const prompt: RubricPrompt = {
  id: 'everything',
  title: 'Every criterion',
  weight: 1,
  criteria: CRITERIA.map((id) => ({ id, title: id, weight: 1, description: `scores ${id}` })),
  body: 'Score the display.',
  path: '/prompts/everything.md',
  sha256: '0'.repeat(64),
};

const tempRoot = makeTempDir('termaudit-heuristic-');
process.on('exit', () => rmSync(tempRoot, { recursive: true, force: true }));

/** Fixture programs recorded once in a real pty, shared by the tests. */
const recordings = new Map<string, Promise<string>>();
function recorded(name: string): Promise<string> {
  let cast = recordings.get(name);
  if (!cast) {
    cast = record({ command: process.execPath, args: [fixturePath('ux', `${name}.mjs`)], cols: 80, rows: 24, outRoot: tempRoot }).then((result) => {
      assert.equal(result.exitCode, 0, `${name} ran`);
      return result.castPath;
    });
    recordings.set(name, cast);
  }
  return cast;
}

/** A cast whose screen stands still for 8 s in the middle of the run. */
function frozenCast(): string {
  const events: CastEventTuple[] = [
    [0.2, 'o', '\x1b[1;36mDeploy\x1b[0m\r\n\r\n'],
    [0.5, 'o', '\x1b[32m✓\x1b[0m upload artifacts\r\n'],
    [1.0, 'o', 'migrating database\r\n'],
    [9.0, 'o', '\x1b[32m✓\x1b[0m migrate database\r\n'],
    [9.3, 'o', '\r\n\x1b[1;32m✓ done\x1b[0m deployed in 9.3 s\r\n'],
  ];
  return writeCast(events, { cols: 60, rows: 12, duration: 9.5 });
}

async function answerFor(castPath: string): Promise<{ answer: JudgeAnswer; frames: JudgeFrame[] }> {
  const frames = await sampleJudgeFrames(castPath);
  const judge = createHeuristicJudge({ castPath });
  const { answer, usage } = await judge.judge({ prompt, frames, sample: 0 });
  assert.equal(usage.costUsd, 0);
  assertModelShape(answer, frames.length);
  return { answer, frames };
}

/**
 * assertModelShape checks that an answer has the shape of a model's (parseAnswer), but on continuous scales:
 * its scores carry one decimal where a model gives whole ones.
 */
function assertModelShape(answer: JudgeAnswer, frameCount: number): void {
  const whole = structuredClone(answer);
  for (const [id, criterion] of Object.entries(whole.criteria)) {
    assert.ok(criterion.score === null || Math.abs(criterion.score * 10 - Math.round(criterion.score * 10)) < 1e-9, `${id}: ${criterion.score} has one decimal at most`);
    if (criterion.score !== null) criterion.score = Math.round(criterion.score);
  }
  const parsed = parseAnswer(whole, prompt, frameCount);
  assert.ok('answer' in parsed, `the answer passes parseAnswer: ${'error' in parsed ? parsed.error : ''}`);
}

const score = (answer: JudgeAnswer, id: string) => answer.criteria[id].score;

function meanScore(answer: JudgeAnswer): number {
  const scores = Object.values(answer.criteria).flatMap((criterion) => (criterion.score === null ? [] : [criterion.score]));
  return scores.reduce((sum, value) => sum + value, 0) / scores.length;
}

test('the heuristic judge scores every criterion it knows with evidence quoted from the frames, and null for the others', async () => {
  const { answer, frames } = await answerFor(await recorded('clean-display'));
  const judge = createHeuristicJudge({ castPath: await recorded('clean-display') });
  assert.equal(judge.name, 'heuristic');
  assert.equal(judge.model, 'heuristic-3');
  assert.equal(score(answer, 'made-up-criterion'), null);
  assert.equal(answer.criteria['made-up-criterion'].rationale, 'not measured by the heuristic judge');
  for (const id of CRITERIA.slice(0, -1)) {
    const criterion = answer.criteria[id];
    if (criterion.score === null) continue;
    assert.match(criterion.rationale, /Measured: .*\d/, `${id} states its measurement`);
    assert.match(criterion.rationale, /not a judgement of taste/);
    for (const evidence of criterion.evidence) {
      const frame = frames[evidence.frame - 1];
      assert.ok(frame.text!.includes(evidence.quote), `${id}: "${evidence.quote}" is on frame ${evidence.frame}`);
    }
  }
  assert.ok(answer.criteria.contrast.evidence.length === 1);
  assert.match(answer.criteria['winner-selection'].evidence[0].quote, /✓ done/);
  assert.match(answer.summary, /^Heuristic judge \(measurements, not a model\)/);
  const asked = await judge.ask('Is the progress clear?', frames);
  assert.match(asked.text, /heuristic judge/);
  assert.match(asked.text, /progress: \d+\/10/);
});

test('a clean, colored display scores higher than each badly designed one', async () => {
  const clean = meanScore((await answerFor(await recorded('clean-display'))).answer);
  for (const bad of ['low-contrast', 'leaked-escapes', 'flood']) {
    const mean = meanScore((await answerFor(await recorded(bad))).answer);
    assert.ok(clean > mean, `clean ${clean.toFixed(2)} > ${bad} ${mean.toFixed(2)}`);
  }
  const frozen = meanScore((await answerFor(frozenCast())).answer);
  assert.ok(clean > frozen, `clean ${clean.toFixed(2)} > frozen ${frozen.toFixed(2)}`);
});

test('dark gray text on a dark background scores low on contrast, and the clean display high', async () => {
  const { answer, frames } = await answerFor(await recorded('low-contrast'));
  assert.ok(score(answer, 'contrast')! <= 2, `contrast ${score(answer, 'contrast')}`);
  assert.match(answer.criteria.contrast.rationale, /100\.0% of text .* below WCAG 4\.5:1/);
  const evidence = answer.criteria.contrast.evidence[0];
  assert.ok(frames[evidence.frame - 1].text!.includes(evidence.quote) && evidence.quote.length > 0);
  assert.ok(answer.issues.some((issue) => issue.severity === 'critical' && /contrast/.test(issue.title)));
  const clean = (await answerFor(await recorded('clean-display'))).answer;
  assert.ok(score(clean, 'contrast')! >= 8, `clean contrast ${score(clean, 'contrast')}`);
  assert.ok(score(clean, 'colors')! > score(answer, 'colors')!);
  assert.ok(score(clean, 'hierarchy')! > score(answer, 'hierarchy')!);
});

test('escape sequences shown as text score low on ansi-handling and point at the row showing them', async () => {
  const { answer } = await answerFor(await recorded('leaked-escapes'));
  assert.ok(score(answer, 'ansi-handling')! <= 3, `ansi-handling ${score(answer, 'ansi-handling')}`);
  assert.match(answer.criteria['ansi-handling'].evidence[0].quote, /\\x1b|\^\[\[|\[31;1m|\uFFFD/);
  assert.ok(answer.issues.some((issue) => /Escape-sequence debris/.test(issue.title) && issue.frame !== null));
  // "failed" is shown in the plain text color.
  assert.equal(score(answer, 'error-visibility'), 3);
  const clean = (await answerFor(await recorded('clean-display'))).answer;
  assert.equal(score(clean, 'ansi-handling'), 10);
  assert.equal(score(clean, 'error-visibility'), null);
});

test('a screen frozen for 8 s mid-run scores low on feedback and streaming, citing the frozen frame', async () => {
  const { answer, frames } = await answerFor(frozenCast());
  assert.ok(score(answer, 'feedback')! <= 4, `feedback ${score(answer, 'feedback')}`);
  assert.ok(score(answer, 'streaming')! <= 4, `streaming ${score(answer, 'streaming')}`);
  assert.match(answer.criteria.feedback.rationale, /longest unchanged stretch 8\.0 s from 1\.0 s/);
  const evidence = answer.criteria.feedback.evidence[0];
  assert.ok(frames[evidence.frame - 1].time <= 5, 'the evidence frame is one shown during the freeze');
  assert.equal(evidence.quote, 'migrating database');
  assert.ok(answer.issues.some((issue) => issue.severity === 'major' && /does not change for 8\.0 s/.test(issue.title)));
  const clean = (await answerFor(await recorded('clean-display'))).answer;
  assert.ok(score(clean, 'feedback')! >= 9 && score(clean, 'streaming')! >= 9);
});

test('a flood of thousands of lines scores low on scrolling', async () => {
  const { answer } = await answerFor(await recorded('flood'));
  assert.ok(score(answer, 'scrolling')! <= 3, `scrolling ${score(answer, 'scrolling')}`);
  assert.match(answer.criteria.scrolling.rationale, /\d{4} lines scrolled in the busiest second/);
  assert.ok(answer.issues.some((issue) => /lines scroll past in one second/.test(issue.title)));
  const clean = (await answerFor(await recorded('clean-display'))).answer;
  assert.equal(score(clean, 'scrolling'), 10);
});

test('the heuristic judge gives identical answers for the same recording and frames', async () => {
  const castPath = await recorded('clean-display');
  const frames = await sampleJudgeFrames(castPath);
  const first = await createHeuristicJudge({ castPath }).judge({ prompt, frames, sample: 0 });
  const second = await createHeuristicJudge({ castPath }).judge({ prompt, frames, sample: 1 });
  assert.deepEqual(second, first);
  assert.deepEqual(await measureRecording({ castPath }), await measureRecording({ castPath }));
});

test('a video gives scores from its pixels and null for what only the text shows', async () => {
  const outDir = join(tempRoot, 'video');
  const rendered = await render(frozenCast(), { outDir, formats: ['mp4'], fps: 10, lastFrame: 1 });
  const videoPath = rendered.outputs.mp4!;
  const measures = await measureRecording({ videoPath });
  assert.equal(measures.source, 'video');
  assert.equal(measures.text, undefined);
  assert.ok(measures.firstOutputTime !== null && measures.firstOutputTime <= 0.3, `first output ${measures.firstOutputTime}`);
  assert.ok(measures.freeze !== null && measures.freeze.seconds >= 7.5 && measures.freeze.seconds <= 8.5, `freeze ${measures.freeze?.seconds}`);

  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000000' } }).png().toBuffer();
  const frames: JudgeFrame[] = [1, 2].map((number) => ({ number, time: number * 4, label: `Frame ${number}`, png, width: 4, height: 4, hash: String(number) }));
  const { answer } = await createHeuristicJudge({ videoPath }).judge({ prompt, frames, sample: 0 });
  assertModelShape(answer, frames.length);
  assert.ok(score(answer, 'feedback')! <= 4, `feedback ${score(answer, 'feedback')}`);
  assert.ok(score(answer, 'streaming')! <= 4, `streaming ${score(answer, 'streaming')}`);
  assert.notEqual(score(answer, 'density'), null);
  assert.deepEqual(answer.criteria.feedback.evidence, [], 'frames without text give no quote, so no evidence');
  for (const id of ['contrast', 'ansi-handling', 'scrolling', 'voting']) {
    assert.equal(score(answer, id), null);
    assert.match(answer.criteria[id].rationale, /not measurable from a video/);
  }
});

test('a video ffmpeg cannot decode is an ExecutionError naming it, with what ffmpeg said', async () => {
  const videoPath = join(tempRoot, 'noise.mp4');
  writeFileSync(videoPath, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  await assert.rejects(measureRecording({ videoPath }), (error: unknown) => {
    assert.ok(error instanceof ExecutionError, String(error));
    assert.ok(error.message.startsWith(`ffmpeg failed while decoding ${videoPath} for the heuristic judge (exited with code 1)`), error.message);
    assert.match(error.message, /ffmpeg said:\n.*Invalid data found when processing input/s);
    return true;
  });
});

test('the final screen of a full-screen program that restored the main screen at exit is its last screen', async () => {
  const castPath = fullScreenCast();
  const measures = await measureRecording({ castPath });
  assert.match(measures.text!.final.text, new RegExp(`${FULL_SCREEN_LAST_ROW}$`));
  const { answer, frames } = await answerFor(castPath);
  for (const id of ['density', 'hierarchy', 'cognitive-load']) {
    assert.deepEqual(answer.criteria[id].evidence, [{ frame: frames.length, quote: FULL_SCREEN_LAST_ROW }], id);
  }
  // An editor chooses no winner and states no result: not applicable.
  assert.equal(answer.criteria['winner-selection'].applicable, false);
});

test('evidence never quotes an empty string: a blank final screen is cited by the latest frame with text', async () => {
  const castPath = writeCast([
    [0.1, 'o', '\x1b[1mReport\x1b[0m\r\n\x1b[32m✓ done\x1b[0m 3 checks passed\r\n'],
    [1.0, 'o', '\x1b[2J\x1b[H'],
  ], { cols: 40, rows: 6, duration: 1.5 });
  const { answer, frames } = await answerFor(castPath);
  assert.equal(frames.at(-1)!.text, '\n', 'the last frame is blank');
  let cited = 0;
  for (const [id, criterion] of Object.entries(answer.criteria)) {
    for (const evidence of criterion.evidence) {
      assert.notEqual(evidence.quote, '', `${id} quotes an empty string`);
      assert.ok(frames[evidence.frame - 1].text!.includes(evidence.quote), `${id}: "${evidence.quote}" is on frame ${evidence.frame}`);
      cited++;
    }
  }
  assert.ok(cited > 5, `${cited} quotes`);
  assert.deepEqual(answer.criteria.density.evidence, [{ frame: frames.length - 1, quote: '✓ done 3 checks passed' }]);
});
