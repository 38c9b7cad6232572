/**
 * The shells a tape can `Set Shell` to, for the tests that start them. scripts/ensure-shells.sh finds each
 * one on PATH, or installs Debian's package where it can (root or passwordless sudo, with apt-get: CI), once
 * per process; where it cannot, the test is skipped with the script's reason.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** ShellLookup is a shell's absolute path, or why it is not available. */
export type ShellLookup = { path: string } | { missing: string };

const lookups = new Map<string, ShellLookup>();

/** ensureShell returns where `name` is installed, installing it the first time if it is missing and it can. */
export function ensureShell(name: string): ShellLookup {
  let lookup = lookups.get(name);
  if (!lookup) {
    try {
      const output = execFileSync('sh', [join(repoRoot, 'scripts', 'ensure-shells.sh'), name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
      lookup = { path: output.trim().split('\n').at(-1)! };
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
      lookup = { missing: stderr.split('\n').at(-1) || `${name} is not installed: ${(error as Error).message}` };
    }
    lookups.set(name, lookup);
  }
  return lookup;
}
