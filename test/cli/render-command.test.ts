import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeBusyTuiCast } from '../bench/busy-tui-cast.js';
import { runCli, startCli } from '../helpers/cli.js';
import { fixturePath, makeTempDir } from '../helpers/paths.js';
import { decodeFrameRgba, pixelAt, probeVideo } from '../helpers/video-probe.js';

/** recordRun records a short program into `<work>/<name>` and renders its text. */
async function recordRun(work: string, name: string, text: string): Promise<string> {
  const dir = join(work, name);
  const run = await runCli(['record', '--out', dir, '--cols', '30', '--rows', '4', '--format', 'txt', '--last-frame', '0', '--', 'echo', text]);
  assert.equal(run.code, 0, run.stderr);
  return dir;
}

test("render into another run's directory writes only the named file and refuses a directory output there", async () => {
  const work = makeTempDir();
  const runA = await recordRun(work, 'runA', 'from-a');
  const runB = await recordRun(work, 'runB', 'from-b');
  const before = Object.fromEntries(readdirSync(runB).map((name) => [name, readFileSync(join(runB, name))]));

  const named = await runCli(['render', join(runA, 'session.cast'), '-o', join(runB, 'x.txt')]);
  assert.equal(named.code, 0, named.stderr);
  assert.match(readFileSync(join(runB, 'x.txt'), 'utf8'), /from-a/);
  for (const [name, content] of Object.entries(before)) assert.ok(readFileSync(join(runB, name)).equals(content), `${name} of run B is unchanged`);
  assert.deepEqual(readdirSync(runB).sort(), [...Object.keys(before), 'x.txt'].sort());

  const directory = await runCli(['render', join(runA, 'session.cast'), '-o', runB, '--format', 'txt']);
  assert.equal(directory.code, 1);
  assert.match(directory.stderr, /^termaudit: -o: .*runB holds files of another run/);
  assert.deepEqual(readdirSync(runB).sort(), [...Object.keys(before), 'x.txt'].sort());

  // Its own directory and a new one get the side files as before.
  const fresh = join(work, 'fresh');
  const own = await runCli(['render', join(runA, 'session.cast'), '-o', join(fresh, 'y.txt')]);
  assert.equal(own.code, 0, own.stderr);
  assert.ok(existsSync(join(fresh, 'screen.txt')) && existsSync(join(fresh, 'meta.json')));
});

test('render takes a run directory for its session.cast, and a directory without one is one line and exit 1', async () => {
  const work = makeTempDir();
  const runA = await recordRun(work, 'runA', 'from-a');
  const rendered = await runCli(['render', runA, '--format', 'txt', '-o', join(work, 'again')]);
  assert.equal(rendered.code, 0, rendered.stderr);
  assert.match(readFileSync(join(work, 'again', 'recording.txt'), 'utf8'), /from-a/);
  const empty = await runCli(['render', work]);
  assert.equal(empty.code, 1);
  assert.equal(empty.stderr, `termaudit: ${work}: a directory without session.cast; name a cast file or a run directory\n`);
});

