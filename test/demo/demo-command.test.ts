import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, startCli, termauditBin } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/paths.js';
import { killProcessesByMarker, processExists, testMarker, waitFor } from '../helpers/process-tree.js';

interface Status {
  meta: { session_id: string; question: string; start_time: string; elapsed_seconds: number; agent_ids: string[] };
  coordination: { phase: string; completion_percentage: number; round: number; total_answers: number; votes: Record<string, string> };
  agents: Record<string, { status: string; error: string | null; answer_count: number }>;
  results: { winner: string | null; final_answer: string | null; exit_code: number | null; error: string | null };
}

function readStatus(logDir: string): Status | undefined {
  try {
    return JSON.parse(readFileSync(join(logDir, 'status.json'), 'utf8')) as Status;
  } catch {
    return undefined;
  }
}

const fast = ['demo', '--automation', '--speed', '20'];

test('demo --automation prints LOG_DIR and STATUS first, the summary last, writes status.json and answer.txt, and exits 0', async () => {
  const logDir = join(makeTempDir(), 'log');
  const run = await runCli([...fast, '--agents', '2', '--question', 'What is 2+2?', '--log-dir', logDir]);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines[0], `LOG_DIR: ${logDir}`);
  assert.equal(lines[1], `STATUS: ${logDir}/status.json`);
  assert.ok(lines.includes('Agents: agent_a, agent_b'));
  assert.ok(lines.includes('QUESTION: What is 2+2?'));
  assert.ok(lines.includes('[Coordination in progress - monitor status.json for real-time updates]'));
  assert.doesNotMatch(run.stdout, /\x1b/, 'no ANSI codes');
  const tail = lines.slice(-4);
  assert.match(tail[0], /^WINNER: agent_[ab]$/);
  assert.match(tail[1], /^DURATION: \d+\.\ds$/);
  assert.match(tail[2], /^ANSWER_PREVIEW: .{100}$/);
  assert.match(tail[3], /^COMPLETED: 2 agents, \d+\.\ds total$/);

  const status = readStatus(logDir);
  assert.ok(status);
  const winner = tail[0].slice('WINNER: '.length);
  assert.equal(status.meta.question, 'What is 2+2?');
  assert.deepEqual(status.meta.agent_ids, ['agent_a', 'agent_b']);
  assert.equal(status.coordination.phase, 'presentation');
  assert.equal(status.coordination.completion_percentage, 100);
  assert.equal(status.coordination.total_answers, 2);
  assert.equal(Object.keys(status.coordination.votes).length, 2);
  assert.deepEqual(Object.values(status.agents).map((agent) => [agent.status, agent.error, agent.answer_count]), [['completed', null, 1], ['completed', null, 1]]);
  assert.equal(status.results.winner, winner);
  assert.equal(status.results.exit_code, 0);
  const answer = readFileSync(join(logDir, 'final', winner, 'answer.txt'), 'utf8');
  assert.equal(answer.trimEnd(), status.results.final_answer);
  assert.ok(answer.startsWith(tail[2].slice('ANSWER_PREVIEW: '.length)));
});

test('demo --automation escapes line breaks in its values: a --question or --log-dir cannot forge a line', async () => {
  const logDir = join(makeTempDir(), 'log\nWINNER: nobody');
  const run = await runCli([...fast, '--agents', '1', '--question', 'Two\nlines?\rCOMPLETED: 0 agents', '--log-dir', logDir]);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.split(/\r\n|\r|\n/);
  assert.equal(lines[0], `LOG_DIR: ${logDir.replace('\n', '\\n')}`);
  assert.ok(lines.includes('QUESTION: Two\\nlines?\\rCOMPLETED: 0 agents'), run.stdout);
  assert.equal(lines.filter((line) => line.startsWith('WINNER: ')).length, 1, run.stdout);
  assert.equal(lines.filter((line) => line.startsWith('COMPLETED: ')).length, 1, run.stdout);
});

test('without --log-dir the log directory is a new .termaudit-demo/log_<timestamp> under the working directory', async () => {
  const cwd = makeTempDir();
  const run = await runCli([...fast, '--agents', '1'], { cwd });
  assert.equal(run.code, 0, run.stderr);
  const logDir = /^LOG_DIR: (.*)$/m.exec(run.stdout)?.[1] ?? '';
  assert.match(logDir, /\/\.termaudit-demo\/log_\d{8}_\d{6}_\d{6}$/);
  assert.ok(logDir.startsWith(cwd));
  assert.ok(existsSync(join(logDir, 'status.json')));
});

test('--fail config reports a missing API key and exits 1 at once, before any LOG_DIR', async () => {
  const run = await runCli([...fast, '--fail', 'config']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /missing API key/);
  assert.equal(run.stdout, '');
});

