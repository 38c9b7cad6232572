/**
 * `termaudit demo`: a built-in target program that behaves like a multi-agent coordination tool (the kind
 * of TUI termaudit audits). The run is scripted by the pure `planDemo`; `runDemo` plays the script in real
 * time (scaled by `speed`) through the rich display or the automation protocol, and simulates the failures
 * the pretest gate must catch. It hands nothing to another stage: it is the thing being recorded and tested.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, ExecutionError, InterruptedError, TimeoutError, type TermauditError } from '../errors.js';
import { writeJsonFile } from '../files.js';
import { automationHeaderLines, automationSummaryLines, defaultLogDirectory } from './automation-output.js';
import { planDemo, type DemoFailure, type DemoPlan } from './plan.js';
import { createRichDisplay, type DemoNotice, type DemoPaletteName } from './rich-display.js';
import { applyDemoEvents, initialDemoState, type DemoState } from './state.js';
import { demoStatusDocument } from './status-file.js';

export { planDemo, demoFailures, demoPhases } from './plan.js';
export type { DemoFailure, DemoPlan } from './plan.js';
export { demoPaletteNames, type DemoPaletteName } from './rich-display.js';
export { applyDemoEvents, initialDemoState } from './state.js';
export { demoStatusDocument } from './status-file.js';

/** Options of `runDemo`. */
export interface DemoOptions {
  /**
   * Number of agents (1–6).
   * @default 3
   */
  agents?: number;
  /**
   * Seed of the scripted run.
   * @default 1
   */
  seed?: number;
  /**
   * Playback speed: 10 plays the run ten times faster.
   * @default 1
   */
  speed?: number;
  /**
   * The question the agents answer.
   * @default defaultDemoQuestion
   */
  question?: string;
  /**
   * Plain protocol output and status.json instead of the rich display.
   * @default false
   */
  automation?: boolean;
  /**
   * Log directory of an automation run.
   * @default `.termaudit-demo/log_<yyyymmdd_hhmmss_micro>` under `cwd`
   */
  logDir?: string;
  /**
   * Colors of the rich display: `low-contrast` draws body text in a dark gray that fails WCAG contrast
   * (a deliberately poor display to audit). The screen's text is the same with either.
   * @default 'default'
   */
  palette?: DemoPaletteName;
  /**
   * Failure to simulate.
   * @default undefined (none)
   */
  fail?: DemoFailure;
  /**
   * Aborting it interrupts the run (exit 4); pass SIGINT/SIGTERM/SIGHUP here.
   * @default undefined
   */
  signal?: AbortSignal;
  /**
   * Base of the default log directory.
   * @default process.cwd()
   */
  cwd?: string;
}

/** DemoResult describes a finished run. */
export interface DemoResult {
  winner: string;
  durationSeconds: number;
  /** The log directory (automation mode only). */
  logDir?: string;
}

/** Where in the scripted run (a fraction of its length) the simulated failures strike. */
const failurePoint = { stuck: 0.35, execution: 0.45, timeout: 0.5 } as const;

/** How often status.json is rewritten in real time, besides on every answer and vote. */
const statusIntervalMs = 1000;

/** Whether the state changed in a way status.json must show at once (answers, votes, errors, phase, winner). */
function isNotable(before: DemoState, after: DemoState): boolean {
  return (
    before.totalAnswers !== after.totalAnswers ||
    Object.keys(before.votes).length !== Object.keys(after.votes).length ||
    before.phase !== after.phase ||
    before.winner !== after.winner ||
    before.done !== after.done ||
    before.agents.some((agent, index) => agent.status !== after.agents[index].status)
  );
}

/** configFailure is the error `--fail config` simulates: a missing API key, found before anything starts. */
function configFailure(plan: DemoPlan): ConfigError {
  const agent = plan.agents[0];
  return new ConfigError(
    `config error: missing API key for ${agent.id} (${agent.model}): DEMO_API_KEY is not set; export it or add it to .env, then run again`,
  );
}

