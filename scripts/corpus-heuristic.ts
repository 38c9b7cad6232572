/**
 * `npm run corpus:heuristic`: the heuristic judge over every cast of the real-world corpus
 * (test/fixtures/corpus), every shipped prompt: the score of each criterion and the issues per program.
 * The corpus test (test/corpus/heuristic-corpus.test.ts) asserts on a subset; this prints the whole.
 */
import { corpusCasts } from '../test/corpus/corpus-manifest.js';
import { auditCorpusCast } from '../test/corpus/corpus-heuristic.js';

const only = new Set(process.argv.slice(2));
for (const entry of corpusCasts()) {
  if (only.size > 0 && !only.has(entry.id)) continue;
  const audit = await auditCorpusCast(entry.castPath);
  console.log(`== ${entry.id} (${entry.program} ${entry.version})`);
  console.log(Object.entries(audit.scores).map(([id, score]) => `${id} ${score ?? '–'}`).join(' · '));
  for (const issue of audit.issues) console.log(`  [${issue.severity}] ${issue.title}`);
  console.log(`  last frame ${audit.lastFrame.number}: ${audit.lastFrame.reason}`);
}
