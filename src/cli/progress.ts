/**
 * The human progress display of long commands, drawn from the same status document as status.json
 * (so `record`, `render` and `watch` show a run the same way). On a terminal: a stage list redrawn in
 * place (log-update), with a bar for the running stage. Elsewhere (CI logs, pipes): plain lines, one when a
 * stage starts or ends and one per tenth of a stage's progress, never ANSI codes.
 */
import { createLogUpdate } from 'log-update';
import type { StageStatus, StatusDocument } from '../automation/status-reporter.js';

/** ProgressDisplay shows a run's status as it changes. */
export interface ProgressDisplay {
  update(status: StatusDocument): void;
  /** Leaves the last state on screen and stops redrawing. */
  done(): void;
}

const symbols: Record<StageStatus, string> = { waiting: '·', running: '▸', done: '✔', failed: '✖', skipped: '-' };

/** progressBar draws a fraction as a fixed-width bar of `width` cells. */
export function progressBar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** stageListLines renders the stage list of a status document as the lines of the in-place display. */
export function stageListLines(status: StatusDocument): string[] {
  return Object.entries(status.stages).map(([name, stage]) => {
    const head = `${symbols[stage.status]} ${name.padEnd(8)}`;
    if (stage.status === 'running') {
      const bar = stage.progress !== undefined ? ` ${progressBar(stage.progress)} ${(stage.progress * 100).toFixed(0).padStart(3)}%` : '';
      const elapsed = stage.duration_seconds !== null ? ` ${stage.duration_seconds.toFixed(1)}s` : '';
      return `${head}${bar}${elapsed}${stage.detail ? `  ${stage.detail}` : ''}`;
    }
    if (stage.status === 'done' || stage.status === 'failed') return `${head} ${stage.status}${stage.duration_seconds !== null ? ` in ${stage.duration_seconds.toFixed(1)}s` : ''}`;
    return `${head} ${stage.status}`;
  });
}

/**
 * plainLineTracker returns a function that, for each new status, gives the plain lines worth printing:
 * stage starts and ends, and each new tenth of a running stage's progress.
 */
export function plainLineTracker(): (status: StatusDocument) => string[] {
  const seen = new Map<string, { status: StageStatus; tenth: number }>();
  return (status) => {
    const lines: string[] = [];
    for (const [name, stage] of Object.entries(status.stages)) {
      const before = seen.get(name) ?? { status: 'waiting', tenth: -1 };
      const tenth = stage.progress !== undefined ? Math.floor(stage.progress * 10) : -1;
      if (stage.status !== before.status) {
        if (stage.status === 'running') lines.push(`${name}: started`);
        else if (stage.status === 'done' || stage.status === 'failed') lines.push(`${name}: ${stage.status}${stage.duration_seconds !== null ? ` in ${stage.duration_seconds.toFixed(1)}s` : ''}`);
        else if (stage.status === 'skipped') lines.push(`${name}: skipped`);
      } else if (stage.status === 'running' && tenth > before.tenth && tenth < 10) {
        lines.push(`${name}: ${(tenth * 10).toString().padStart(3)}%${stage.detail ? `  ${stage.detail}` : ''}`);
      }
      seen.set(name, { status: stage.status, tenth: Math.max(tenth, stage.status === before.status ? before.tenth : -1) });
    }
    return lines;
  };
}

/** createProgressDisplay returns a display suited to the stream (in place on a sized tty, plain lines elsewhere). */
export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  // A terminal that reports no size (e.g. a pty nobody sized) would make log-update cut every line.
  if (stream.isTTY !== true || !stream.rows || !stream.columns) {
    const track = plainLineTracker();
    return {
      update(status) {
        for (const line of track(status)) stream.write(`${line}\n`);
      },
      done() {},
    };
  }
  const draw = createLogUpdate(stream, { showCursor: true });
  let lastDraw = 0;
  let lastStatuses = '';
  let latest: StatusDocument | undefined;
  let finished = false;
  return {
    update(status) {
      if (finished) return;
      latest = status;
      // Redrawing on every rendered frame would cost more than the render; ten times a second is enough,
      // but stage changes are drawn at once.
      const now = performance.now();
      const statuses = Object.values(status.stages).map((stage) => stage.status).join();
      if (statuses === lastStatuses && now - lastDraw < 100) return;
      lastStatuses = statuses;
      lastDraw = now;
      draw(stageListLines(status).join('\n'));
    },
    done() {
      if (finished) return;
      finished = true;
      if (latest) draw(stageListLines(latest).join('\n'));
      draw.done();
    },
  };
}
