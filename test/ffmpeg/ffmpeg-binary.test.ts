import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../../src/errors.js';
import { ffmpegPath } from '../../src/ffmpeg/ffmpeg-binary.js';

/** withFfmpegPath runs `body` with FFMPEG_PATH set to `value` (or unset), restoring it afterwards. */
async function withFfmpegPath<T>(value: string | undefined, body: () => T | Promise<T>): Promise<T> {
  const previous = process.env.FFMPEG_PATH;
  if (value === undefined) delete process.env.FFMPEG_PATH;
  else process.env.FFMPEG_PATH = value;
  try {
    return await body();
  } finally {
    if (previous === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = previous;
  }
}

test('without FFMPEG_PATH the bundled ffmpeg is used, and it runs', async () => {
  const path = await withFfmpegPath(undefined, () => ffmpegPath());
  assert.match(path, /@ffmpeg-installer/);
  const { stdout } = await promisify(execFile)(path, ['-hide_banner', '-version']);
  assert.match(stdout, /^ffmpeg version/);
});

test('FFMPEG_PATH is used when it names an executable', async () => {
  const bundled = await withFfmpegPath(undefined, () => ffmpegPath());
  assert.equal(await withFfmpegPath(bundled, () => ffmpegPath()), bundled);
});

test('FFMPEG_PATH naming a missing or non-executable file is a ConfigError naming FFMPEG_PATH', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'termaudit-ffmpeg-binary-'));
  try {
    const notExecutable = join(directory, 'ffmpeg');
    await writeFile(notExecutable, '#!/bin/sh\n', { mode: 0o644 });
    for (const path of [join(directory, 'missing'), notExecutable, directory]) {
      await withFfmpegPath(path, () =>
        assert.throws(() => ffmpegPath(), (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /FFMPEG_PATH/);
          assert.ok(error.message.includes(path), error.message);
          return true;
        }),
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
