/**
 * status.json: the live state of one termaudit run (its stages, how far it has come, and at the end its
 * result), rewritten atomically on every change and at least every two seconds, so that an agent or
 * `termaudit watch` can follow a run from another process. The field names follow the automation
 * protocol (`meta`, `completion_percentage`, `result: null` while running).
 *
 * `buildStatus` is the pure part (state → document); `StatusReporter` holds the state and writes it.
 */
import { join } from 'node:path';
import { writeJsonFile } from '../files.js';
import { STATUS_FILE_NAME } from '../run-files.js';
export { STATUS_FILE_NAME } from '../run-files.js';


/** StageStatus is where one stage stands. */
export type StageStatus = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

/** RunStatus is how a whole run ended. */
export type RunStatus = 'success' | 'failed' | 'timeout' | 'interrupted';

/** StageState is one stage of a run as held by the reporter (times in epoch milliseconds). */
export interface StageState {
  status: StageStatus;
  startedAt?: number;
  finishedAt?: number;
  /** Fraction done, 0–1, when the stage reports it. */
  progress?: number;
  /** A short human note on the progress (e.g. `12.0s of 30.0s recorded, 9.5s of video, 240 frames`). */
  detail?: string;
}

/** RunResult is what a finished run reports. */
export interface RunResult {
  exitCode: number;
  status: RunStatus;
  /** One line for humans (the error message, or what was produced). */
  message?: string;
  /** Produced files by kind (`mp4`, `cast`, `screen`, …), as paths. */
  outputs?: Record<string, string>;
}

/** RunState is everything status.json is built from. */
export interface RunState {
  runId: string;
  command: readonly string[];
  /** Epoch milliseconds. */
  startTime: number;
  /** Stage names in run order with their state. */
  stages: ReadonlyArray<readonly [string, StageState]>;
  result?: RunResult;
  /** Epoch milliseconds at which `result` was set. */
  finishTime?: number;
  /** The completion_percentage last written, so it never goes down. */
  previousPercentage: number;
}

/** StatusDocument is the content of status.json. */
export interface StatusDocument {
  meta: { run_id: string; command: string[]; start_time: string; elapsed_seconds: number };
  /** The running stage, or null before the first and after the last. */
  stage: string | null;
  completion_percentage: number;
  stages: Record<
    string,
    { status: StageStatus; started_at: string | null; finished_at: string | null; duration_seconds: number | null; progress?: number; detail?: string }
  >;
  result: null | {
    exit_code: number;
    status: RunStatus;
    message: string | null;
    outputs: Record<string, string>;
    duration_seconds: number;
  };
}

const seconds = (ms: number): number => Math.round(ms) / 1000;
const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * completionOf is the run's completion in whole percent: the mean over stages of their done fraction
 * (finished or skipped stages count fully), never below `previous`, and 100 once the run has a result.
 */
export function completionOf(stages: RunState['stages'], previous: number, finished: boolean): number {
  if (finished) return 100;
  if (stages.length === 0) return previous;
  const sum = stages.reduce((total, [, stage]) => {
    if (stage.status === 'waiting') return total;
    if (stage.status === 'running') return total + Math.min(1, Math.max(0, stage.progress ?? 0));
    return total + 1;
  }, 0);
  return Math.max(previous, Math.min(100, Math.floor((sum / stages.length) * 100)));
}

/** buildStatus turns a run's state at time `now` (epoch ms) into the status.json document. */
export function buildStatus(state: RunState, now: number): StatusDocument {
  const end = state.finishTime ?? now;
  const stages: StatusDocument['stages'] = {};
  for (const [name, stage] of state.stages) {
    const stageEnd = stage.finishedAt ?? (stage.status === 'running' ? now : undefined);
    stages[name] = {
      status: stage.status,
      started_at: iso(stage.startedAt),
      finished_at: iso(stage.finishedAt),
      duration_seconds: stage.startedAt !== undefined && stageEnd !== undefined ? seconds(stageEnd - stage.startedAt) : null,
      ...(stage.progress !== undefined ? { progress: Math.round(stage.progress * 1000) / 1000 } : {}),
      ...(stage.detail !== undefined ? { detail: stage.detail } : {}),
    };
  }
  const running = state.stages.find(([, stage]) => stage.status === 'running');
  return {
    meta: { run_id: state.runId, command: [...state.command], start_time: new Date(state.startTime).toISOString(), elapsed_seconds: seconds(end - state.startTime) },
    stage: running ? running[0] : null,
    completion_percentage: completionOf(state.stages, state.previousPercentage, state.result !== undefined),
    stages,
    result: state.result
      ? {
          exit_code: state.result.exitCode,
          status: state.result.status,
          message: state.result.message ?? null,
          outputs: { ...state.result.outputs },
          duration_seconds: seconds(end - state.startTime),
        }
      : null,
  };
}

