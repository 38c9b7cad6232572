/**
 * Sharding like Playwright's `--shard i/n`: each of n machines runs a deterministic share of a pipeline's
 * scenarios, and `termaudit merge` joins their run directories. The split depends only on the scenario
 * names, so every machine computes the same shares without talking to the others.
 */
import { ConfigError } from '../errors.js';

/** Shard is one share of a run: `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** parseShard parses `--shard i/n` (`2/3`: the second of three, 1-based); throws ConfigError naming the value. */
export function parseShard(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new ConfigError(`--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/3 for the second of three shards), got "${value}"`);
  }
  return { index, count };
}

/** formatShard shows a shard as `i/n`. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** compareNames orders by UTF-16 code units: unlike localeCompare it is the same on every machine and locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * selectShard returns the names that belong to `shard`, in their given order: the names are sorted and
 * dealt round-robin (the k-th sorted name goes to shard k mod n + 1), so shares differ in size by at most
 * one, every name lands in exactly one shard, and the split does not depend on the order of the input.
 */
export function selectShard(names: readonly string[], shard: Shard): string[] {
  const sorted = [...new Set(names)].sort(compareNames);
  const chosen = new Set(sorted.filter((_, position) => position % shard.count === shard.index - 1));
  return names.filter((name) => chosen.has(name));
}
