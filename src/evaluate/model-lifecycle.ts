/**
 * The lifecycle of the model an evaluation is about to use, read from the source: the server's list-models
 * entry (its `shutdown_date`), cached for a day, with termaudit's registry as the fallback when the server
 * has no such endpoint, does not know the model or cannot be reached. checkModelLifecycle warns and refuses
 * from it, before any call: every path that sends a request to a vision model (an evaluation, compare's
 * re-scoring of a baseline, its pairwise judge) calls it first.
 */
import { ConfigError } from '../errors.js';
import { lifecycleOf, shutdownRefusal, shutdownWarning, type ModelLifecycle } from './models.js';
import { ModelInfoCache, modelInfoCacheDirectory } from './model-info-cache.js';
import { defaultCacheDirectory } from './response-cache.js';
import { retrieveServerModel, type VisionConnection } from './vision-model.js';

/** LifecycleSettings are what the lookup needs: the connection, and whether and where to cache. */
export interface LifecycleSettings extends VisionConnection {
  /** Cache the server's answer for a day. @default true */
  cache?: boolean;
  /** The response cache's directory; the model entries go in its `model-info/`. @default defaultCacheDirectory() */
  cacheDir?: string;
}

/** LifecycleReading is a model's lifecycle, where it was read, and the one warning of a failed lookup. */
export interface LifecycleReading {
  lifecycle: ModelLifecycle;
  /** `server` (asked now), `cache` (asked within the day), `registry` (the server said nothing usable). */
  readFrom: 'server' | 'cache' | 'registry';
  /** Why the server's entry could not be read, when it could not (then the registry stands in). */
  warning?: string;
}

/**
 * readModelLifecycle returns the lifecycle of `settings.model`: from the day-old cache, else from the
 * server (then cached), else from the registry with one warning line. It never throws for the server or
 * the cache; only an interrupt (`signal`) does.
 */
export async function readModelLifecycle(settings: LifecycleSettings, options: { signal?: AbortSignal; now?: number } = {}): Promise<LifecycleReading> {
  const now = options.now ?? Date.now();
  const cache = settings.cache === false ? undefined : new ModelInfoCache(modelInfoCacheDirectory(settings.cacheDir ?? defaultCacheDirectory()));
  const cached = await cache?.get(settings.baseURL, settings.model, now);
  if (cached) return { lifecycle: lifecycleOf(settings.model, cached.entry), readFrom: 'cache' };
  const lookup = await retrieveServerModel(settings, options.signal);
  if ('unavailable' in lookup) {
    return {
      lifecycle: lifecycleOf(settings.model),
      readFrom: 'registry',
      warning: `could not read model "${settings.model}" from ${settings.baseURL}/models (${lookup.unavailable}): its shutdown date is taken from termaudit's registry`,
    };
  }
  // A cache that cannot be written costs one more lookup tomorrow, nothing else.
  await cache?.set(settings.baseURL, settings.model, lookup.entry, now).catch(() => {});
  return { lifecycle: lifecycleOf(settings.model, lookup.entry), readFrom: 'server' };
}

/** LifecycleCheck is a model's lifecycle, once it is known not to be shut down, and the lines to warn with. */
export interface LifecycleCheck {
  lifecycle: ModelLifecycle;
  /** Why the server's entry could not be read, then the shutdown within SHUTDOWN_WARNING_DAYS; each one line. */
  warnings: string[];
}

/**
 * checkModelLifecycle reads `settings.model`'s lifecycle (readModelLifecycle) and throws a ConfigError
 * (exit 1) naming the replacement when its shutdown date has come, so that no call is sent; otherwise it
 * returns the warnings: a lookup that fell back to the registry, a shutdown within 90 days.
 */
export async function checkModelLifecycle(settings: LifecycleSettings, options: { signal?: AbortSignal; today?: Date } = {}): Promise<LifecycleCheck> {
  const today = options.today ?? new Date();
  const reading = await readModelLifecycle(settings, { signal: options.signal });
  const refusal = shutdownRefusal(reading.lifecycle, today);
  if (refusal) throw new ConfigError(refusal);
  const shutdown = shutdownWarning(reading.lifecycle, today);
  return { lifecycle: reading.lifecycle, warnings: [...(reading.warning ? [reading.warning] : []), ...(shutdown ? [shutdown] : [])] };
}
