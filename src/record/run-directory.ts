/**
 * Every recording gets a directory of its own, `<outRoot>/<yyyymmdd-hhmmss>-<slug>/`, so that runs never
 * overwrite each other: when the name is taken (two runs in the same second), `-2`, `-3`, ... is added.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigError, reasonOf, restate } from '../errors.js';
import { checkOutputPath } from '../output-path.js';
import { isProcessAlive } from './process-tree.js';

/** Interpreters whose script, not themselves, names a run: `node demo.mjs` → `demo`. */
const interpreters = new Set(['node', 'nodejs', 'bun', 'deno', 'python', 'python3', 'ruby', 'perl', 'bash', 'sh', 'zsh', 'npx', 'tsx']);

/**
 * commandSlug turns a command into a short directory-name-safe word: `/usr/bin/htop` → `htop`; for an
 * interpreter running a script, the script's name: `node examples/showcase.mjs` → `showcase`.
 */
export function commandSlug(command: string, args: readonly string[] = []): string {
  const script = interpreters.has(basename(command)) ? args.find((arg) => !arg.startsWith('-') && /[./]/.test(arg)) : undefined;
  const name = script ? basename(script).replace(/\.[a-z0-9]+$/i, '') : basename(command);
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug === '' ? 'run' : slug;
}

/** runDirectoryName builds the name for a run started at `date` (local time); `attempt` 1 has no suffix. */
export function runDirectoryName(date: Date, slug: string, attempt = 1): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  const day = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  const time = `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
  return `${day}-${time}-${slug}${attempt > 1 ? `-${attempt}` : ''}`;
}

/**
 * prepareOutDirectory makes an output directory the user named (`--out`), creating it when missing. It
 * refuses one that already holds a run's main file (`ownFile`, e.g. `session.cast`), so nothing is
 * overwritten, and one where no output can go (checkOutputPath).
 */
export async function prepareOutDirectory(out: string, ownFile: string): Promise<string> {
  await checkOutputPath('--out', out);
  if (existsSync(join(out, ownFile))) {
    throw new ConfigError(`--out: ${out} already holds a run (${ownFile}); choose another directory or leave --out out for a new one — nothing was overwritten`);
  }
  try {
    await mkdir(out, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new ConfigError(`--out: ${out} is not a directory`);
    throw restate(error, `--out: cannot create ${out}: ${reasonOf(error)}`);
  }
  return out;
}

/**
 * createRunDirectory creates a new, empty run directory under `outRoot` (created too if missing) and
 * returns its path. It never reuses an existing directory.
 */
export async function createRunDirectory(outRoot: string, slug: string, date = new Date()): Promise<string> {
  await checkOutputPath('outRoot', outRoot);
  await mkdir(outRoot, { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const dir = join(outRoot, runDirectoryName(date, slug, attempt));
    try {
      // Non-recursive mkdir fails with EEXIST when the name is taken, atomically, even between processes.
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * claimNewDirectory creates `dir` (its parents as needed) and fails with ConfigError `taken` when it exists
 * already: the non-recursive mkdir of the last part is atomic, so of two runs claiming one directory at the
 * same moment exactly one gets it, and nothing of the other's is touched.
 */
export async function claimNewDirectory(dir: string, taken: string): Promise<void> {
  await mkdir(dirname(dir), { recursive: true });
  try {
    await mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ConfigError(taken, { cause: error });
    throw error;
  }
}

/** LOCK_FILE_NAME is the file a process holds a run directory with while it writes there. */
export const LOCK_FILE_NAME = '.termaudit.lock';

/**
 * lockDirectory holds `dir` for this process until the returned function is called: it creates a lock file
 * exclusively (`wx`), so a second process writing the same run is refused with ConfigError `busy` (which
 * gets the holder's pid appended). A lock left by a process that no longer runs is taken over.
 */
export async function lockDirectory(dir: string, busy: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE_NAME);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isProcessAlive(holder)) {
        throw new ConfigError(`${busy} (process ${holder} is writing it)`, { cause: error });
      }
      await rm(path, { force: true });
    }
  }
}
