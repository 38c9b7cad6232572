/**
 * Issue 16: VHS's own example tapes record as written, at VHS's geometry. The fixtures are VHS's examples
 * that need only bash and coreutils (test/fixtures/vhs-examples, with their source and licence); every one
 * is recorded by `npm run compat:tapes`. Here a representative few are recorded with the real CLI: an odd
 * height at a large font, an odd width, an `Env` line, a margin and a window bar, a screenshot, and a
 * `Hide`/`Show`, each checked against the columns, rows and frame sizes VHS's rules give, and three
 * against golden screens.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readVhsExamples, recordVhsExample, VHS_EXAMPLES_DIR, vhsExample, vhsExampleProblems } from '../helpers/vhs-examples.js';

test('the VHS example fixtures are the files the manifest names, unchanged, with their licence', () => {
  const { source, tapes } = readVhsExamples();
  assert.match(source.commit, /^[0-9a-f]{40}$/);
  assert.equal(source.license, 'MIT');
  assert.match(readFileSync(join(VHS_EXAMPLES_DIR, source.licenseFile), 'utf8'), /MIT License/);
  assert.equal(tapes.length, 33);
  for (const tape of tapes) {
    const text = readFileSync(join(VHS_EXAMPLES_DIR, tape.path));
    assert.equal(createHash('sha256').update(text).digest('hex'), tape.sha256, tape.path);
    assert.doesNotMatch(text.toString('utf8'), /^Set Shell (?!"?bash)/m, `${tape.path} needs only bash`);
  }
});

const recordedHere = ['commands/alt.tape', 'settings/width.tape', 'decorations/decorations.tape'];

// Recordings spend most of their time in the tapes' sleeps: two at a time.
describe('VHS example tapes', { concurrency: 2 }, () => {
for (const name of recordedHere) {
  test(`VHS's ${name} records as written, with VHS's terminal grid and frame size`, async () => {
    const example = vhsExample(name);
    const recorded = await recordVhsExample(example);
    assert.deepEqual(await vhsExampleProblems(example, recorded), []);
  });
}

const goldens: Array<[string, string]> = [
  ['env/env.tape', 'env.txt'],
  ['screenshot.tape', 'screenshot.txt'],
  ['commands/hide.tape', 'hide.txt'],
];

for (const [name, golden] of goldens) {
  test(`VHS's ${name} shows the golden screens after its commands (VHS's prompt, its wrapping at VHS's columns)`, async () => {
    const example = vhsExample(name);
    const recorded = await recordVhsExample(example, ['--golden', join(VHS_EXAMPLES_DIR, 'goldens', golden)]);
    assert.equal(recorded.run.code, 0, recorded.run.stderr);
    assert.deepEqual(await vhsExampleProblems(example, recorded), []);
    if (name === 'screenshot.tape') assert.ok(existsSync(join(recorded.cwd, 'examples', 'hello_world.png')), 'the screenshot is where the tape says');
    // The tape's end hangs the terminal up: what bash prints as it goes (a new line) is not recorded, so
    // the last frame shows what the tape left on the screen, as VHS's last frame does.
    const outputs = readFileSync(join(recorded.out, 'session.cast'), 'utf8').trim().split('\n').slice(1).map((line) => JSON.parse(line) as [number, string, string]);
    assert.doesNotMatch(outputs.filter(([, type]) => type === 'o').at(-1)![2], /\r\n$/);
  });
}
});
