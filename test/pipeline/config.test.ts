import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { loadPipeline, parsePipelineText, type PathKind } from '../../src/pipeline/config.js';
import { fixturePath, repoRoot } from '../helpers/paths.js';
import { aliasBombLines } from '../helpers/yaml-bomb.js';
import { pretestDefaults } from '../../src/pretest/index.js';
import { resolveRecordSettings } from '../../src/record/record-settings.js';
import { resolveRenderSettings } from '../../src/render/render-settings.js';
import { resolveSampleSettings } from '../../src/sample/sample-settings.js';

/** A pipeline file's directory with the paths the inline texts below point at. */
const dir = '/audits';
const file = join(dir, 'audit.yaml');
const tree: Record<string, PathKind> = {
  '/audits': 'directory',
  '/audits/app': 'directory',
  '/audits/tapes/login.tape': 'file',
  '/audits/prompts/clarity.md': 'file',
};
const pathKind = (path: string): PathKind => tree[path];
const env = { HOME: '/home/user', PIPELINE_TOKEN: 's3cr3t-token', PLAIN: 'plain-value' };

/** Parses an inline pipeline as if it were /audits/audit.yaml, over the small tree above. */
function parse(text: string, environment: NodeJS.ProcessEnv = env) {
  return parsePipelineText(text, file, { env: environment, cwd: '/work', pathKind });
}

/** Returns the lines of the ConfigError `action` throws. */
async function problemsOf(action: () => unknown): Promise<string[]> {
  try {
    await action();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.exitCode, 1);
    return error.message.split('\n');
  }
  assert.fail('expected a ConfigError');
}

test('the shipped demo pipeline loads: two short runs of the built-in demo, the second with a low-contrast palette', async () => {
  const pipeline = await loadPipeline(join(repoRoot, 'pipeline', 'demo.yaml'), { env: {} });
  assert.equal(pipeline.name, 'demo');
  assert.deepEqual(
    pipeline.scenarios.map((scenario) => scenario.name),
    ['healthy', 'low-contrast'],
  );
  const [healthy, poor] = pipeline.scenarios;
  assert.equal(healthy.cwd, repoRoot.replace(/\/$/, ''));
  assert.deepEqual(healthy.command, ['node', 'bin/termaudit.js', 'demo', '--speed', '4', '--seed', '1']);
  assert.deepEqual(poor.command.slice(-2), ['--palette', 'low-contrast']);
  assert.ok(existsSync(join(healthy.cwd, healthy.command[1])), 'the demo is run from the repository root');
  for (const scenario of pipeline.scenarios) {
    assert.deepEqual(scenario.pretest && (scenario.pretest.automationArgs ?? pretestDefaults.automationArgs), ['--automation']);
    assert.equal(scenario.evaluate.judge, 'auto');
    // Heuristic contrast: 6 for the healthy demo, 1 for the low-contrast palette.
    assert.deepEqual(scenario.gate.minScores, { contrast: 4 });
  }
});

test('the shipped self-audit pipeline loads and renders a committed cast with render itself', async () => {
  const pipeline = await loadPipeline(join(repoRoot, 'pipeline', 'self-audit.yaml'), { env: { TMPDIR: '/tmp/x' } });
  assert.equal(pipeline.name, 'self-audit');
  const [scenario] = pipeline.scenarios;
  assert.deepEqual(scenario.command.slice(0, 3), ['node', 'bin/termaudit.js', 'render']);
  assert.ok(existsSync(join(scenario.cwd, scenario.command[3])), `the cast ${scenario.command[3]} is committed`);
  assert.equal(scenario.command[5], '/tmp/x/termaudit-self-audit/showcase.mp4');
  assert.ok(scenario.pretest && (scenario.pretest.automationArgs ?? pretestDefaults.automationArgs).includes('--automation'), 'render is pre-tested in its automation mode');
  assert.equal(scenario.evaluate.profile, 'cli', 'a renderer is a line-oriented command: no multi-agent criteria');
});