test("a recording is rendered and sampled later with the look it was recorded for (a tape's size, font and margin), flags over it", async () => {
  const work = makeTempDir();
  const tape = join(work, 'look.tape');
  writeFileSync(tape, ['Set FontSize 30', 'Set Width 800', 'Set Height 400', 'Set Margin 20', 'Set MarginFill "#6B50FF"', 'Type "echo hi"', 'Enter', 'Sleep 300ms', ''].join('\n'));
  const run = join(work, 'run');
  const recorded = await runCli(['record', '--tape', tape, '-o', run, '--no-render'], { cwd: work });
  assert.equal(recorded.code, 0, recorded.stderr);
  const look = JSON.parse(readFileSync(join(run, 'meta.json'), 'utf8')).renderSettings;
  assert.deepEqual([look.fontSize, look.width, look.height, look.margin, look.marginFill], [30, 800, 400, 20, '#6B50FF']);

  // `render <run>` draws it as the tape said, not at termaudit's defaults.
  const rendered = await runCli(['render', run, '--format', 'gif', '--last-frame', '0.1'], { cwd: work });
  assert.equal(rendered.code, 0, rendered.stderr);
  const settings = JSON.parse(readFileSync(join(run, 'meta.json'), 'utf8')).render.settings;
  assert.deepEqual([settings.width, settings.height, settings.fontSize, settings.cols, settings.rows], [800, 400, 30, 32, 5]);
  const gif = join(run, 'recording.gif');
  const frame = await decodeFrameRgba(gif, (await probeVideo(gif)).durationSeconds - 0.01);
  assert.deepEqual([frame.width, frame.height], [800, 400]);
  assert.deepEqual(pixelAt(frame, 5, 5).slice(0, 3), [0x6b, 0x50, 0xff], 'the margin is drawn');

  // A flag given now wins over the recorded look, the rest of which stays.
  const smaller = await runCli(['render', run, '-o', join(work, 'small', 'small.txt'), '--font-size', '16', '--format', 'txt'], { cwd: work });
  assert.equal(smaller.code, 0, smaller.stderr);
  const over = JSON.parse(readFileSync(join(work, 'small', 'meta.json'), 'utf8')).render.settings;
  assert.deepEqual([over.width, over.height, over.fontSize], [800, 400, 16]);

  // Sampling draws its frames the same way.
  const sampled = await runCli(['sample', run, '--frames', '1'], { cwd: work });
  assert.equal(sampled.code, 0, sampled.stderr);
  const frames = readdirSync(join(run, 'sample', 'frames')).filter((name) => name.endsWith('.png'));
  const png = await probeVideo(join(run, 'sample', 'frames', frames[0]!));
  assert.deepEqual([png.width, png.height], [800, 400]);
});

test('kill -9 in the middle of a render leaves no output under its name, and the next render clears the leftovers', async () => {
  const work = makeTempDir();
  const cast = join(work, 'busy.cast');
  await writeBusyTuiCast(cast, { seconds: 40 });
  const out = join(work, 'out');
  const { child, done } = startCli(['render', cast, '-o', out, '--format', 'mp4,txt']);
  // Wait until the render is writing its outputs, then kill it without a chance to clean up.
  const temporary = /^\.recording\.(mp4|txt)\.termaudit-\d+-\d+\.tmp$/;
  const deadline = Date.now() + 60_000;
  while (!(existsSync(out) && readdirSync(out).some((name) => temporary.test(name)))) {
    assert.ok(Date.now() < deadline, 'the render never started writing');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  child.kill('SIGKILL');
  await done;
  for (const name of ['recording.mp4', 'recording.txt', 'screen.txt']) assert.ok(!existsSync(join(out, name)), `no ${name} after kill -9`);
  assert.ok(readdirSync(out).some((name) => temporary.test(name)), 'the killed render left its temporaries');

  const again = await runCli(['render', cast, '-o', out, '--format', 'mp4,txt', '--speed', '8']);
  assert.equal(again.code, 0, again.stderr);
  const left = readdirSync(out);
  assert.ok(left.includes('recording.mp4') && left.includes('recording.txt'));
  assert.deepEqual(left.filter((name) => name.endsWith('.tmp')), [], 'stale temporaries are cleared');
});

test("--idle-time-limit 0 keeps every pause of a cast whose header limits them, and meta.json says no limit applied", async () => {
  const out = join(makeTempDir(), 'out');
  // asciinema's demo: 11.89 s recorded, 8.90 s with the 2 s limit its header asks for (see the real casts' manifest).
  const run = await runCli(['render', fixturePath('casts', 'real', 'asciinema', 'demo.cast'), '-o', out, '--format', 'txt', '--idle-time-limit', '0', '--last-frame', '0']);
  assert.equal(run.code, 0, run.stderr);
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
  assert.equal(meta.render.settings.idleTimeLimit, null);
  assert.equal(meta.render.videoDuration, 357 / 30, 'the last event at 11.893 s, on the 1/30 s grid');
  assert.match(run.stdout, /11\.90s of video/);
});
