import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError, ExecutionError, InterruptedError } from '../../src/errors.js';
import { ffmpegPath } from '../../src/ffmpeg/ffmpeg-binary.js';
import { cutFrames, runFfmpeg, startFfmpeg } from '../../src/ffmpeg/ffmpeg-runner.js';
import { isProcessAlive } from '../../src/record/process-tree.js';

/** A test video that plays in real time for a minute: long enough to be stopped while it runs. */
const minuteInRealTime = ['-hide_banner', '-nostdin', '-re', '-f', 'lavfi', '-i', 'color=c=black:s=16x16:r=10:d=60', '-f', 'null', '-'];


/** isAlive tells whether a process runs; a zombie (dead, waiting to be reaped) does not. Reads /proc. */
function isAlive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** withTemporaryDirectory runs `body` with a fresh directory, removed afterwards. */
async function withTemporaryDirectory<T>(body: (directory: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'termaudit-ffmpeg-runner-'));
  try {
    return await body(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** withFfmpegPath runs `body` with FFMPEG_PATH set to `value`, restoring it afterwards. */
async function withFfmpegPath<T>(value: string, body: () => Promise<T>): Promise<T> {
  const previous = process.env.FFMPEG_PATH;
  process.env.FFMPEG_PATH = value;
  try {
    return await body();
  } finally {
    if (previous === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = previous;
  }
}

test('an input ffmpeg cannot read fails with an ExecutionError carrying its complaint, or as the caller phrases it', async () => {
  await withTemporaryDirectory(async (directory) => {
    const noise = join(directory, 'noise.mp4');
    await writeFile(noise, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const args = ['-hide_banner', '-nostdin', '-i', noise, '-f', 'null', '-'];
    await assert.rejects(runFfmpeg(args, { task: `decoding ${noise}` }), (error: unknown) => {
      assert.ok(error instanceof ExecutionError, String(error));
      assert.ok(error.message.startsWith(`ffmpeg failed while decoding ${noise} (exited with code 1)\nffmpeg said:\n`), error.message);
      assert.match(error.message, /Invalid data found when processing input/);
      return true;
    });
    await assert.rejects(
      runFfmpeg(args, { describeFailure: (failure) => new ConfigError(`cannot read ${noise}: ${failure.stderrTail.at(-1)} (${failure.reason})`) }),
      (error: unknown) => error instanceof ConfigError && /Invalid data found when processing input \(exited with code 1\)$/.test(error.message),
    );
  });
});

test('stderr lines reach the callback, and the lines it claims stay out of the tail; other exit codes can count as success', async () => {
  const seen: string[] = [];
  // `ffmpeg -i` without an output prints what it found and exits 1.
  const tail = await runFfmpeg(['-nostdin', '-f', 'lavfi', '-i', 'color=c=black:s=16x16:d=1'], {
    successCodes: [0, 1],
    onStderrLine: (line) => {
      seen.push(line);
      return line.startsWith('ffmpeg version');
    },
  });
  assert.ok(seen.some((line) => line.startsWith('ffmpeg version')), seen.join('\n'));
  assert.ok(seen.some((line) => /Stream #0:0: Video: rawvideo/.test(line)), seen.join('\n'));
  assert.ok(!tail.some((line) => line.startsWith('ffmpeg version')), tail.join('\n'));
  assert.ok(tail.length > 0 && tail.length <= 20, tail.join('\n'));
  assert.match(tail.at(-1)!, /At least one output file must be specified/);
});

test('aborting kills ffmpeg, which runs in its own process group, and rejects with InterruptedError', async () => {
  const stop = new AbortController();
  const ffmpeg = await startFfmpeg(minuteInRealTime, { signal: stop.signal, task: 'testing' });
  assert.ok(isProcessAlive(ffmpeg.pid));
  if (process.platform === 'linux') {
    // /proc/<pid>/stat: "pid (comm) state ppid pgrp …": the terminal's Ctrl-C goes to termaudit's group, not to this one.
    const fields = (await readFile(`/proc/${ffmpeg.pid}/stat`, 'utf8')).replace(/^.*\) /s, '').split(' ');
    assert.equal(Number(fields[2]), ffmpeg.pid, 'ffmpeg leads its own process group');
  }
  stop.abort('SIGTERM');
  await assert.rejects(ffmpeg.exit, (error: unknown) => {
    assert.ok(error instanceof InterruptedError, String(error));
    assert.equal(error.signal, 'SIGTERM');
    assert.equal(error.message, 'testing interrupted');
    return true;
  });
  assert.ok(!isProcessAlive(ffmpeg.pid), 'no ffmpeg process after the abort');
  await assert.rejects(runFfmpeg(minuteInRealTime, { signal: stop.signal }), InterruptedError, 'an aborted signal starts nothing');
});

test('kill stops ffmpeg and resolves once it is gone', async () => {
  const ffmpeg = await startFfmpeg(minuteInRealTime);
  await ffmpeg.kill();
  assert.ok(!isProcessAlive(ffmpeg.pid));
  await assert.rejects(ffmpeg.exit, (error: unknown) => error instanceof ExecutionError && /was killed by SIGKILL/.test(error.message));
  await ffmpeg.kill(); // a second kill is harmless
});

test('ffmpeg is killed when termaudit exits while it runs', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  await withTemporaryDirectory(async (directory) => {
    const script = join(directory, 'exits-early.mts');
    const runner = new URL('../../src/ffmpeg/ffmpeg-runner.ts', import.meta.url).href;
    await writeFile(
      script,
      `import { startFfmpeg } from ${JSON.stringify(runner)};\n` +
        `const ffmpeg = await startFfmpeg(${JSON.stringify(minuteInRealTime)});\n` +
        'console.log(ffmpeg.pid);\n' +
        "throw new Error('termaudit fails while ffmpeg runs');\n",
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 1, 'the uncaught error ends the process');
    const pid = Number(stdout.trim());
    assert.ok(Number.isInteger(pid) && pid > 0, `printed ${stdout}`);
    // SIGKILL is delivered at once; the dead orphan may wait a while for init to reap it, which is no matter.
    for (let waited = 0; isAlive(pid) && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(!isAlive(pid), 'no orphan ffmpeg');
  });
});

test('FFMPEG_PATH naming a missing file, or a file that cannot be run, is a ConfigError naming FFMPEG_PATH', async () => {
  await withTemporaryDirectory(async (directory) => {
    await withFfmpegPath(join(directory, 'missing'), () =>
      assert.rejects(runFfmpeg(['-version']), (error: unknown) => error instanceof ConfigError && /FFMPEG_PATH/.test(error.message)),
    );
    // Executable, but its interpreter does not exist: the spawn itself fails with ENOENT.
    const broken = join(directory, 'ffmpeg');
    await writeFile(broken, '#!/no/such/interpreter\n');
    await chmod(broken, 0o755);
    await withFfmpegPath(broken, () =>
      assert.rejects(runFfmpeg(['-version']), (error: unknown) => {
        assert.ok(error instanceof ConfigError, String(error));
        assert.match(error.message, /FFMPEG_PATH/);
        assert.ok(error.message.includes(broken), error.message);
        return true;
      }),
    );
  });
});

test('cutFrames cuts frames out of chunks that end anywhere', () => {
  const frameBytes = 5;
  const stream = Buffer.from(Array.from({ length: 23 }, (_, i) => i));
  const frames: number[][] = [];
  const onStdout = cutFrames(frameBytes, (frame) => frames.push([...frame]));
  for (const [start, end] of [[0, 1], [1, 4], [4, 16], [16, 16], [16, 20], [20, 23]]) onStdout(stream.subarray(start, end));
  assert.deepEqual(frames, [0, 5, 10, 15].map((first) => Array.from({ length: frameBytes }, (_, i) => first + i)), 'the 3 bytes left over are no frame');
});

test('gray frames from a real ffmpeg stream are cut exactly as ffmpeg wrote them', async () => {
  // A 331x241 gray frame (79771 bytes) is larger than a pipe holds (64 KiB): each arrives in pieces.
  const [width, height, count] = [331, 241, 20];
  const args = ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', `testsrc=s=${width}x${height}:r=10`, '-frames:v', String(count), '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'];
  const whole = (await promisify(execFile)(ffmpegPath(), args, { encoding: 'buffer', maxBuffer: 1 << 24 })).stdout;
  const frameBytes = width * height;
  assert.equal(whole.length, frameBytes * count);
  const frames: Buffer[] = [];
  const chunkLengths: number[] = [];
  const cut = cutFrames(frameBytes, (frame) => frames.push(Buffer.from(frame)));
  await runFfmpeg(args, {
    onStdout: (chunk) => {
      chunkLengths.push(chunk.length);
      cut(chunk);
    },
  });
  assert.ok(chunkLengths.some((length) => length % frameBytes !== 0), `chunks of ${chunkLengths.join(', ')} bytes`);
  assert.equal(frames.length, count);
  frames.forEach((frame, index) => assert.ok(frame.equals(whole.subarray(index * frameBytes, (index + 1) * frameBytes)), `frame ${index}`));
});
