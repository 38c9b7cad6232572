/** Paths that tests share: the repository root, fixtures, and fresh temporary directories. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** repoRoot is the root of the termaudit checkout. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** fixturePath returns the path of a file under test/fixtures. */
export function fixturePath(...parts: string[]): string {
  return join(repoRoot, 'test', 'fixtures', ...parts);
}

/** makeTempDir creates a new empty directory for one test. */
export function makeTempDir(prefix = 'termaudit-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
