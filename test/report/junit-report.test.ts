import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJunitReport } from '../../src/report/index.js';
import { pureReportInput, syntheticComparison } from './pure-fixture.js';
import { assertWellFormed } from '../helpers/xml.js';

const count = (xml: string, pattern: RegExp) => (xml.match(pattern) ?? []).length;

test('renderJunitReport writes one test case per criterion, skipped when not assessed, never failing without --min-score', () => {
  const xml = renderJunitReport({ scorecard: pureReportInput().scorecard });
  assertWellFormed(xml);
  assert.equal(count(xml, /<testcase /g), 4);
  assert.equal(count(xml, /<failure /g), 0);
  assert.equal(count(xml, /<skipped /g), 1);
  assert.match(xml, /<testsuites name="termaudit" tests="4" failures="0" errors="0" skipped="1"/);
  assert.match(xml, /name="Clarity &amp; wording \(clarity\)"/);
});

test('renderJunitReport fails the criteria below --min-score', () => {
  const xml = renderJunitReport({ scorecard: pureReportInput().scorecard, minScore: 6.5 });
  assertWellFormed(xml);
  assert.equal(count(xml, /<failure /g), 2);
  assert.match(xml, /<failure message="score 3\.5 is below --min-score 6\.5"/);
  assert.match(xml, /<failure message="score 6\.0 is below --min-score 6\.5"/);
});

test('renderJunitReport adds a gate suite: the gate, each score comparison and each screen, failing where the comparison failed', () => {
  const xml = renderJunitReport({ scorecard: pureReportInput().scorecard, comparison: syntheticComparison() });
  assertWellFormed(xml);
  const gates = xml.slice(xml.indexOf('<testsuite name="termaudit.gates"'));
  assert.match(gates, /^<testsuite name="termaudit.gates" tests="6" failures="4" errors="0" skipped="0"/);
  // The gate case leads with the failures by kind; its detail lists them one by one.
  assert.match(gates, /name="compare gate"[^]*?<failure message="quality gate failed: 2 scores dropped against the baseline, 1 screen changed beyond the allowed difference" type="termaudit.gates">overall dropped by 1\.0\n/);
  assert.match(gates, /name="screen menu &lt;main&gt;"[^]*?<failure message="5 pixels differ \(5\.00%\), the text changed"/);
  assert.match(xml, /<testsuites name="termaudit" tests="10" failures="4"/);
});

test('renderJunitReport drops characters XML cannot hold, such as escape codes', () => {
  const input = pureReportInput();
  input.scorecard.criteria[0]!.rationale = 'red \u001b[31mtext\u001b[0m \u0000';
  const xml = renderJunitReport({ scorecard: input.scorecard });
  assertWellFormed(xml);
  assert.match(xml, /red \[31mtext\[0m /);
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
});