/** StatusReporterOptions describe the run a reporter writes status.json for. */
export interface StatusReporterOptions {
  /** The run directory; status.json is written inside it. */
  runDir: string;
  /** @default the run directory's base name */
  runId?: string;
  /** The command line of the run (argv). */
  command: readonly string[];
  /** Stage names in run order. */
  stages: readonly string[];
  /** Epoch milliseconds the run started at. @default Date.now() */
  startTime?: number;
  /** Milliseconds between rewrites when nothing changes (so elapsed_seconds moves). @default 2000 */
  heartbeatMs?: number;
  /** Called with the document after every change (e.g. to redraw a display). */
  onChange?: (status: StatusDocument) => void;
}

/**
 * StatusReporter holds a run's state and rewrites `<runDir>/status.json` atomically on every change and
 * on a heartbeat. Writes never overlap: changes made during a write are coalesced into one more write.
 * `finish()` makes the final write and stops the heartbeat; later calls are ignored.
 */
export class StatusReporter {
  /** The path of the status file. */
  readonly path: string;
  private readonly state: RunState;
  private readonly stageMap = new Map<string, StageState>();
  private readonly onChange?: (status: StatusDocument) => void;
  private readonly heartbeat: NodeJS.Timeout;
  private writing: Promise<void> | undefined;
  private pending = false;
  private writeError: unknown;

  constructor(options: StatusReporterOptions) {
    this.path = join(options.runDir, STATUS_FILE_NAME);
    for (const name of options.stages) this.stageMap.set(name, { status: 'waiting' });
    this.state = {
      runId: options.runId ?? options.runDir.split(/[\\/]/).filter(Boolean).pop() ?? options.runDir,
      command: [...options.command],
      startTime: options.startTime ?? Date.now(),
      stages: [...this.stageMap],
      previousPercentage: 0,
    };
    this.onChange = options.onChange;
    // unref: a forgotten heartbeat must never keep the CLI alive.
    this.heartbeat = setInterval(() => this.changed(), options.heartbeatMs ?? 2000).unref();
    this.changed();
  }

  /** snapshot returns the document as it would be written now. */
  snapshot(): StatusDocument {
    return buildStatus(this.state, Date.now());
  }

  /** startStage marks a stage running (adding it when it was not declared). */
  startStage(name: string): void {
    this.update(name, { status: 'running', startedAt: Date.now(), finishedAt: undefined });
  }

  /** progress records the fraction (0–1) of a running stage and an optional note. */
  progress(name: string, fraction: number, detail?: string): void {
    const stage = this.stageMap.get(name);
    if (stage && stage.status !== 'running') return;
    this.update(name, { progress: Math.min(1, Math.max(0, fraction)), detail });
  }

  /** finishStage marks a stage done, failed or skipped. */
  finishStage(name: string, status: 'done' | 'failed' | 'skipped'): void {
    const stage = this.stageMap.get(name);
    const now = Date.now();
    this.update(name, { status, finishedAt: stage?.startedAt !== undefined ? now : undefined, ...(status === 'done' ? { progress: 1 } : {}) });
  }

  /** finish records the result (a still running stage becomes failed, or done on success), writes it and stops. */
  async finish(result: RunResult): Promise<void> {
    if (this.state.result) return this.flush();
    clearInterval(this.heartbeat);
    for (const [name, stage] of this.stageMap) {
      if (stage.status === 'running') this.finishStage(name, result.status === 'success' ? 'done' : 'failed');
      else if (stage.status === 'waiting' && result.status === 'success') this.finishStage(name, 'skipped');
    }
    this.state.result = result;
    this.state.finishTime = Date.now();
    this.changed();
    await this.flush();
  }

  /** flush resolves when every change so far is on disk; it rejects with the last write error, if any. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.writeError) throw this.writeError;
  }

  private update(name: string, fields: Partial<StageState>): void {
    if (this.state.result) return;
    const stage = this.stageMap.get(name) ?? { status: 'waiting' };
    this.stageMap.set(name, { ...stage, ...fields });
    this.state.stages = [...this.stageMap];
    this.changed();
  }

  private changed(): void {
    const document = this.snapshot();
    this.state.previousPercentage = document.completion_percentage;
    this.onChange?.(document);
    this.pending = true;
    if (!this.writing) this.writing = this.writeLoop();
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.pending) {
        this.pending = false;
        try {
          await writeJsonFile(this.path, this.snapshot());
        } catch (error) {
          // A status file that cannot be written must not fail the run it describes; flush() reports it.
          this.writeError = error;
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}
