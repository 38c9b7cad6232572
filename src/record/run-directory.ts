/**
 * Every recording gets a directory of its own, `<outRoot>/<yyyymmdd-hhmmss>-<slug>/`, so that runs never
 * overwrite each other: when the name is taken (two runs in the same second), `-2`, `-3`, ... is added.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ConfigError } from '../errors.js';
import { checkOutputPath } from '../output-path.js';

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
    throw new ConfigError(`--out: cannot create ${out} (${code ?? (error as Error).message})`, { cause: error });
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
