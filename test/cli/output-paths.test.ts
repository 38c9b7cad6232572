import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeCast } from '../helpers/casts.js';
import { startCli, type CliRun } from '../helpers/cli.js';
import { evaluateInput } from '../helpers/evaluate-input.js';
import { makeTempDir, repoRoot } from '../helpers/paths.js';
import { SCENARIOS, writeRun } from '../fixtures/merge/shard-runs.js';

/**
 * runRefused runs `termaudit <args>` in an empty directory, giving up after 20 s: before outputs under /proc
 * were refused, Node's recursive mkdir spun there forever and termaudit never ended.
 */
async function runRefused(args: string[]): Promise<CliRun & { cwdEntries: string[] }> {
  const cwd = makeTempDir('termaudit-output-path-');
  const { child, done } = startCli(args, { cwd });
  const watchdog = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const run = await done;
  clearTimeout(watchdog);
  return { ...run, cwdEntries: readdirSync(cwd) };
}

/**
 * assertRefused checks a run ended at once with exit 1 and one line naming `option` and `path` (a tape's
 * errors are located instead: file:line:column, the line and a caret), and created nothing.
 */
function assertRefused(run: Awaited<ReturnType<typeof runRefused>>, option: string, path: string, label: string): void {
  assert.equal(run.code, 1, `${label}: exit ${run.code ?? run.signal}\n${run.stderr}`);
  const lines = run.stderr.trimEnd().split('\n');
  if (option !== 'Output' && option !== 'Screenshot') assert.equal(lines.length, 1, `${label}: ${run.stderr}`);
  assert.ok(run.stderr.includes(`${option}: ${path} is under /`), `${label}: ${run.stderr}`);
  assert.deepEqual(run.cwdEntries, [], `${label}: nothing is created in the current directory`);
}

test('every option that names an output refuses a path under /proc at once, with exit 1 and one line', async () => {
  const cast = writeCast([[0.1, 'o', 'hello\r\n']], { cols: 20, rows: 4 });
  const evaluated = await evaluateInput(cast, { judge: 'heuristic', prompts: [join(repoRoot, 'prompts/visual-clarity.md')] });
  const runDir = dirname(evaluated.scorecardPath);
  const shard = await writeRun(makeTempDir('termaudit-output-path-'), 'one', SCENARIOS.slice(0, 2));
  const inputs = makeTempDir('termaudit-output-path-');
  const pipeline = join(inputs, 'plain.yaml');
  writeFileSync(pipeline, 'scenarios:\n  - name: one\n    command: [echo, hi]\n');
  const pipelineOutRoot = join(inputs, 'out-root.yaml');
  writeFileSync(pipelineOutRoot, 'scenarios:\n  - name: one\n    command: [echo, hi]\noutRoot: /proc/nope/x\n');
  const tape = (line: string) => {
    const path = join(inputs, `${randomUUID()}.tape`);
    writeFileSync(path, `${line}\nType "echo hi"\nEnter\n`);
    return path;
  };
  const nope = '/proc/nope/x';
  const cases: Array<[string[], string, string]> = [
    [['record', '--out', nope, '--', 'echo', 'hi'], '--out', nope],
    [['record', '--automation', '--out', nope, '--', 'echo', 'hi'], '--out', nope],
    [['record', '--tape', tape('Output /proc/nope/x.gif'), '--', 'bash'], 'Output', '/proc/nope/x.gif'],
    [['record', '--tape', tape('Screenshot /proc/nope/x.png'), '--', 'bash'], 'Screenshot', '/proc/nope/x.png'],
    [['record', '--tape', tape(''), '--golden', '/proc/nope/golden.txt', '--update-golden', '--out', join(makeTempDir(), 'run'), '--', 'bash'], '--golden', '/proc/nope/golden.txt'],
    [['pretest', '--out', nope, '--', 'echo', 'hi'], '--out', nope],
    [['render', cast, '-o', nope], '--out', nope],
    [['render', cast, '-o', `${nope}.mp4`], '--out', `${nope}.mp4`],
    [['sample', cast, '-o', nope], '--out', nope],
    [['evaluate', cast, '--judge', 'heuristic', '-o', nope], '--out', nope],
    [['evaluate', cast, '--judge', 'heuristic', '--cache-dir', nope], '--cache-dir', nope],
    [['score', runDir, '-o', nope], '--out', nope],
    [['report', runDir, '-o', nope], '--out', nope],
    [['report', '--history', runDir, '-o', nope], '--out', nope],
    [['compare', runDir, runDir, '-o', nope], '--out', nope],
    [['merge', shard.runDir, '-o', nope], '--out', nope],
    [['init', '--out', `${nope}.yaml`, '--', 'echo', 'hi'], '--out', `${nope}.yaml`],
    [['run', pipeline, '--out-root', nope], '--out-root', nope],
    [['run', pipelineOutRoot], `${pipelineOutRoot}: outRoot`, nope],
    [['demo', '--automation', '--speed', '100', '--log-dir', nope], '--log-dir', nope],
  ];
  // Four at a time: each is a whole termaudit start-up, and the time of each is checked.
  for (let first = 0; first < cases.length; first += 4) {
    const batch = cases.slice(first, first + 4);
    const runs = await Promise.all(batch.map(([args]) => runRefused(args)));
    batch.forEach(([args, option, path], index) => assertRefused(runs[index], option, path, args.join(' ')));
  }
});

test('outputs under /sys and /dev are refused too, and so is a path that leads there through a symbolic link', async (t) => {
  // As root, /dev (a devtmpfs) takes new directories: a unique name, removed whatever happens.
  const devPath = `/dev/termaudit-test-${randomUUID()}/x`;
  t.after(() => rmSync(dirname(devPath), { recursive: true, force: true }));
  const links = makeTempDir('termaudit-output-path-');
  symlinkSync('/proc', join(links, 'proc-link'));
  const throughLink = join(links, 'proc-link', 'nope', 'x');
  for (const [path, shown] of [
    ['/sys/nope/x', '/sys/nope/x'],
    [devPath, devPath],
    [throughLink, throughLink],
  ]) {
    const run = await runRefused(['record', '--no-render', '--out', path, '--', 'echo', 'hi']);
    assertRefused(run, '--out', shown, path);
  }
  assert.ok(!existsSync(dirname(devPath)), 'nothing was created under /dev');
});

test('/dev/shm is an ordinary place for files and stays allowed', async (t) => {
  if (!existsSync('/dev/shm')) return t.skip('no /dev/shm here');
  const out = `/dev/shm/termaudit-test-${randomUUID()}`;
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const { done } = startCli(['record', '--no-render', '--out', out, '--', 'echo', 'hi']);
  const run = await done;
  assert.equal(run.code, 0, run.stderr);
  assert.ok(existsSync(join(out, 'session.cast')));
});
