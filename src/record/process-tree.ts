/**
 * Stopping a program together with everything it started. Killing only the direct child is not enough:
 * a shell's background jobs, or children that moved to their own process group or session (`setsid`),
 * would survive and keep running after termaudit is done. Linux only: the tree is read from /proc.
 *
 * The tree is collected BEFORE any signal is sent, because once a parent dies its children are
 * re-parented to init (or a subreaper) and the ppid links that tie them to the target are gone. A daemon
 * that forked twice and called setsid (`setsid -f`) has lost those links from the start: given the run
 * token the target was started with (run-token.ts), the processes that carry it belong to the tree too,
 * and so does what they started; that also finds them after the target itself has exited.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { processCarriesToken } from './run-token.js';

/** ProcessStat is what /proc/<pid>/stat tells about one process that we need to walk and kill trees. */
export interface ProcessStat {
  pid: number;
  ppid: number;
  /** Process group id. */
  pgrp: number;
  /** Session id. */
  session: number;
  /** One-letter state: R, S, D, Z (zombie), T, ... */
  state: string;
  /** Start time in clock ticks since boot; with the pid it identifies a process despite pid reuse. */
  startTime: string;
}

/** parseProcessStat parses the text of /proc/<pid>/stat, or returns undefined if it is malformed. */
export function parseProcessStat(text: string): ProcessStat | undefined {
  // The command name (field 2) is in parentheses and may itself contain spaces and parentheses:
  // everything after the LAST ')' is space-separated.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state); ppid, pgrp and session follow; starttime is field 22.
  const [state, ppid, pgrp, session] = fields;
  const startTime = fields[19];
  if (!Number.isInteger(pid) || state === undefined || startTime === undefined) return undefined;
  return { pid, ppid: Number(ppid), pgrp: Number(pgrp), session: Number(session), state, startTime };
}

/** readProcessStat reads one process's stat, or returns undefined if it does not exist (any more). */
export function readProcessStat(pid: number): ProcessStat | undefined {
  try {
    return parseProcessStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** listProcesses reads the stat of every process visible in /proc. */
export function listProcesses(): ProcessStat[] {
  const processes: ProcessStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcessStat(Number(entry));
    if (stat) processes.push(stat);
  }
  return processes;
}

/**
 * selectProcessTree picks, from a process list, the roots and everything that belongs to them: their
 * descendants through ppid links, and the members of the process groups and sessions they lead (a pty
 * child leads both). Zombies are left out: they are already dead and only wait to be reaped.
 */
export function selectProcessTree(processes: readonly ProcessStat[], roots: readonly number[]): ProcessStat[] {
  const leaders = new Set(roots);
  const children = new Map<number, ProcessStat[]>();
  for (const stat of processes) {
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  const selected = new Map<number, ProcessStat>();
  const queue = processes.filter(
    (stat) => leaders.has(stat.pid) || leaders.has(stat.pgrp) || leaders.has(stat.session),
  );
  while (queue.length > 0) {
    const stat = queue.pop()!;
    if (selected.has(stat.pid)) continue;
    selected.set(stat.pid, stat);
    queue.push(...(children.get(stat.pid) ?? []));
  }
  // Never signal ourselves, whatever the list says (e.g. a root that is one of our ancestors).
  selected.delete(process.pid);
  return [...selected.values()].filter((stat) => stat.state !== 'Z');
}

/** listDescendants lists the pids of every live descendant of `pid` (children, grandchildren, ...). */
export function listDescendants(pid: number): number[] {
  const processes = listProcesses();
  const children = new Map<number, number[]>();
  for (const stat of processes) {
    if (stat.state === 'Z') continue;
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat.pid);
    else children.set(stat.ppid, [stat.pid]);
  }
  const descendants: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const child = queue.pop()!;
    descendants.push(child);
    queue.push(...(children.get(child) ?? []));
  }
  return descendants;
}

/**
 * listTree lists the live processes that belong to `pid`'s tree (see `selectProcessTree`), with those
 * that carry `runToken` and theirs, and those of `moreRoots`. `pid` may have exited already.
 */
function listTree(pid: number | undefined, runToken: string | undefined, moreRoots: readonly number[] = []): ProcessStat[] {
  const processes = listProcesses();
  const carriers = runToken === undefined ? [] : processes.filter((stat) => processCarriesToken(stat.pid, runToken)).map((stat) => stat.pid);
  return selectProcessTree(processes, [...(pid === undefined ? [] : [pid]), ...moreRoots, ...carriers]);
}

/** isProcessAlive tells whether `pid` exists and is not a zombie (a zombie has exited already). */
export function isProcessAlive(pid: number): boolean {
  const stat = readProcessStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** isSameProcessAlive tells whether the process known as `stat` is still running (same pid, same start time). */
function isSameProcessAlive(stat: ProcessStat): boolean {
  const now = readProcessStat(stat.pid);
  return now !== undefined && now.startTime === stat.startTime && now.state !== 'Z';
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: it is gone already, which is what we want; EPERM: not ours to kill.
  }
}

/** Signals the process group `rootPid` leads (if any) and each process of `tree` that is still itself. */
function signalTree(rootPid: number | undefined, tree: readonly ProcessStat[], signal: NodeJS.Signals): void {
  // The group signal comes first: it also reaches a group member forked after the tree was listed.
  if (rootPid !== undefined && rootPid !== process.pid) sendSignal(-rootPid, signal);
  for (const stat of tree) if (isSameProcessAlive(stat)) sendSignal(stat.pid, signal);
}

