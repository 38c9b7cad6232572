/**
 * The heuristic judge says "not applicable" where a display has no such element, scores the element when
 * it is there, and measures the interaction criteria (key hints, answers to key presses, ways out of errors).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureRecording } from '../../../src/evaluate/heuristic/index.js';
import { heuristicAnswer } from '../../../src/evaluate/heuristic/answer.js';
import { scoreCriterion } from '../../../src/evaluate/heuristic/scoring.js';
import { selectPrompts } from '../../../src/evaluate/profiles.js';
import { writeCast, type CastEventTuple } from '../../helpers/casts.js';

/** A plain command: a listing printed at once, then the exit (no agents, phases, votes, errors or keys). */
const listing = (): string =>
  writeCast(
    [
      [0.05, 'o', 'total 12\r\n'],
      [0.06, 'o', '\x1b[1;34msrc\x1b[0m\r\n\x1b[1;34mtest\x1b[0m\r\nREADME.md\r\npackage.json\r\n'],
    ],
    { cols: 40, rows: 8, duration: 0.2 },
  );

test('on a plain listing, the multi-agent criteria, error ones and keyboard ones are not applicable, with reasons', async () => {
  const measures = await measureRecording({ castPath: listing() });
  for (const id of ['voting', 'coordination-phases', 'phase-transitions', 'agent-states', 'winner-selection', 'error-visibility', 'error-recovery', 'keyboard-discoverability', 'responsiveness', 'progress']) {
    const verdict = scoreCriterion(id, measures);
    assert.equal(verdict.applicable, false, `${id}: ${verdict.measurement}`);
    assert.equal(verdict.score, null, id);
    assert.ok(verdict.measurement.length > 15, id);
  }
  // The display criteria apply.
  for (const id of ['contrast', 'layout', 'density', 'colors']) assert.notEqual(scoreCriterion(id, measures).applicable, false, id);
  // Through the answer: not applicable, no evidence, the reason as the rationale.
  const [prompt] = await selectPrompts({ prompts: ['coordination'] });
  const answer = heuristicAnswer(prompt!, measures, []);
  assert.deepEqual(answer.criteria.voting, { applicable: false, score: null, rationale: 'The program shows no voting (no row mentions a vote).', evidence: [] });
});

test('the same criteria apply and score when the element is on screen', async () => {
  const events: CastEventTuple[] = [
    [0.1, 'o', 'Round 1 · planning\r\nagent_a ● working\r\nagent_b ✓ done\r\n'],
    [0.5, 'o', 'voting: agent_a votes for agent_b\r\n'],
    [0.9, 'o', '\x1b[31merror:\x1b[0m agent_c failed to start\r\nhint: try --retries 3\r\n'],
    [1.2, 'o', 'Winner: agent_b\r\n'],
  ];
  const measures = await measureRecording({ castPath: writeCast(events, { cols: 50, rows: 10, duration: 1.5 }) });
  for (const id of ['voting', 'coordination-phases', 'phase-transitions', 'agent-states', 'winner-selection', 'error-visibility', 'error-recovery']) {
    const verdict = scoreCriterion(id, measures);
    assert.notEqual(verdict.applicable, false, `${id}: ${verdict.measurement}`);
    assert.ok(typeof verdict.score === 'number', id);
  }
  assert.equal(scoreCriterion('error-recovery', measures).score, 9);
});

test('a wait without progress makes progress applicable and low; an error without a way out scores low on recovery', async () => {
  const events: CastEventTuple[] = [
    [0.1, 'o', 'Deploying…\r\n'],
    [8.2, 'o', '\x1b[31mError: upload rejected\x1b[0m\r\n'],
  ];
  const measures = await measureRecording({ castPath: writeCast(events, { cols: 40, rows: 6, duration: 8.5 }) });
  const progress = scoreCriterion('progress', measures);
  assert.notEqual(progress.applicable, false, progress.measurement);
  assert.ok(progress.score! <= 3, progress.measurement);
  assert.equal(scoreCriterion('error-recovery', measures).score, 3);
});

test('key hints, key presses and their answers are measured; a slow or unanswered key costs responsiveness', async () => {
  const screen = '\x1b[?1049h\x1b[H\x1b[2J  PID USER  COMMAND\r\n    1 root  init\r\n\x1b[8;1HF1Help  F3Search  F9Kill  F10Quit';
  const quick: CastEventTuple[] = [[0.1, 'o', screen]];
  for (let index = 0; index < 4; index++) quick.push([1 + index, 'i', '\x1b[B'], [1.03 + index, 'o', `\x1b[${2 + (index % 2)};1H\x1b[7m`]);
  quick.push([6, 'i', 'q'], [6.02, 'o', '\x1b[?1049l']);
  const fast = await measureRecording({ castPath: writeCast(quick, { cols: 40, rows: 8, duration: 6.1 }) });
  assert.equal(fast.input?.events, 5);
  assert.equal(fast.input?.alternateScreen, true);
  assert.equal(fast.input?.unanswered, 0);
  const keys = scoreCriterion('keyboard-discoverability', fast);
  // 4 hints: between 6 at 2 and 8 at 5.
  assert.equal(keys.score, 7.3, keys.measurement);
  assert.match(keys.measurement, /4 distinct key hints on screen \(f10quit, f1help, f3search, f9kill\)/);
  assert.equal(scoreCriterion('responsiveness', fast).score, 10);

  const slow: CastEventTuple[] = [[0.1, 'o', screen], [1, 'i', '\x1b[B'], [2.5, 'o', '\x1b[2;1H\x1b[7m'], [3, 'i', '\x1b[B'], [9, 'o', '\x1b[3;1H']];
  const lagging = await measureRecording({ castPath: writeCast(slow, { cols: 40, rows: 8, duration: 9.5 }) });
  assert.equal(lagging.input?.unanswered, 1);
  const verdict = scoreCriterion('responsiveness', lagging);
  // 1.5 s median → 5.5 (between 6 at 1 s and 4 at 3 s), then −2 for the press nothing answered within 5 s.
  assert.equal(verdict.score, 3.5, verdict.measurement);
});

