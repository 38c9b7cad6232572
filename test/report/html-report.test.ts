import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markQuotes, renderHtmlReport } from '../../src/report/index.js';
import { pureReportInput, syntheticComparison } from './pure-fixture.js';

const idsOf = (page: string) => new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]));

test('renderHtmlReport escapes every text from the scorecard, so on-screen markup stays text', () => {
  const input = pureReportInput();
  input.scorecard.criteria[0]!.rationale = '<script>alert("x")</script> & more';
  input.scorecard.issues[0]!.title = '<img src=x onerror=alert(1)>';
  const page = renderHtmlReport(input);
  assert.equal(page.match(/<script/g), null);
  assert.equal(page.includes('<img src=x'), false);
  assert.ok(page.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more'));
  assert.ok(page.includes('Error: &lt;config&gt; &amp; &quot;name&quot; isn&#39;t set'));
});

test('renderHtmlReport links each evidence to a frame the page holds, and leaves unknown frames unlinked', () => {
  const page = renderHtmlReport(pureReportInput());
  const ids = idsOf(page);
  const targets = [...page.matchAll(/href="#(frame-\d+)"/g)].map((match) => match[1]!);
  assert.ok(targets.length >= 6, `expected evidence, issue and filmstrip links, got ${targets.length}`);
  for (const target of targets) assert.ok(ids.has(target), `${target} has no element`);
  assert.equal(page.includes('#frame-99'), false);
  assert.match(page, /Frame 99/);
  for (const criterion of pureReportInput().scorecard.criteria) assert.ok(ids.has(`criterion-${criterion.id}`));
});

test('renderHtmlReport embeds each frame once in full and once as a thumbnail, and loads nothing from outside', () => {
  const page = renderHtmlReport(pureReportInput());
  for (const number of [1, 2, 3]) {
    assert.equal(page.split(`FULL${number}"`).length - 1, 1);
    assert.equal(page.split(`THUMB${number}"`).length - 1, 1);
  }
  assert.doesNotMatch(page, /(src|href)="(https?:)?\/\//);
  // url(#…) names a pattern inside the page (the timeline's hatching); any other url() would load something.
  assert.doesNotMatch(page, /<link\s|@import|url\((?!#)/);
  for (const image of page.match(/<img [^>]*>/g)!) assert.match(image, /alt="[^"]+"/);
});

test('renderHtmlReport shows the scores, the bars and the judge with its cost and tokens', () => {
  const page = renderHtmlReport(pureReportInput({ minScore: 5 }));
  assert.match(page, /<span class="value fair">6\.0/);
  assert.match(page, /style="width:85%"/);
  assert.match(page, /aria-label="Accessibility: not assessed"/);
  assert.match(page, /gpt-test-vision/);
  assert.match(page, /\$0\.04/);
  assert.match(page, /12,345 in \(2,000 cached\) · 678 out/);
  assert.match(page, /<h3>Critical \(1\)<\/h3>/);
  assert.match(page, /prefers-color-scheme: dark/);
});

test('renderHtmlReport shows the comparison: verdicts per criterion, failures, changed screens with their images and text diff', () => {
  const comparison = syntheticComparison();
  const images = { 'b.png': 'data:image/png;base64,BASE', 'c.png': 'data:image/png;base64,CURR', 'd.png': 'data:image/png;base64,DIFF' };
  const page = renderHtmlReport(pureReportInput({ comparison: { comparison, images, href: '' } }));
  assert.match(page, /Gate failed/);
  assert.match(page, /<li class="worse">screen &quot;menu &lt;main&gt;&quot; differs<\/li>/);
  assert.match(page, /<td class="number worse">−2\.5<\/td>/);
  assert.match(page, /<td class="number better">\+0\.5<\/td>/);
  for (const name of ['BASE', 'CURR', 'DIFF']) assert.ok(page.includes(`base64,${name}"`), name);
  assert.match(page, /<span class="removed">-old &lt;x&gt;<\/span>/);
  assert.match(page, /<span class="added">\+new &amp; &quot;y&quot;<\/span>/);
  assert.match(page, /Identical in both runs: start\./);
  assert.equal(renderHtmlReport(pureReportInput()).includes('Compared with the baseline'), false);
});

test('renderHtmlReport names what makes the comparison not like for like, escaped', () => {
  const comparison = { ...syntheticComparison(), warnings: ['the baseline recorded another command (baseline: node <a>, current: node b)'] };
  const page = renderHtmlReport(pureReportInput({ comparison: { comparison, images: {}, href: '' } }));
  const section = page.slice(page.indexOf('id="comparison"'));
  assert.match(section, /<h3>Not like for like<\/h3>\s*<ul><li class="neutral">the baseline recorded another command \(baseline: node &lt;a&gt;, current: node b\)<\/li><\/ul>/);
  assert.doesNotMatch(renderHtmlReport(pureReportInput({ comparison: { comparison: syntheticComparison(), images: {}, href: '' } })), /Not like for like/);
});

test('renderHtmlReport links the video relatively, with a comment that it is not embedded', () => {
  const page = renderHtmlReport(pureReportInput({ videoHref: 'recording.mp4' }));
  assert.match(page, /<!-- The video is linked[^>]*not embedded[^>]*-->\s*<video controls preload="metadata"( poster="data:image\/png;base64,[^"]+")? src="recording\.mp4">/);
  assert.equal(renderHtmlReport(pureReportInput()).includes('<video'), false);
});

test('markQuotes marks every occurrence of each quote and escapes the rest', () => {
  assert.equal(markQuotes('a <b> a <b>', ['<b>']).value, 'a <mark>&lt;b&gt;</mark> a <mark>&lt;b&gt;</mark>');
  assert.equal(markQuotes('abcdef', ['bcd', 'cde', '']).value, 'a<mark>bcd</mark><mark>e</mark>f');
  assert.equal(markQuotes('x & y', []).value, 'x &amp; y');
});

test('renderHtmlReport says how the recording ended', () => {
  const input = pureReportInput();
  input.scorecard.run.ended = { endedBy: 'timeout', exitCode: null, signal: 'SIGTERM', stoppedWith: 'SIGTERM' };
  assert.match(renderHtmlReport(input), /<dt>Ended<\/dt><dd>stopped by termaudit with SIGTERM at its time limit<\/dd>/);
});