/** KillProcessTreeOptions controls how `killProcessTree` stops a tree. */
export interface KillProcessTreeOptions {
  /**
   * Milliseconds the tree gets to exit after the polite signal before the survivors get SIGKILL.
   * @default 2000
   */
  graceMs?: number;
  /**
   * The polite signal sent first.
   * @default 'SIGTERM'
   */
  signal?: NodeJS.Signals;
  /**
   * The run token the target was started with (`withRunToken`): every process that carries it is stopped
   * too, even one that left the tree's session, group and parent links.
   * @default undefined (the tree alone)
   */
  runToken?: string;
}

/** KillProcessTreeResult counts what `killProcessTree` had to do. */
export interface KillProcessTreeResult {
  /** Processes found in the tree (the root included when it was alive). */
  found: number;
  /** Processes still alive after the grace period, which got SIGKILL. */
  killed: number;
}

const pollIntervalMs = 50;
/** How long to wait for SIGKILLed processes to disappear (only a process stuck in the kernel takes longer). */
const sigkillWaitMs = 1000;

/** Rounds of freezing and listing before the tree is taken as complete (each round catches one more generation). */
const maxFreezeRounds = 8;

/**
 * freezeProcessTree stops (SIGSTOP) `pid` and everything it started and returns that tree. A process of
 * the tree may fork between the listing and the signal — even into a session of its own, out of reach of
 * the group signal — so the tree is listed again after each freeze until no new process appears: a stopped
 * process cannot fork, and a child it forked before is then found under its still-living parent.
 */
function freezeProcessTree(pid: number | undefined, runToken: string | undefined): ProcessStat[] {
  let tree = listTree(pid, runToken);
  for (let round = 0; round < maxFreezeRounds; round++) {
    signalTree(pid, tree, 'SIGSTOP');
    const known = new Set(tree.map((stat) => `${stat.pid}:${stat.startTime}`));
    const again = listTree(pid, runToken);
    const grown = again.some((stat) => !known.has(`${stat.pid}:${stat.startTime}`));
    tree = again;
    if (!grown) break;
  }
  return tree;
}

/**
 * killProcessTree stops `pid` and everything it started (with `runToken`: every process carrying it, too):
 * it freezes and lists the tree (so nothing forked meanwhile escapes), sends SIGTERM to the root's process
 * group and to every process of the tree, lets them continue, waits up to `graceMs` for them to exit, then
 * sends SIGKILL to what remains (including descendants those survivors started meanwhile) and resolves
 * once they are gone. `pid` may have exited already: what it left behind is stopped.
 */
export async function killProcessTree(pid: number, options: KillProcessTreeOptions = {}): Promise<KillProcessTreeResult> {
  const graceMs = options.graceMs ?? 2000;
  const { runToken } = options;
  const tree = freezeProcessTree(pid, runToken);
  signalTree(pid, tree, options.signal ?? 'SIGTERM');
  // The polite signal is pending in each frozen process; it arrives as they continue.
  signalTree(pid, tree, 'SIGCONT');
  const deadline = Date.now() + graceMs;
  let survivors = tree.filter(isSameProcessAlive);
  while (survivors.length > 0 && Date.now() < deadline) {
    await sleep(pollIntervalMs);
    survivors = survivors.filter(isSameProcessAlive);
  }
  if (survivors.length === 0) return { found: tree.length, killed: 0 };
  const survivorPids = survivors.map((stat) => stat.pid);
  const stubborn = listTree(pid, runToken, survivorPids);
  signalTree(pid, stubborn, 'SIGKILL');
  // SIGKILL cannot be refused, but the kernel takes a moment to deliver it: resolve once they are gone.
  const killDeadline = Date.now() + sigkillWaitMs;
  let dying = stubborn.filter(isSameProcessAlive);
  while (dying.length > 0 && Date.now() < killDeadline) {
    await sleep(10);
    dying = dying.filter(isSameProcessAlive);
  }
  return { found: tree.length, killed: stubborn.length };
}

/**
 * killProcessTreeSync sends SIGKILL to `pid`'s tree and to the processes carrying `runToken` at once,
 * without waiting: for `process.on('exit')`. Without `pid` (the target has exited) only the carriers.
 */
export function killProcessTreeSync(pid: number | undefined, runToken?: string): void {
  signalTree(pid, listTree(pid, runToken), 'SIGKILL');
}

/** The trees to kill if termaudit exits first, each known by its root pid (if still alive) and run token. */
const treesToKillOnExit = new Set<{ pid: number | undefined; runToken: string | undefined }>();

function killRemainingTreesOnExit(): void {
  for (const { pid, runToken } of treesToKillOnExit) killProcessTreeSync(pid, runToken);
}

/**
 * killProcessTreeOnExit makes sure `pid`'s tree and the processes carrying `runToken` are SIGKILLed if
 * termaudit exits while they still run (an uncaught error, `process.exit()` elsewhere). Pass no `pid` once
 * the target has exited (its pid may be reused) to cover what it left behind. Returns the function that
 * cancels this once the tree is stopped normally. Only a synchronous kill works there: 'exit' listeners
 * cannot wait.
 */
export function killProcessTreeOnExit(pid: number | undefined, runToken?: string): () => void {
  if (treesToKillOnExit.size === 0) process.on('exit', killRemainingTreesOnExit);
  const entry = { pid, runToken };
  treesToKillOnExit.add(entry);
  return () => {
    if (!treesToKillOnExit.delete(entry)) return;
    if (treesToKillOnExit.size === 0) process.off('exit', killRemainingTreesOnExit);
  };
}