test('a full-screen program that shows no key at all scores low on discoverability', async () => {
  const events: CastEventTuple[] = [[0.1, 'o', '\x1b[?1049h\x1b[H\x1b[2Jsome content\r\nmore content'], [1, 'i', 'j'], [1.01, 'o', '\x1b[2;1H']];
  const measures = await measureRecording({ castPath: writeCast(events, { cols: 40, rows: 6, duration: 2 }) });
  assert.equal(scoreCriterion('keyboard-discoverability', measures).score, 3);
});

test('a program driven by keys is not asked for a final result; one that ran on its own is', async () => {
  const keys: CastEventTuple[] = [[0.1, 'o', '\x1b[?1049h\x1b[H\x1b[2Jlist of things\r\nF1Help F10Quit'], [1, 'i', 'q'], [1.02, 'o', '\x1b[?1049l']];
  const driven = await measureRecording({ castPath: writeCast(keys, { cols: 40, rows: 6, duration: 1.2 }) });
  const [userExperience] = await selectPrompts({ prompts: ['user-experience'] });
  const answer = heuristicAnswer(userExperience!, driven, []);
  assert.ok(!answer.issues.some((issue) => /does not state a result/.test(issue.title)), answer.issues.map((issue) => issue.title).join('; '));
  assert.equal(answer.criteria.feedback!.score, 10);
  // Work the user waited 2 s for: it must end by saying how it went.
  const alone = await measureRecording({ castPath: writeCast([[0.1, 'o', 'indexing files\r\n'], [2.4, 'o', 'list of things\r\n']], { cols: 40, rows: 6, duration: 2.5 }) });
  const plain = heuristicAnswer(userExperience!, alone, []);
  assert.ok(plain.issues.some((issue) => /does not state a result/.test(issue.title)));
  assert.equal(plain.criteria.feedback!.score, 8);
  // A listing printed at once (ls, git log) is its own result.
  const listing = await measureRecording({ castPath: writeCast([[0.1, 'o', 'list of things\r\n']], { cols: 40, rows: 6, duration: 0.3 }) });
  const listed = heuristicAnswer(userExperience!, listing, []);
  assert.ok(!listed.issues.some((issue) => /does not state a result/.test(issue.title)));
  assert.equal(listed.criteria.feedback!.score, 10);
});

test('a run states its result in what it says last: a step\'s ✔ or error further up is not it, and a winner named by a run cut short is provisional', async () => {
  const steps = ['\x1b[32m✔\x1b[0m built 42 pages\r\n', '\x1b[31m✖ error:\x1b[0m hero.png is too large\r\n', '  try: --compress-images\r\n', '\x1b[33m⚠ warning:\x1b[0m 3 pages have no title\r\n'];
  const run = (last: string[]) => writeCast([[0.1, 'o', '\x1b[36m██████░░░░\x1b[0m 60%\r\n'], ...steps.map((row, index): CastEventTuple => [1 + index * 0.5, 'o', row]), ...last.map((row): CastEventTuple => [3.5, 'o', row])], { cols: 60, rows: 12, duration: 3.6 });
  const [userExperience] = await selectPrompts({ prompts: ['user-experience'] });
  const cut = await measureRecording({ castPath: run([]) });
  assert.equal(scoreCriterion('feedback', cut).score, 8);
  assert.match(scoreCriterion('feedback', cut).measurement, /the run ends without stating its result/);
  assert.ok(heuristicAnswer(userExperience!, cut, []).issues.some((issue) => /does not state a result/.test(issue.title)));
  const done = await measureRecording({ castPath: run(['\x1b[1;32m✔ Deployed 41 of 42 pages\x1b[0m\r\n']) });
  assert.equal(scoreCriterion('feedback', done).score, 10);

  const winner = '│ ★ Winner agent_b with 2 of 3 votes │\r\n';
  const presented = await measureRecording({ castPath: run([winner, 'Coordination complete.\r\n']) });
  assert.equal(scoreCriterion('winner-selection', presented).score, 9);
  const cutShort = await measureRecording({ castPath: run([winner, '│ Final answer  Let me weigh the │\r\n', '╰─────────────────────────────────╯\r\n', 'Ctrl+C to stop\r\n']) });
  const verdict = scoreCriterion('winner-selection', cutShort);
  assert.equal(verdict.score, 6);
  assert.match(verdict.measurement, /but the run ends without stating its result \(its last rows: "╰─+╯", "Ctrl\+C to stop"\)/);
});

test('key hints are read in the forms real programs draw them: mc\'s key bar, vim\'s intro, nano\'s shortcuts', async () => {
  const { TEXT_PATTERNS, distinctMatches } = await import('../../../src/evaluate/heuristic/screen-reading.js');
  const hints = (text: string) => distinctMatches(TEXT_PATTERNS.keyHint, text);
  assert.equal(hints(' 1Help  2Menu  3View  4Edit  5Copy  6RenMov 7Mkdir  8Delete 9PullDn10Quit').length, 9);
  assert.deepEqual(hints('type  :help<Enter>  or  <F1>  for on-line help').length, 2);
  assert.equal(hints('^G Help      ^O Write Out ^W Where Is  ^K Cut').length, 4);
  // Numbers in ordinary text are not keys.
  assert.deepEqual(hints('Tasks: 8, 25 thr, 1 running; load 3.1 2 Cats'), []);
});