test('scenario keys override defaults, mappings merged key by key, paths taken from the file', async () => {
  const pipeline = await loadPipeline(fixturePath('pipeline', 'merge.yaml'), {
    cwd: '/work',
    env: { PIPELINE_TOKEN: 'tok-123', PIPELINE_EXTRA: 'extra-456' },
  });
  assert.equal(pipeline.name, 'merge');
  assert.equal(pipeline.outRoot, '/work/out/runs');
  assert.match(pipeline.sha256, /^[0-9a-f]{64}$/);
  const [first, second] = pipeline.scenarios;
  const fixtures = fixturePath();
  assert.deepEqual(first.command, ['node', 'app.js', '--port', '8080']);
  assert.equal(first.cwd, fixtures);
  assert.equal(first.tape, fixturePath('tapes', 'vhs-style.tape'));
  assert.deepEqual(first.env, { SHARED: 'shared-default', API_TOKEN: 'tok-123' });
  assert.deepEqual(first.record, { cols: 100, rows: 30, timeoutMs: 90_000 });
  assert.deepEqual(first.pretest, { automationArgs: ['--automation'], timeoutMs: 120_000, stuckAfterMs: 60_000 });
  assert.deepEqual(first.render, { formats: ['mp4', 'gif'], theme: 'dracula', idleTimeLimit: 1.5 });
  assert.deepEqual(first.evaluate, {
    judge: 'heuristic',
    samples: 3,
    maxCost: 0.25,
    prompts: [join(repoRoot, 'prompts', 'visual-clarity.md')],
  });
  assert.deepEqual(first.sample, { frames: 6, strategies: ['changes', 'markers'] });
  assert.deepEqual(first.gate, { minScores: { contrast: 4, overall: 5 }, maxDrop: 0.5, baseline: fixturePath('pipeline', 'baselines', 'merge') });

  assert.equal(second.description, 'overrides');
  assert.deepEqual(second.command, ['node', 'app.js', 'a b']);
  assert.equal(second.cwd, fixturePath('pipeline'));
  assert.deepEqual(second.env, { SHARED: 'shared-default', API_TOKEN: 'tok-123', EXTRA: 'extra-456' });
  assert.deepEqual([second.record.cols, second.record.rows], [100, 40]);
  assert.deepEqual(second.pretest, { automationArgs: ['--automation'], mode: 'smoke', forMs: 45_000, timeoutMs: 120_000, stuckAfterMs: 60_000 });
  assert.deepEqual(second.render.formats, ['webm']);
  assert.equal(second.render.theme, 'dracula');
  assert.equal(second.evaluate.judge, 'openai');
  assert.equal(second.evaluate.baseURL, 'http://127.0.0.1:9/v1');
  assert.equal(second.evaluate.samples, 3);
  assert.deepEqual(second.gate.minScores, { contrast: 6, overall: 5 });
  assert.equal(second.gate.pairwise, true);
});

test('gate.rescoreBaseline is a boolean of the gate, as pairwise is', () => {
  const pipeline = parse('scenarios:\n  - name: plain\n    command: htop\n    gate: { rescoreBaseline: true }\n');
  assert.equal(pipeline.scenarios[0].gate.rescoreBaseline, true);
  assert.throws(() => parse('scenarios:\n  - name: plain\n    command: htop\n    gate: { rescoreBaseline: yes please }\n'), /gate\.rescoreBaseline/);
});

test("a minimal scenario leaves every setting to its stage's defaults and the pipeline is named after its file", () => {
  const pipeline = parse('scenarios:\n  - name: plain\n    command: htop\n');
  assert.equal(pipeline.name, 'audit');
  assert.equal(pipeline.path, file);
  assert.equal(pipeline.outRoot, '/work/recordings');
  assert.deepEqual(pipeline.scenarios[0], {
    name: 'plain',
    command: ['htop'],
    cwd: '/work',
    env: {},
    secrets: [],
    record: {},
    pretest: false,
    render: {},
    sample: {},
    evaluate: {},
    gate: {},
  });
  // The stages' resolvers give the documented defaults.
  const [plain] = pipeline.scenarios;
  assert.deepEqual([resolveRecordSettings(plain.record).cols, resolveRecordSettings(plain.record).rows], [120, 36]);
  assert.deepEqual(resolveRenderSettings(plain.render).formats, ['mp4']);
  assert.deepEqual(resolveSampleSettings(plain.sample), { frames: 12, strategies: ['changes'] });
});

