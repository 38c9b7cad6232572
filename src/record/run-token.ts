/**
 * A run token marks every process a target starts, wherever it goes. Parent links, process groups and
 * sessions all lose a daemon that forks twice and calls setsid (`setsid -f`, `daemon(3)`): it ends up a
 * child of init in a session of its own. Its environment is the one thing it still shares with the
 * target, so the target gets a unique `TERMAUDIT_RUN=<token>` and, at the end, every process whose
 * /proc/<pid>/environ carries it is found (each user can read the environment of their own processes).
 * A process escapes only by replacing its whole environment (`env -i`, `execve` with a new one).
 *
 * Nested runs (termaudit recording termaudit) keep each other's tokens: a new one is appended to the
 * variable, comma-separated, so that the outer run still finds what the inner run's target started.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** RUN_TOKEN_VARIABLE is the environment variable that carries the tokens of the runs a process belongs to. */
export const RUN_TOKEN_VARIABLE = 'TERMAUDIT_RUN';

/** newRunToken returns a token no other run has. */
export function newRunToken(): string {
  return randomUUID();
}

/** withRunToken returns `env` with `token` added to RUN_TOKEN_VARIABLE (after the tokens already there). */
export function withRunToken(env: Readonly<Record<string, string>>, token: string): Record<string, string> {
  const inherited = env[RUN_TOKEN_VARIABLE];
  return { ...env, [RUN_TOKEN_VARIABLE]: inherited ? `${inherited},${token}` : token };
}

/** environCarriesToken tells whether an environment as /proc/<pid>/environ holds it (NUL-separated) carries `token`. */
export function environCarriesToken(environ: string, token: string): boolean {
  const prefix = `${RUN_TOKEN_VARIABLE}=`;
  // A cheap test first: most processes do not mention the token at all.
  if (!environ.includes(token)) return false;
  return environ
    .split('\0')
    .some((entry) => entry.startsWith(prefix) && entry.slice(prefix.length).split(',').includes(token));
}

/**
 * processCarriesToken tells whether process `pid` carries `token` in its environment; false when it is gone
 * or its environment cannot be read (another user's process, a kernel thread).
 */
export function processCarriesToken(pid: number, token: string): boolean {
  try {
    return environCarriesToken(readFileSync(`/proc/${pid}/environ`, 'latin1'), token);
  } catch {
    return false;
  }
}
