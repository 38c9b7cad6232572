/**
 * Where termaudit may write. /proc, /sys and /dev belong to the kernel: nothing termaudit makes belongs
 * there, and under /proc Node's recursive mkdir never returns (the kernel answers ENOENT for a directory
 * whose parent exists, so it tries again, forever, on a worker thread that neither Ctrl-C nor --timeout
 * can stop). Every option that names an output is checked here before anything is created; /dev/shm, an
 * ordinary memory file system, stays allowed.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from './errors.js';

/** The kernel's directories, where no output may go. */
const systemDirectories = ['/proc', '/sys', '/dev'];
/** Directories under those that hold ordinary files. */
const ordinaryDirectories = ['/dev/shm'];

const isWithin = (path: string, directory: string): boolean => path === directory || path.startsWith(`${directory}/`);

/**
 * systemDirectoryOf returns the kernel's directory (`/proc`, `/sys` or `/dev`) that the absolute `path` is
 * in, or undefined when it is elsewhere (or in /dev/shm).
 */
export function systemDirectoryOf(path: string): string | undefined {
  if (ordinaryDirectories.some((directory) => isWithin(path, directory))) return undefined;
  return systemDirectories.find((directory) => isWithin(path, directory));
}

/**
 * outputPathProblem says what is wrong with writing to the absolute `path` (`is under /proc, where …`), or
 * returns undefined when it may be written to; symbolic links are not followed (see checkOutputPath).
 */
export function outputPathProblem(path: string): string | undefined {
  const system = systemDirectoryOf(path);
  return system === undefined ? undefined : `is under ${system}, where the kernel keeps its own files and no output can go; choose a directory elsewhere`;
}

/** realOutputPath resolves the symbolic links of the part of `path` that exists; the rest is yet to be created. */
async function realOutputPath(path: string): Promise<string> {
  const missing: string[] = [];
  for (let existing = path; ; existing = dirname(existing)) {
    try {
      return join(await realpath(existing), ...missing);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(existing) === existing) return path;
      missing.unshift(basename(existing));
    }
  }
}

/**
 * checkOutputPath throws a ConfigError naming `option` when `path`, an output file or directory, is or
 * would be created under /proc, /sys or /dev, also through a symbolic link. It creates nothing.
 */
export async function checkOutputPath(option: string, path: string): Promise<void> {
  const absolute = resolve(path);
  const problem = outputPathProblem(absolute) ?? outputPathProblem(await realOutputPath(absolute));
  if (problem !== undefined) throw new ConfigError(`${option}: ${path} ${problem}`);
}

/** checkOutputPaths runs `checkOutputPath` on every option that names a path (undefined ones are not given). */
export async function checkOutputPaths(paths: Record<string, string | undefined>): Promise<void> {
  for (const [option, path] of Object.entries(paths)) if (path !== undefined) await checkOutputPath(option, path);
}