test('pretest: true turns the pretest on with its defaults, and false in a scenario turns off the one of defaults', () => {
  const pipeline = parse(
    'defaults:\n  pretest: { timeout: 30s }\nscenarios:\n  - { name: a, command: x, pretest: true }\n  - { name: b, command: x, pretest: false }\n  - { name: c, command: x }\n',
  );
  assert.deepEqual(
    pipeline.scenarios.map((scenario) => scenario.pretest),
    [{ timeoutMs: 30_000 }, false, { timeoutMs: 30_000 }],
  );
});

test('strings in command, env and cwd expand ${VAR} and ${VAR:-default}; $${ stays literal', () => {
  const pipeline = parse(
    [
      'scenarios:',
      '  - name: expand',
      '    command: [tool, "--home=${HOME}", "${UNSET_VAR:-fallback}", "$${HOME}"]',
      '    cwd: ${APP_DIR:-app}',
      '    env: { PLAIN: "${PLAIN}", EMPTY: "${EMPTY_VAR:-}" }',
    ].join('\n'),
  );
  const [scenario] = pipeline.scenarios;
  assert.deepEqual(scenario.command, ['tool', '--home=/home/user', 'fallback', '${HOME}']);
  assert.equal(scenario.cwd, '/audits/app');
  assert.deepEqual(scenario.env, { PLAIN: 'plain-value', EMPTY: '' });
  assert.deepEqual(scenario.secrets, []);
});

test('an unset variable without a default is reported at the line of its key', async () => {
  const problems = await problemsOf(() => parse('scenarios:\n  - name: a\n    command: x\n    env:\n      URL: "${MISSING_URL}"\n'));
  assert.deepEqual(problems, [
    '/audits/audit.yaml:5:7: scenarios[0].env.URL: environment variable MISSING_URL is not set (set it, or write ${MISSING_URL:-default})',
  ]);
});

test('values from secret-looking variables, listed ones and secret-named env keys become the scenario secrets', () => {
  const pipeline = parse(
    [
      'defaults:',
      '  env: { AUTH: "${PIPELINE_TOKEN}" }',
      'scenarios:',
      '  - name: a',
      '    command: [tool, "--user=${PLAIN}"]',
      '    secrets: [PLAIN]',
      '    env: { DB_PASSWORD: literal-password, HOME_DIR: "${HOME}" }',
    ].join('\n'),
  );
  assert.deepEqual(
    pipeline.scenarios[0].secrets.map((secret) => `${secret.name}=${secret.value}`).sort(),
    ['DB_PASSWORD=literal-password', 'PIPELINE_TOKEN=s3cr3t-token', 'PLAIN=plain-value'],
  );
  assert.deepEqual(parse('scenarios:\n  - { name: b, command: "tool ${HOME}" }\n').scenarios[0].secrets, []);
});

test('an unknown key is reported with file, line, column, key path and the keys allowed there', async () => {
  const problems = await problemsOf(() => parse('scenarios:\n  - name: a\n    command: x\n    render: { formats: [mp4], colour: red }\n'));
  assert.deepEqual(problems, ['/audits/audit.yaml:4:31: scenarios[0].render.colour: unknown key (allowed here: theme, fontSize, lineHeight, letterSpacing, geometry, padding, width, height, fit, margin, marginFill, windowBar, windowBarSize, borderRadius, fps, speed, idleTimeLimit, lastFrame, formats)']);
});

test('a value of the wrong type is reported with what was expected and what was found', async () => {
  const problems = await problemsOf(() => parse('scenarios:\n  - name: a\n    command: x\n    terminal:\n      cols: wide\n'));
  assert.deepEqual(problems, ['/audits/audit.yaml:5:7: scenarios[0].terminal.cols: must be a number (got "wide")']);
});