/** runDemo plays a scripted coordination run and resolves when it ends; failures reject with their exit code's error. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new ConfigError(`--speed: expected a number > 0, got ${speed}`);
  const plan = planDemo({ agents: options.agents, seed: options.seed, question: options.question, fail: options.fail });
  if (options.fail === 'config') throw configFailure(plan);

  const startTime = new Date();
  const started = Date.now();
  const sessionId = randomUUID();
  const logDir = options.automation
    ? resolve(options.logDir ?? defaultLogDirectory(options.cwd ?? process.cwd(), startTime, Number(process.hrtime.bigint() / 1000n) % 1_000_000))
    : undefined;
  const print = (lines: string[]) => process.stdout.write(lines.map((line) => `${line}\n`).join(''));

  let state = initialDemoState(plan);
  let lastStatusWrite = 0;
  const writeStatus = async (exitCode: number | null, error: string | null) => {
    if (!logDir) return;
    lastStatusWrite = Date.now();
    const run = { sessionId, startTime, elapsedSeconds: (Date.now() - started) / 1000, exitCode, error };
    await writeJsonFile(join(logDir, 'status.json'), demoStatusDocument(state, run));
  };

  if (logDir) {
    await mkdir(logDir, { recursive: true });
    print(automationHeaderLines(plan, logDir));
    await writeStatus(null, null);
  }
  const display = options.automation ? undefined : createRichDisplay(state, { palette: options.palette, doneSeconds: plan.durationMs / speed / 1000 });

  /** end stops the presenters, records the outcome in status.json and returns the error to throw. */
  const fail = async (error: TermauditError, notice: DemoNotice): Promise<TermauditError> => {
    display?.update(state, notice);
    display?.stop();
    await writeStatus(error.exitCode, error.message);
    return error;
  };

  const limit = options.fail === 'stuck' ? plan.durationMs * failurePoint.stuck : Infinity;
  try {
    for (;;) {
      if (options.signal?.aborted) {
        const signal = (options.signal.reason as NodeJS.Signals | undefined) ?? 'SIGINT';
        throw await fail(new InterruptedError(signal, `demo interrupted by ${signal}`), { text: `■ interrupted by ${signal}`, tone: 'warning' });
      }
      const virtualMs = Math.min((Date.now() - started) * speed, limit);
      const before = state;
      state = applyDemoEvents(plan, state, virtualMs);
      display?.update(state);
      if (options.fail === 'execution' && virtualMs >= plan.durationMs * failurePoint.execution) {
        const message = 'execution error: coordinator crashed: orchestrator lost the agent message queue (simulated by --fail execution)';
        throw await fail(new ExecutionError(message), { text: `✖ ${message}`, tone: 'error' });
      }
      if (options.fail === 'timeout' && virtualMs >= plan.durationMs * failurePoint.timeout) {
        const deadline = (plan.durationMs * failurePoint.timeout) / speed / 1000;
        const message = `timeout: coordination did not finish within its deadline of ${deadline.toFixed(1)}s (simulated by --fail timeout)`;
        throw await fail(new TimeoutError(message), { text: `⏱ ${message}`, tone: 'error' });
      }
      if (state.done) break;
      if (isNotable(before, state) || Date.now() - lastStatusWrite >= statusIntervalMs) await writeStatus(null, null);
      await sleep(50, undefined, { signal: options.signal }).catch(() => undefined);
    }
  } finally {
    display?.stop();
  }

  const winner = state.winner ?? plan.agents[0].id;
  const durationSeconds = (Date.now() - started) / 1000;
  const failed = state.agents.find((agent) => agent.status === 'error');
  const error = failed ? new ExecutionError(`execution error: ${failed.id} failed: ${failed.error}`) : undefined;
  await writeStatus(error?.exitCode ?? 0, error?.message ?? null);
  if (logDir) {
    await mkdir(join(logDir, 'final', winner), { recursive: true });
    await writeFile(join(logDir, 'final', winner, 'answer.txt'), `${state.finalAnswer}\n`);
    print(automationSummaryLines({ winner, durationSeconds, finalAnswer: state.finalAnswer, agentCount: plan.agents.length, totalSeconds: (Date.now() - started) / 1000 }));
  }
  if (error) throw error;
  return { winner, durationSeconds, logDir };
}
