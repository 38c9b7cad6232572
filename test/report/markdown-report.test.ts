import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMarkdown, renderMarkdownReport, scoreBar } from '../../src/report/index.js';
import { pureReportInput, syntheticComparison } from './pure-fixture.js';

test('renderMarkdownReport writes the criteria as a table with one row per criterion', () => {
  const markdown = renderMarkdownReport(pureReportInput({ minScore: 5 }));
  const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
  assert.equal(rows[0], '| Criterion | Score | | Weight | Spread |');
  assert.equal(rows.length, 2 + 4);
  assert.ok(rows.includes('| Clarity &amp; wording | 8.5 | `█████████░` | 1.00 | ±0.5 |'));
  assert.ok(rows.includes('| Error messages | **3.5** ✘ | `████░░░░░░` | 1.00 | ±0.5 |'));
  assert.ok(rows.includes('| Accessibility | — | `░░░░░░░░░░` | 1.00 | ±0.0 |'));
  assert.match(markdown, /^\*\*Overall: 6\.0 \/ 10\*\*/m);
});

test('renderMarkdownReport says which criterion capped the overall score and what the mean was', () => {
  const input = pureReportInput();
  const scorecard = { ...input.scorecard, overall: { ...input.scorecard.overall, score: 5.5, cappedBy: 'contrast', mean: 8.2 } };
  const markdown = renderMarkdownReport({ ...input, scorecard });
  assert.match(markdown, /^\*\*Overall: 5\.5 \/ 10\*\* \(capped by contrast; mean 8\.2\) · /m);
  assert.doesNotMatch(renderMarkdownReport(input), /capped by/);
});

test('renderMarkdownReport links frames relative to the report, and lists issues by severity with recommendations', () => {
  const markdown = renderMarkdownReport(pureReportInput({ scorecardHref: '../run 1/' }));
  assert.match(markdown, /- \[Frame 3 · 00:02\.5\]\(\.\.\/run%201\/sample\/frames\/03\.png\): “Error: &lt;config&gt; &amp; "name" isn't set”/);
  assert.match(markdown, /- Frame 99: “a frame that does not exist”/);
  const issues = markdown.slice(markdown.indexOf('## Issues'));
  assert.ok(issues.indexOf('**critical**') < issues.indexOf('**major**') && issues.indexOf('**major**') < issues.indexOf('**minor**'));
  assert.match(issues, /\*\*critical\*\*: Error gives no fix &lt;none&gt; \(\[Frame 3 · 00:02\.5\]\(\.\.\/run%201\/sample\/frames\/03\.png\)\)\n  Say which "config" key to set &amp; how\./);
  assert.match(markdown, /gpt-test-vision.*12,345 input tokens \(2,000 cached\), 678 output · \$0\.04/);
});

test('renderMarkdownReport adds the comparison table, the failures and the changed screens with links and the text diff', () => {
  const markdown = renderMarkdownReport(pureReportInput({ comparison: { comparison: syntheticComparison(), images: {}, href: '../compare/' } }));
  assert.match(markdown, /✘ \*\*Gate failed\*\*/);
  assert.match(markdown, /^- ✘ screen "menu &lt;main&gt;" differs$/m);
  assert.match(markdown, /^\| Error messages \| 6\.0 \| 3\.5 \| −2\.5 \| ▼ dropped ✘ \|$/m);
  assert.match(markdown, /\[diff\]\(\.\.\/compare\/d\.png\)/);
  assert.match(markdown, /  ```diff\n  -old <x>\n  \+new & "y"\n  ```/);
  assert.doesNotMatch(markdown, /\*\*start\*\*/);
});

test('renderMarkdownReport names what makes the comparison not like for like', () => {
  const comparison = { ...syntheticComparison(), warnings: ['the baseline was recorded in another terminal size (baseline: 80×24, current: 120×36): layouts and screens are not like for like'] };
  const markdown = renderMarkdownReport(pureReportInput({ comparison: { comparison, images: {}, href: '' } }));
  const section = markdown.slice(markdown.indexOf('Gate failed'));
  assert.match(section, /^Not like for like:\n\n- ⚠ the baseline was recorded in another terminal size \(baseline: 80×24, current: 120×36\): layouts and screens are not like for like$/m);
});

test('escapeMarkdown keeps table cells and emphasis intact', () => {
  assert.equal(escapeMarkdown('a | b *c* [d](e) <f>\nnext'), 'a \\| b \\*c\\* \\[d\\](e) &lt;f&gt; next');
  assert.equal(scoreBar(7.4), '███████░░░');
  assert.equal(scoreBar(null), '░░░░░░░░░░');
});

test('renderMarkdownReport says how the recording ended', () => {
  const input = pureReportInput();
  input.scorecard.run.ended = { endedBy: 'exit', exitCode: 1, signal: null };
  assert.match(renderMarkdownReport(input), /· exited with code 1 ·|· exited with code 1$/m);
});
