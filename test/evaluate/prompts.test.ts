import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { DEFAULT_PROMPTS_DIR, loadPrompt, loadPrompts, parsePromptText } from '../../src/evaluate/prompts.js';
import { fixturePath, repoRoot } from '../helpers/paths.js';
import { aliasBombLines } from '../helpers/yaml-bomb.js';

const SHIPPED_CRITERIA: Record<string, string[]> = {
  coordination: ['coordination-phases', 'voting'],
  'information-organization': ['layout', 'density', 'streaming', 'scrolling'],
  interaction: ['keyboard-discoverability', 'responsiveness', 'error-recovery'],
  'status-indicators': ['agent-states', 'progress', 'phase-transitions', 'winner-selection'],
  'user-experience': ['feedback', 'error-visibility', 'cognitive-load', 'hierarchy'],
  'visual-clarity': ['contrast', 'colors', 'font-rendering', 'ansi-handling', 'spacing'],
};

/** The text of a body's `### \`id\` — Title` section, up to the next heading. */
function criterionSection(body: string, id: string): string | undefined {
  const start = body.indexOf(`### \`${id}\``);
  if (start === -1) return undefined;
  const next = body.slice(start + 4).search(/^#{1,3} /m);
  return next === -1 ? body.slice(start) : body.slice(start, start + 4 + next);
}

/** Runs `action` and returns the message of the ConfigError it throws. */
async function configErrorOf(action: () => unknown): Promise<string> {
  try {
    await action();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

test('the default prompts folder is the repository prompts folder', () => {
  assert.equal(DEFAULT_PROMPTS_DIR, join(repoRoot, 'prompts'));
});

test('loadPrompts loads every shipped prompt sorted by file name, with the criterion ids the heuristic judge maps onto', async () => {
  const prompts = await loadPrompts();
  assert.deepEqual(
    prompts.map((prompt) => prompt.id),
    Object.keys(SHIPPED_CRITERIA).sort(),
  );
  for (const prompt of prompts) {
    assert.deepEqual(
      prompt.criteria.map((criterion) => criterion.id),
      SHIPPED_CRITERIA[prompt.id],
      prompt.id,
    );
    assert.ok(prompt.weight > 0);
    assert.ok(isAbsolute(prompt.path));
    assert.equal(prompt.path, join(DEFAULT_PROMPTS_DIR, `${prompt.id}.md`));
    assert.equal(prompt.sha256, createHash('sha256').update(readFileSync(prompt.path, 'utf8')).digest('hex'));
    for (const criterion of prompt.criteria) {
      assert.ok(criterion.weight > 0, criterion.id);
      assert.ok(criterion.description.length > 20, criterion.id);
    }
  }
});

test('every shipped criterion has its own rubric section with its title and the 2, 5, 8 and 10 anchors', async () => {
  for (const prompt of await loadPrompts()) {
    for (const criterion of prompt.criteria) {
      const section = criterionSection(prompt.body, criterion.id);
      assert.ok(section, `${prompt.id}: no "### \`${criterion.id}\`" section`);
      assert.ok(section.includes(criterion.title), `${prompt.id}/${criterion.id}: title "${criterion.title}" missing`);
      for (const anchor of ['2', '5', '8', '10']) {
        assert.ok(section.includes(`- **${anchor}**:`), `${prompt.id}/${criterion.id}: anchor ${anchor} missing`);
      }
    }
  }
});

test('every shipped prompt tells the judge what the frames are and how to cite evidence and report issues', async () => {
  for (const prompt of await loadPrompts()) {
    for (const phrase of ['Frame N · mm:ss.s', 'Score only what is visible', 'quoted exactly', 'critical', 'major', 'minor', 'recommendation', 'not applicable', '`applicable` false']) {
      assert.ok(prompt.body.includes(phrase), `${prompt.id}: "${phrase}" missing`);
    }
    assert.ok(!prompt.body.startsWith('---'), `${prompt.id}: the body still holds the front matter`);
  }
});

test('loadPrompt fills in default weights and trims the body', async () => {
  const prompt = await loadPrompt(fixturePath('prompts', 'minimal.md'));
  assert.equal(prompt.id, 'minimal');
  assert.equal(prompt.weight, 1);
  assert.deepEqual(prompt.criteria, [
    { id: 'readability', title: 'Readability', weight: 1, description: 'The text on screen can be read.' },
  ]);
  assert.ok(prompt.body.startsWith('### `readability`'));
  assert.ok(prompt.body.endsWith('**10**: effortless.'));
});

test('parsePromptText reads CRLF files and stores the path as absolute', () => {
  const text = '---\r\nid: crlf\r\ntitle: CRLF\r\nweight: 2.5\r\ncriteria:\r\n  - id: a\r\n    title: A\r\n    weight: 3\r\n    description: d\r\n---\r\n\r\nBody.\r\n';
  const prompt = parsePromptText(text, 'prompts/crlf.md');
  assert.equal(prompt.weight, 2.5);
  assert.equal(prompt.criteria[0].weight, 3);
  assert.equal(prompt.body, 'Body.');
  assert.equal(prompt.path, join(process.cwd(), 'prompts', 'crlf.md'));
});

test('a missing prompt file is a ConfigError naming it', async () => {
  const path = fixturePath('prompts', 'does-not-exist.md');
  assert.equal(await configErrorOf(() => loadPrompt(path)), `${path}: prompt file not found`);
});

test('a file without front matter is rejected with a hint to start with ---', async () => {
  const message = await configErrorOf(() => loadPrompt('test/fixtures/prompts/no-front-matter.md'));
  assert.match(message, /^test\/fixtures\/prompts\/no-front-matter\.md:1: a prompt file must start with `---` front matter/);
});

test('front matter that is never closed is rejected', async () => {
  const message = await configErrorOf(() => parsePromptText('---\nid: x\ntitle: X\n', 'x.md'));
  assert.match(message, /^x\.md:1: the front matter opened here is never closed by a `---` line$/);
});

test('a YAML syntax error is reported on its line of the file', async () => {
  const message = await configErrorOf(() => loadPrompt('test/fixtures/prompts/yaml-syntax-error.md'));
  assert.equal(message, 'test/fixtures/prompts/yaml-syntax-error.md:4: YAML syntax error: Nested mappings are not allowed in compact mappings');
});

test('an alias bomb in the front matter is reported on its line of the file, not a crash', async () => {
  const text = `---\nid: bomb\ntitle: Bomb\n${aliasBombLines().join('\n')}\ncriteria: *f\n---\nbody\n`;
  const message = await configErrorOf(() => parsePromptText(text, 'bomb.md'));
  assert.match(message, /^bomb\.md:10: the alias \*f expands to \d+ values, too many to read \(the YAML reader refuses alias bombs\); write the values out or nest fewer aliases$/);
});

test('an unknown key is reported with its key path and line', async () => {
  const message = await configErrorOf(() => loadPrompt('test/fixtures/prompts/unknown-key.md'));
  assert.match(message, /^test\/fixtures\/prompts\/unknown-key\.md:8: criteria\[0\]\.colour: unknown key \(allowed: id, title, weight, description\)$/);
});

test('a criterion id that is not kebab-case is reported with the value received', async () => {
  const message = await configErrorOf(() => loadPrompt('test/fixtures/prompts/bad-criterion-id.md'));
  assert.match(message, /^test\/fixtures\/prompts\/bad-criterion-id\.md:8: criteria\[1\]\.id: must be kebab-case.*\(got "Bad Id"\)$/);
});

test('a criterion id used twice in one prompt is reported at the second use', async () => {
  const message = await configErrorOf(() => loadPrompt('test/fixtures/prompts/duplicate-criterion-id.md'));
  assert.equal(
    message,
    'test/fixtures/prompts/duplicate-criterion-id.md:8: criteria[1].id: duplicate criterion id "contrast" (also criteria[0].id)',
  );
});

test('every problem of a file is reported together in one error, in line order', async () => {
  const message = await configErrorOf(() => loadPrompt('test/fixtures/prompts/many-problems.md'));
  const lines = message.split('\n');
  const at = (line: number, text: string) =>
    assert.ok(lines.some((entry) => entry.startsWith(`test/fixtures/prompts/many-problems.md:${line}: ${text}`)), `${line}: ${text}\n${message}`);
  at(2, 'id: must be kebab-case');
  at(3, 'title: must not be empty');
  at(4, 'weight: must be greater than 0 (got 0)');
  at(9, 'criteria[0].colour: unknown key');
  at(10, 'criteria[1].description: is required');
  at(10, 'criteria[1].id: duplicate criterion id "a"');
  at(13, 'the prompt has no body');
  assert.equal(lines.length, 7);
  const numbers = lines.map((line) => Number(/:(\d+): /.exec(line)?.[1]));
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
});

test('empty front matter and an empty criteria list are reported', async () => {
  assert.match(await configErrorOf(() => parsePromptText('---\n---\nBody.', 'x.md')), /^x\.md:1: front matter: is empty/);
  assert.match(
    await configErrorOf(() => parsePromptText('---\nid: x\ntitle: X\ncriteria: []\n---\nBody.', 'x.md')),
    /^x\.md:4: criteria: must list at least one criterion$/,
  );
});

test('a wrongly typed value names the type expected and the value received', async () => {
  const text = '---\nid: x\ntitle: X\ncriteria:\n  - id: a\n    title: A\n    weight: "2"\n    description: d\n---\nBody.';
  assert.equal(await configErrorOf(() => parsePromptText(text, 'x.md')), 'x.md:7: criteria[0].weight: must be a number (got "2")');
});

test('loadPrompts rejects two files that declare the same prompt id, naming both', async () => {
  const first = fixturePath('prompts', 'minimal.md');
  const second = fixturePath('prompts', 'same-id-as-minimal.md');
  const message = await configErrorOf(() => loadPrompts([first, second]));
  assert.ok(message.includes('duplicate prompt id "minimal"'), message);
  assert.ok(message.includes(first) && message.includes(second), message);
});

test('loadPrompts reports the problems of every failing file together', async () => {
  const message = await configErrorOf(() =>
    loadPrompts([fixturePath('prompts', 'minimal.md'), fixturePath('prompts', 'unknown-key.md'), fixturePath('prompts', 'bad-criterion-id.md')]),
  );
  assert.ok(message.includes('unknown-key.md:8:'), message);
  assert.ok(message.includes('bad-criterion-id.md:8:'), message);
});

test('loadPrompts keeps the order of the paths it is given', async () => {
  const prompts = await loadPrompts([join(DEFAULT_PROMPTS_DIR, 'visual-clarity.md'), fixturePath('prompts', 'minimal.md')]);
  assert.deepEqual(
    prompts.map((prompt) => prompt.id),
    ['visual-clarity', 'minimal'],
  );
});
