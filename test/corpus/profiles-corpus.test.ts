/**
 * Profiles on the real-world corpus: each program, evaluated offline with the profile of its kind, gets
 * the criteria that fit it, every one of them either scored or not applicable with a reason, and none of
 * the multi-agent criteria. Under the multi-agent profile, the multi-agent criteria are not applicable on
 * every one of these programs rather than scored 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureRecording } from '../../src/evaluate/heuristic/index.js';
import { heuristicAnswer } from '../../src/evaluate/heuristic/answer.js';
import { selectPrompts } from '../../src/evaluate/profiles.js';
import { corpusCasts } from './corpus-manifest.js';

const MULTI_AGENT_ONLY = ['coordination-phases', 'voting', 'agent-states', 'phase-transitions'];

for (const entry of corpusCasts()) {
  test(`${entry.id}: the ${entry.kind} profile scores what applies and says why the rest does not`, async () => {
    const measures = await measureRecording({ castPath: entry.castPath });
    const prompts = await selectPrompts({ profile: entry.kind });
    const verdicts = prompts.flatMap((prompt) => Object.entries(heuristicAnswer(prompt, measures, []).criteria));
    const ids = verdicts.map(([id]) => id);
    for (const id of MULTI_AGENT_ONLY) assert.ok(!ids.includes(id), `${entry.kind} asks ${id}`);
    for (const [id, answer] of verdicts) {
      if (answer.applicable === false) assert.match(answer.rationale, /^[A-Z].{15,}\.$/, id);
      else assert.ok(answer.score !== null, `${id} neither scored nor not applicable: ${answer.rationale}`);
    }
    const applicable = verdicts.filter(([, answer]) => answer.applicable !== false).length;
    assert.ok(applicable >= 10, `only ${applicable} criteria apply`);
    if (entry.kind === 'tui') {
      const keys = verdicts.find(([id]) => id === 'keyboard-discoverability')![1];
      assert.notEqual(keys.applicable, false, 'a full-screen program is driven by keys');
      // The tape's keys are in the cast, so how fast the program answered them is measured.
      const responsiveness = verdicts.find(([id]) => id === 'responsiveness')![1];
      assert.ok(responsiveness.applicable !== false && responsiveness.score! >= 6, responsiveness.rationale);
    }

    const multiAgent = await selectPrompts({ profile: 'multi-agent' });
    const coordination = multiAgent.find((prompt) => prompt.id === 'coordination')!;
    const answer = heuristicAnswer(coordination, measures, []);
    for (const id of ['coordination-phases', 'voting']) assert.equal(answer.criteria[id]!.applicable, false, `${id}: ${answer.criteria[id]!.rationale}`);
  });
}