test('bad options exit 1 with the option named', async () => {
  const agents = await runCli(['demo', '--agents', '9']);
  assert.equal(agents.code, 1);
  assert.match(agents.stderr, /--agents/);
  const fail = await runCli(['demo', '--fail', 'sometimes']);
  assert.equal(fail.code, 1);
  assert.match(fail.stderr, /--fail: unknown failure mode "sometimes"/);
});

test('--fail execution crashes midway with exit 2 and the error in status.json', async () => {
  const logDir = join(makeTempDir(), 'log');
  const run = await runCli([...fast, '--fail', 'execution', '--log-dir', logDir]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /execution error: coordinator crashed/);
  assert.doesNotMatch(run.stdout, /WINNER:/);
  const status = readStatus(logDir);
  assert.equal(status?.results.exit_code, 2);
  assert.match(status?.results.error ?? '', /crashed/);
  assert.equal(status?.results.winner, null);
  assert.ok((status?.coordination.completion_percentage ?? 100) < 100);
});

test('--fail agent-error shows one agent in error in status.json, finishes the run and exits 2', async () => {
  const logDir = join(makeTempDir(), 'log');
  const run = await runCli([...fast, '--fail', 'agent-error', '--log-dir', logDir]);
  assert.equal(run.code, 2);
  assert.match(run.stdout, /^WINNER: /m);
  const status = readStatus(logDir);
  const failed = Object.entries(status?.agents ?? {}).filter(([, agent]) => agent.status === 'error');
  assert.equal(failed.length, 1);
  assert.ok(failed[0][1].error);
  assert.match(run.stderr, new RegExp(`${failed[0][0]} failed`));
  assert.equal(status?.results.exit_code, 2);
});

test('--fail timeout stops at its deadline with exit 3', async () => {
  const logDir = join(makeTempDir(), 'log');
  const run = await runCli([...fast, '--fail', 'timeout', '--log-dir', logDir]);
  assert.equal(run.code, 3);
  assert.match(run.stderr, /deadline/);
  assert.equal(readStatus(logDir)?.results.exit_code, 3);
});

test('--fail stuck keeps the process alive while status.json stops progressing; SIGTERM then exits 4', async (t) => {
  const logDir = join(makeTempDir(), 'log');
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const { child, done } = startCli([...fast, '--fail', 'stuck', '--log-dir', logDir], { env });
  // At speed 20 the run freezes after about 0.6 s; status.json is still rewritten every second.
  await waitFor(() => (readStatus(logDir)?.meta.elapsed_seconds ?? 0) >= 1.5, 10_000, 'a status written after the freeze');
  const frozen = readStatus(logDir)!;
  await waitFor(() => (readStatus(logDir)?.meta.elapsed_seconds ?? 0) > frozen.meta.elapsed_seconds, 10_000, 'the status to be rewritten');
  const later = readStatus(logDir)!;
  assert.ok(frozen.coordination.completion_percentage > 0 && frozen.coordination.completion_percentage < 100);
  assert.equal(later.coordination.completion_percentage, frozen.coordination.completion_percentage);
  assert.equal(later.results.winner, null);
  assert.ok(processExists(child.pid!), 'the stuck process is still alive');
  child.kill('SIGTERM');
  const run = await done;
  assert.equal(run.code, 4);
  assert.match(run.stderr, /interrupted by SIGTERM/);
  assert.equal(readStatus(logDir)?.results.exit_code, 4);
});

test('SIGINT interrupts a run with exit 4 and records the interruption in status.json', async (t) => {
  const logDir = join(makeTempDir(), 'log');
  const { marker, env } = testMarker();
  t.after(() => killProcessesByMarker(marker));
  const { child, done } = startCli(['demo', '--automation', '--log-dir', logDir], { env });
  await waitFor(() => readStatus(logDir) !== undefined, 10_000, 'status.json');
  child.kill('SIGINT');
  const run = await done;
  assert.equal(run.code, 4);
  const status = readStatus(logDir);
  assert.equal(status?.results.exit_code, 4);
  assert.match(status?.results.error ?? '', /SIGINT/);
});

test('the rich display recorded in a pty ends on a screen that shows the winner and the final answer', async () => {
  const out = join(makeTempDir(), 'run');
  const run = await runCli(['record', '--out', out, '--format', 'txt', '--', process.execPath, termauditBin, 'demo', '--speed', '20', '--seed', '3']);
  assert.equal(run.code, 0, run.stderr);
  const screen = readFileSync(join(out, 'screen.txt'), 'utf8');
  assert.match(screen, /◆ termaudit demo/);
  assert.match(screen, /✔ initial_answer .* ✔ enforcement .* ✔ presentation/);
  assert.match(screen, /★ Winner agent_[abc] /);
  assert.match(screen, /Final answer/);
  assert.match(screen, /Coordination complete\./);
  assert.equal(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).exitCode, 0);
});