test('evaluate.price is the judge setting --price is: read by the same rule, a bad one reported at its key', async () => {
  const pipeline = parse('scenarios:\n  - name: a\n    command: x\n    evaluate: { model: my-vlm, maxCost: 1, price: { input: 2, cachedInput: 0.5, output: 8 } }\n  - name: b\n    command: x\n    evaluate: { price: { input: 0.1, output: 0.4 } }\n');
  assert.deepEqual(pipeline.scenarios[0]!.evaluate, { model: 'my-vlm', maxCost: 1, price: { input: 2, cachedInput: 0.5, output: 8 } });
  // cachedInput left out: cached tokens cost the input price.
  assert.deepEqual(pipeline.scenarios[1]!.evaluate.price, { input: 0.1, cachedInput: 0.1, output: 0.4 });
  const problems = await problemsOf(() => parse('scenarios:\n  - name: a\n    command: x\n    evaluate:\n      price: { input: 2 }\n'));
  assert.deepEqual(problems, ['/audits/audit.yaml:5:7: scenarios[0].evaluate.price: must be US dollars per 1M tokens as in=<USD>,cached=<USD>,out=<USD> or { input, cachedInput, output } (cached may be left out), e.g. in=2,cached=0.5,out=8 (got {"input":2})']);
});

test('evaluate.requests is the judge setting --requests is: per-prompt or combined, anything else reported at its key', async () => {
  const pipeline = parse('scenarios:\n  - name: a\n    command: x\n    evaluate: { requests: combined, samples: 3 }\n');
  assert.deepEqual(pipeline.scenarios[0]!.evaluate, { requests: 'combined', samples: 3 });
  const problems = await problemsOf(() => parse('scenarios:\n  - name: a\n    command: x\n    evaluate:\n      requests: together\n'));
  assert.deepEqual(problems, ['/audits/audit.yaml:5:7: scenarios[0].evaluate.requests: must be one of per-prompt, combined (got "together")']);
});

test('a missing tape and a missing prompt file are reported at their keys', async () => {
  const problems = await problemsOf(() =>
    parse('scenarios:\n  - name: a\n    command: x\n    tape: tapes/logout.tape\n    evaluate:\n      prompts: [prompts/clarity.md, prompts/typo.md]\n'),
  );
  assert.equal(problems.length, 2);
  assert.match(problems[0], /^\/audits\/audit\.yaml:4:5: scenarios\[0\]\.tape: tape \/audits\/tapes\/logout\.tape not found/);
  assert.match(problems[1], /^\/audits\/audit\.yaml:6:37: scenarios\[0\]\.evaluate\.prompts\[1\]: prompt file \/audits\/prompts\/typo\.md not found/);
});

test('two scenarios with the same name are reported at the second one', async () => {
  const problems = await problemsOf(() => parse('scenarios:\n  - name: same\n    command: x\n  - name: same\n    command: y\n'));
  assert.deepEqual(problems, ['/audits/audit.yaml:4:5: scenarios[1].name: duplicate scenario name "same" (also scenarios[0].name): names must be unique']);
});

test('a bad duration is reported with examples of good ones', async () => {
  const problems = await problemsOf(() => parse('defaults:\n  pretest:\n    stuckAfter: a while\nscenarios:\n  - { name: a, command: x }\n'));
  assert.deepEqual(problems, ['/audits/audit.yaml:3:5: defaults.pretest.stuckAfter: must be a duration such as 90s, 2m, 1m30s or 500ms (got "a while")']);
});

test('a name that is not kebab-case and smoke mode without a duration are reported', async () => {
  const problems = await problemsOf(() => parse('defaults:\n  pretest: { mode: smoke }\nscenarios:\n  - { name: Bad_Name, command: x }\n  - { name: ok, command: x }\n  - { name: ok2, command: x }\n'));
  assert.equal(problems.length, 2);
  assert.match(problems[0], /^\/audits\/audit\.yaml:2:14: defaults\.pretest\.mode: smoke mode needs `for: <duration>`/);
  assert.match(problems[1], /^\/audits\/audit\.yaml:4:7: scenarios\[0\]\.name: must be kebab-case/);
});

test('every problem of a file is reported together in one error, in file order', async () => {
  const problems = await problemsOf(() => loadPipeline(fixturePath('pipeline', 'many-errors.yaml'), { env: {} }));
  const where = problems.map((line) => line.replace(/^.*many-errors\.yaml:(\d+:\d+): ([^:]+):.*$/, '$1 $2'));
  assert.deepEqual(where, [
    '3:3 defaults.timeout',
    '4:23 defaults.render.formats[0]',
    '8:5 scenarios[0].tape',
    '9:5 scenarios[0].colour',
    '10:5 scenarios[1].name',
    '11:5 scenarios[1].command',
  ]);
  assert.ok(problems.every((line) => line.startsWith(fixturePath('pipeline', 'many-errors.yaml'))));
});

