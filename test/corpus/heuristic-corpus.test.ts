import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAST_ALTERNATE_REASON } from '../../src/sample/frame-planner.js';
import { auditCorpusCast } from './corpus-heuristic.js';
import { corpusCasts } from './corpus-manifest.js';

// The whole corpus takes about 10 s on one core (scripts/corpus-heuristic.ts prints the same audit).
for (const entry of corpusCasts()) {
  test(`the heuristic judge raises no major or critical issue on ${entry.id} (${entry.program}), and cites what the user last saw`, async () => {
    const audit = await auditCorpusCast(entry.castPath);
    const serious = audit.issues.filter((issue) => issue.severity !== 'minor');
    assert.deepEqual(serious.map((issue) => `[${issue.severity}] ${issue.title}`), [], `${entry.id}: ${entry.note}`);

    assert.notEqual(audit.lastFrame.text.trim(), '', `${entry.id}: the last frame is blank`);
    // A full-screen program quits at the end of its tape: its last frame is its last screen, not the shell's.
    if (entry.kind === 'tui') assert.equal(audit.lastFrame.reason, LAST_ALTERNATE_REASON, entry.id);
    assert.ok(audit.evidence.some((item) => item.frame === audit.lastFrame.number), `${entry.id}: no criterion cites the last frame`);
    for (const item of audit.evidence) {
      assert.notEqual(item.quote.trim(), '', `${entry.id}: ${item.criterion} quotes an empty string`);
      assert.ok(audit.frameTexts.get(item.frame)!.includes(item.quote), `${entry.id}: ${item.criterion} quotes "${item.quote}", not on frame ${item.frame}`);
    }
  });
}

test('vim\'s E492 in the corpus is an error the heuristic judge sees, painted apart from the text', async () => {
  const entry = corpusCasts().find((candidate) => candidate.expectedText.some((text) => text.includes('E492')));
  assert.ok(entry, 'the corpus has a vim session with E492');
  const audit = await auditCorpusCast(entry.castPath);
  assert.equal(audit.scores['error-visibility'], 9);
});
