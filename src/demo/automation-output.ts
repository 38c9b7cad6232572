/**
 * The demo's automation mode output: the plain lines of the protocol (LOG_DIR, STATUS, the question, and
 * the WINNER/DURATION/ANSWER_PREVIEW/COMPLETED summary), built by pure functions, no ANSI codes; every
 * value is escaped by `protocolLine`, as in termaudit's own automation lines.
 */
import { join } from 'node:path';
import { protocolLine } from '../automation/protocol-line.js';
import type { DemoPlan } from './plan.js';

/** logDirectoryName names a run's log directory like the reference: `log_<yyyymmdd>_<hhmmss>_<microseconds>`. */
export function logDirectoryName(now: Date, microseconds: number): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const date = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}`;
  const time = `${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  return `log_${date}_${time}_${String(microseconds).padStart(6, '0')}`;
}

/** defaultLogDirectory is where a run logs when `--log-dir` is not given: `.termaudit-demo/<name>` under `cwd`. */
export function defaultLogDirectory(cwd: string, now: Date, microseconds: number): string {
  return join(cwd, '.termaudit-demo', logDirectoryName(now, microseconds));
}

/** automationHeaderLines are the first lines of an automation run, LOG_DIR and STATUS first. */
export function automationHeaderLines(plan: DemoPlan, logDir: string): string[] {
  const rule = '='.repeat(60);
  return [
    protocolLine('LOG_DIR', logDir),
    protocolLine('STATUS', join(logDir, 'status.json')),
    plan.agents.length > 1 ? '🤖 Multi-Agent Mode' : '🤖 Single-Agent Mode',
    protocolLine('Agents', plan.agents.map((agent) => agent.id).join(', ')),
    protocolLine('Question', plan.question),
    rule,
    protocolLine('QUESTION', plan.question),
    '[Coordination in progress - monitor status.json for real-time updates]',
  ];
}

/** What the summary lines report. */
export interface AutomationSummary {
  winner: string;
  /** Seconds the coordination took. */
  durationSeconds: number;
  finalAnswer: string;
  agentCount: number;
  /** Seconds the whole run took, setup included. */
  totalSeconds: number;
}

/** automationSummaryLines are the last lines of a finished run. */
export function automationSummaryLines(summary: AutomationSummary): string[] {
  return [
    protocolLine('WINNER', summary.winner),
    protocolLine('DURATION', `${summary.durationSeconds.toFixed(1)}s`),
    protocolLine('ANSWER_PREVIEW', summary.finalAnswer.slice(0, 100)),
    protocolLine('COMPLETED', `${summary.agentCount} agents, ${summary.totalSeconds.toFixed(1)}s total`),
  ];
}
