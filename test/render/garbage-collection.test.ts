import assert from 'node:assert/strict';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { test } from 'node:test';
import { collectGarbage } from '../../src/render/garbage-collection.js';

test('collectGarbage runs a full (major) collection', async () => {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const kinds = entries.map((entry) => (entry as unknown as { detail?: { kind: number } }).detail?.kind);
  assert.ok(kinds.includes(constants.NODE_PERFORMANCE_GC_MAJOR), `gc kinds seen: ${kinds.join(', ')}`);
});
