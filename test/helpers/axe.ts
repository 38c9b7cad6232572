/**
 * An accessibility check of a page open in the test Chromium (test/helpers/browser.ts), by axe-core run
 * inside the page. axe's source is injected as an inline script, never loaded by URL, so a report page still
 * makes no network request while it is checked.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

// The callback given to page.evaluate runs in the page, where the injected script defines `axe`; the
// project compiles without the DOM library, so both globals are declared here, loosely.
declare const axe: { run(context: unknown, options: RunOptions): Promise<AxeResults> };
declare const document: unknown;

/** AXE_RULE_TAGS are the axe rule sets the check runs: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
export const AXE_RULE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] as const;

/** BLOCKING_IMPACTS are the impacts a report must not have: axe's two worst. */
const BLOCKING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

/** TARGETS_SHOWN is how many of a violation's elements its line names. */
const TARGETS_SHOWN = 3;

/** AxeViolation is one axe rule a page breaks, with the elements that break it. */
export interface AxeViolation {
  /** axe's rule id, e.g. `color-contrast`. */
  rule: string;
  impact: 'serious' | 'critical';
  /** axe's one-sentence statement of the rule, e.g. `Elements must meet minimum color contrast ratio thresholds`. */
  help: string;
  /** The CSS selector of every element that breaks the rule. */
  targets: string[];
  /** What axe found wrong with the first element, e.g. the contrast it measured and the colours. */
  detail: string;
  /** The violation in one readable line: page label, rule, impact, help, the first few targets and the detail. */
  line: string;
}

let axeSource: string | undefined;

/** axeScript returns axe-core's minified source, read once from node_modules. */
function axeScript(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** formatViolation turns one of axe's results into an AxeViolation, its line prefixed with `label`. */
function formatViolation(label: string, result: AxeResults['violations'][number]): AxeViolation {
  const targets = result.nodes.map((node) => node.target.map(String).join(' '));
  const first = result.nodes[0];
  const detail = (first ? [...first.any, ...first.all, ...first.none].map((check) => check.message).find(Boolean) ?? '' : '').replace(/\s+/g, ' ').trim();
  const shown = targets.slice(0, TARGETS_SHOWN).join(', ') + (targets.length > TARGETS_SHOWN ? `, and ${targets.length - TARGETS_SHOWN} more` : '');
  const impact = result.impact as AxeViolation['impact'];
  return { rule: result.id, impact, help: result.help, targets, detail, line: `${label}: ${result.id} (${impact}) ${result.help} at ${shown}${detail ? ` (${detail})` : ''}` };
}

/**
 * checkAccessibility injects axe-core into the page, runs the WCAG 2.x A/AA rules and best practices
 * (AXE_RULE_TAGS) on the whole document, and returns the serious and critical violations, each labelled
 * with `label` (e.g. `report.html dark desktop`) in its line.
 */
export async function checkAccessibility(page: Page, label: string): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeScript() });
  const options: RunOptions = { runOnly: { type: 'tag', values: [...AXE_RULE_TAGS] }, resultTypes: ['violations'] };
  const results = await page.evaluate((runOptions) => axe.run(document, runOptions), options);
  return results.violations.filter((result) => BLOCKING_IMPACTS.includes(result.impact ?? null)).map((result) => formatViolation(label, result));
}

/** assertAccessible fails, listing each violation on its own line, when axe finds a serious or critical violation on the page. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  const violations = await checkAccessibility(page, label);
  assert.equal(violations.length, 0, `${violations.length} serious or critical accessibility violation(s):\n${violations.map((violation) => violation.line).join('\n')}`);
}