test('a YAML syntax error is located, and an empty file says what it needs', async () => {
  const syntax = await problemsOf(() => parse('scenarios:\n  - name: a\n    command: [x\n  - name: b\n'));
  assert.ok(syntax.length >= 1);
  assert.match(syntax[0], /^\/audits\/audit\.yaml:\d+:\d+: YAML syntax error: /);
  const duplicateKey = await problemsOf(() => parse('scenarios:\n  - name: a\n    name: b\n    command: x\n'));
  assert.match(duplicateKey[0], /^\/audits\/audit\.yaml:3:5: YAML syntax error: Map keys must be unique/);
  assert.match((await problemsOf(() => parse('')))[0], /^\/audits\/audit\.yaml:1:1: .*the file is empty/);
});

test('an alias bomb and an alias without its anchor are one located problem each, not a crash', async () => {
  const bomb = await problemsOf(() => parse(`${aliasBombLines().join('\n')}\nscenarios: [*f]\n`));
  assert.equal(bomb.length, 1, bomb.join('\n'));
  assert.match(bomb[0]!, /^\/audits\/audit\.yaml:7:13: the alias \*f expands to \d+ values, too many to read \(the YAML reader refuses alias bombs\); write the values out or nest fewer aliases$/);

  const unresolved = await problemsOf(() => parse('scenarios:\n  - name: a\n    command: *missing\n'));
  assert.deepEqual(unresolved, ['/audits/audit.yaml:3:14: the alias *missing has no anchor &missing before it']);
});

test('a pipeline file that does not exist is one ConfigError naming it', async () => {
  const problems = await problemsOf(() => loadPipeline('/nonexistent/pipeline.yaml'));
  assert.deepEqual(problems, ['pipeline file not found: /nonexistent/pipeline.yaml (write one with termaudit init)']);
});

test('evaluate takes a profile, shipped prompts by id and criterion switches; a wrong one is located', async () => {
  const config = parse(
    [
      'defaults:',
      '  evaluate:',
      '    profile: tui',
      '    criteria: { voting: off, contrast: { weight: 2 } }',
      'scenarios:',
      '  - name: a',
      '    command: x',
      '    evaluate:',
      '      prompts: [visual-clarity, prompts/clarity.md]',
      '      criteria: { progress: on }',
    ].join('\n'),
  );
  const evaluate = config.scenarios[0]!.evaluate;
  assert.equal(evaluate.profile, 'tui');
  assert.deepEqual(evaluate.prompts, ['visual-clarity', '/audits/prompts/clarity.md']);
  // Switches of defaults and of the scenario merge key by key.
  assert.deepEqual(evaluate.criteria, { voting: 'off', contrast: { weight: 2 }, progress: 'on' });
  const problems = await problemsOf(() => parse('scenarios:\n  - name: a\n    command: x\n    evaluate:\n      profile: web\n      criteria: { voting: loud }\n'));
  assert.deepEqual(problems, [
    '/audits/audit.yaml:5:7: scenarios[0].evaluate.profile: must be one of multi-agent, tui, cli (got "web")',
    '/audits/audit.yaml:6:19: scenarios[0].evaluate.criteria.voting: must be "off" or "on" or a boolean or a mapping (got "loud")',
  ]);
  const unknown = await problemsOf(() => parse('scenarios:\n  - name: a\n    command: x\n    evaluate:\n      prompts: [visual-clarty]\n'));
  assert.equal(unknown.length, 1);
  assert.match(unknown[0]!, /^\/audits\/audit\.yaml:5:17: scenarios\[0\]\.evaluate\.prompts\[0\]: no shipped prompt "visual-clarty" \(shipped: coordination, information-organization, interaction, status-indicators, user-experience, visual-clarity\); a prompt file of your own is named by its path, e\.g\. \.\/visual-clarty\.md$/);
});
