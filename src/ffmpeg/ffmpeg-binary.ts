/**
 * Which ffmpeg runs: `$FFMPEG_PATH` when set (a system ffmpeg, or a newer build), else the static build
 * bundled by `@ffmpeg-installer/ffmpeg`. The bundled build is ffmpeg 4.1 (2018): the encoder sticks to
 * options it knows (`-vsync`, not `-fps_mode`).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigError } from '../errors.js';

const require = createRequire(import.meta.url);

/** ffmpegPath returns the ffmpeg binary: $FFMPEG_PATH when set, else the one from @ffmpeg-installer/ffmpeg. Throws ConfigError when it is missing or not executable. */
export function ffmpegPath(): string {
  const fromEnvironment = process.env.FFMPEG_PATH;
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    assertExecutable(fromEnvironment, `FFMPEG_PATH points at ${fromEnvironment}`);
    return fromEnvironment;
  }
  let bundled: string;
  try {
    // Loaded lazily: the installer throws at import time on platforms it has no build for.
    bundled = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch (error) {
    throw new ConfigError(
      'no bundled ffmpeg for this platform (@ffmpeg-installer/ffmpeg failed to load): set FFMPEG_PATH to an ffmpeg binary',
      { cause: error },
    );
  }
  assertExecutable(bundled, `the bundled ffmpeg at ${bundled}`);
  return bundled;
}

/** assertExecutable throws a ConfigError naming FFMPEG_PATH unless `path` is an executable file. */
function assertExecutable(path: string, what: string): void {
  try {
    if (!statSync(path).isFile()) throw new Error(`${path} is not a file`);
    accessSync(path, constants.X_OK);
  } catch (error) {
    throw ffmpegNotFound(`${what}, which is missing or not an executable file`, error);
  }
}

/** ffmpegNotFound returns the ConfigError of an ffmpeg binary that cannot run (`what` says which and why), naming FFMPEG_PATH. */
export function ffmpegNotFound(what: string, cause: unknown): ConfigError {
  return new ConfigError(`ffmpeg not found: ${what}; set FFMPEG_PATH to an ffmpeg binary (or unset it to use the bundled one)`, { cause });
}
