/**
 * The lines a person sees for the evaluate stage's events: the judge chosen, warnings, the sampling, the
 * estimate and each call. `termaudit evaluate` shows them, and `compare --rescore-baseline` shows those of
 * its re-scoring.
 */
import type { EvaluateEvent } from '../evaluate/index.js';
import { formatUsd } from '../evaluate/models.js';

/** callCount says how many calls: `1 call`, `5 calls`. */
export const callCount = (calls: number) => `${calls} call${calls === 1 ? '' : 's'}`;

/** costOf shows an estimate of calls: `$0.0991 for 5 calls ($0.0672 if the frames hit the prompt cache)`. */
function costOf(costUsd: number, cachedCostUsd: number | undefined, calls: number): string {
  const cached = cachedCostUsd !== undefined && cachedCostUsd < costUsd ? ` (${formatUsd(cachedCostUsd)} if the frames hit the prompt cache)` : '';
  return `${formatUsd(costUsd)} for ${callCount(calls)}${cached}`;
}

/**
 * estimateLine shows the estimate printed before an evaluation spends money, with what the other way of
 * asking the prompts (`--requests`) is estimated at, when there is more than one prompt.
 */
export function estimateLine(event: Extract<EvaluateEvent, { type: 'estimate' }>): string {
  if (event.calls === 0) return `estimated cost: $0 (the response cache answers all ${callCount(event.fromCache)})`;
  const mode = event.requests === 'combined' ? ' (--requests combined)' : '';
  const other = event.other ? `; ${event.other.requests === 'combined' ? '--requests combined' : 'per prompt'}: ${costOf(event.other.costUsd, event.other.cachedCostUsd, event.other.calls)}` : '';
  const fromCache = event.fromCache > 0 ? `; ${event.fromCache} more from the response cache` : '';
  return `estimated cost: ${costOf(event.costUsd, event.cachedCostUsd, event.calls)}${mode}${fromCache}${other}`;
}

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
    case 'kept':
      return `the results of ${event.judge} are kept in ${event.dir} (termaudit report or compare read them there${event.problem ? `; their report could not be rebuilt: ${event.problem}` : ''}); the new judge's take their place`;
    case 'estimate':
      return estimateLine(event);
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
