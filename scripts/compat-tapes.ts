/**
 * `npm run compat:tapes [-- <name> …]`: records every VHS example tape of test/fixtures/vhs-examples (VHS's
 * own examples that need only bash and coreutils, see its manifest.json) exactly as written, with the real
 * CLI, each in a fresh directory, and checks each against VHS's own rules: the terminal's columns and rows,
 * every output's frame size (GIFs and screenshots exact; MP4/WebM padded to even), and the tape's font
 * size. Prints a line per tape and the pass count; exits 1 when any fails. The test
 * (test/tape/vhs-examples.test.ts) records a representative few, to stay fast. Run `npm run build` first.
 */
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { readVhsExamples, recordVhsExample, vhsExampleProblems } from '../test/helpers/vhs-examples.js';

const wanted = process.argv.slice(2);
const { source, tapes } = readVhsExamples();
const chosen = wanted.length === 0 ? tapes : tapes.filter((tape) => wanted.some((name) => tape.path.endsWith(name)));
process.stdout.write(`VHS example tapes from ${source.repo} at ${source.commit.slice(0, 7)} (${source.license}): ${chosen.length}\n`);
let passed = 0;
for (const tape of chosen) {
  const started = performance.now();
  const recorded = await recordVhsExample(tape);
  const problems = await vhsExampleProblems(tape, recorded);
  await rm(recorded.cwd, { recursive: true, force: true });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const grid = `${tape.vhs.width}x${tape.vhs.height} px, ${tape.vhs.cols}x${tape.vhs.rows}`;
  if (problems.length === 0) passed += 1;
  process.stdout.write(`${problems.length === 0 ? 'pass' : 'FAIL'}  ${tape.path.padEnd(44)} ${grid.padEnd(22)} ${seconds} s${problems.length ? `\n      ${problems.join('\n      ')}` : ''}\n`);
}
process.stdout.write(`${passed}/${chosen.length} VHS example tapes record as written at VHS's geometry\n`);
process.exitCode = passed === chosen.length ? 0 : 1;
