/**
 * The lines a person sees for the evaluate stage's events: the judge chosen, warnings, the sampling, the
 * estimate and each call. `termaudit evaluate` shows them, and `compare --rescore-baseline` shows those of
 * its re-scoring.
 */
import type { EvaluateEvent } from '../evaluate/index.js';
import { formatUsd } from '../evaluate/models.js';

/** eventLine turns an evaluation event into the line shown to a person, or undefined for none. */
export function eventLine(event: EvaluateEvent): string | undefined {
  switch (event.type) {
    case 'judge':
      return `judge: ${event.judge}${event.judge === 'openai' ? ` (${event.model})` : ''}, ${event.reason}`;
    case 'start':
      return undefined;
    case 'warning':
      return `warning: ${event.message}`;
    case 'sampled':
      return `sampled ${event.frames} frames into ${event.outDir}`;
    case 'estimate':
      if (event.calls === 0) return `estimated cost: $0 (all ${event.fromCache} calls are in the response cache)`;
      return (
        `estimated cost: ${formatUsd(event.costUsd)} for ${event.calls} calls` +
        (event.cachedCostUsd !== undefined ? ` (${formatUsd(event.cachedCostUsd)} if the frames hit the prompt cache)` : '') +
        (event.fromCache > 0 ? `; ${event.fromCache} more from the response cache` : '')
      );
    case 'call': {
      const what = event.prompt === 'ask' ? 'question' : `${event.prompt}${event.sample > 0 ? ` #${event.sample + 1}` : ''}`;
      if (event.error) return `${event.done}/${event.total} ${what} failed: ${event.error}`;
      const usage = event.usage;
      const cost = usage && !usage.fromCache && usage.costUsd > 0 ? `, ${formatUsd(usage.costUsd)}` : '';
      const source = usage?.fromCache ? ' (cached)' : usage && usage.latencyMs > 0 ? ` (${(usage.latencyMs / 1000).toFixed(1)} s${cost})` : '';
      return `${event.done}/${event.total} ${what}${source}`;
    }
  }
}
