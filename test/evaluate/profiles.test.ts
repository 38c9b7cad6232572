/**
 * Profiles and criterion switches: which shipped prompts and criteria an evaluation asks, shipped prompts
 * named by id, and the README of prompts/ in step with the profiles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { parseCriterionFlag, PROFILES, PROFILE_NAMES, promptFileOf, selectPrompts, shippedPromptIds } from '../../src/evaluate/profiles.js';
import { DEFAULT_PROMPTS_DIR } from '../../src/evaluate/prompts.js';
import { isHeuristicCriterion } from '../../src/evaluate/heuristic/scoring.js';

const criteriaOf = (prompts: Awaited<ReturnType<typeof selectPrompts>>) => prompts.flatMap((prompt) => prompt.criteria.map((criterion) => criterion.id));

test('every profile names shipped prompts, and its switched-off criteria belong to them', async () => {
  const shipped = await shippedPromptIds();
  for (const name of PROFILE_NAMES) {
    const profile = PROFILES[name];
    for (const id of profile.prompts) assert.ok(shipped.includes(id), `${name}: ${id} is not shipped`);
    const prompts = await selectPrompts({ profile: name });
    assert.deepEqual(prompts.map((prompt) => prompt.id), profile.prompts.filter((id) => prompts.some((prompt) => prompt.id === id)));
    for (const id of profile.off) assert.ok(!criteriaOf(prompts).includes(id), `${name} asks ${id}`);
    // The offline judge can answer every criterion a profile asks.
    for (const id of criteriaOf(prompts)) assert.ok(isHeuristicCriterion(id), `${name}: the heuristic judge does not score ${id}`);
  }
});

test('the profiles pick the criteria that fit each kind of program', async () => {
  const multiAgent = criteriaOf(await selectPrompts({}));
  assert.ok(multiAgent.includes('voting') && multiAgent.includes('coordination-phases'), 'the default is multi-agent');
  const tui = criteriaOf(await selectPrompts({ profile: 'tui' }));
  for (const id of ['voting', 'coordination-phases', 'agent-states', 'phase-transitions', 'winner-selection']) assert.ok(!tui.includes(id), `tui asks ${id}`);
  for (const id of ['keyboard-discoverability', 'responsiveness', 'contrast', 'layout']) assert.ok(tui.includes(id), `tui lacks ${id}`);
  const cli = criteriaOf(await selectPrompts({ profile: 'cli' }));
  for (const id of ['voting', 'agent-states', 'phase-transitions', 'winner-selection', 'keyboard-discoverability']) assert.ok(!cli.includes(id), `cli asks ${id}`);
  for (const id of ['progress', 'error-visibility', 'error-recovery', 'scrolling']) assert.ok(cli.includes(id), `cli lacks ${id}`);
});

test('criterion switches turn criteria off and on and reweight them; a prompt left with none is dropped', async () => {
  const prompts = await selectPrompts({ profile: 'cli', criteria: { contrast: { weight: 2 }, 'agent-states': 'on', 'coordination-phases': 'off' } as never }).catch((error: Error) => error);
  assert.ok(prompts instanceof ConfigError, 'coordination is not in the cli profile, so switching it is a typo');
  assert.match(prompts.message, /no criterion "coordination-phases" in the prompts of this evaluation/);
  const selected = await selectPrompts({ profile: 'cli', criteria: { contrast: { weight: 2 }, 'agent-states': 'on', progress: 'off' } });
  const all = selected.flatMap((prompt) => prompt.criteria);
  assert.equal(all.find((criterion) => criterion.id === 'contrast')!.weight, 2);
  assert.ok(all.some((criterion) => criterion.id === 'agent-states'));
  assert.ok(!all.some((criterion) => criterion.id === 'progress'));
  // Switching off both coordination criteria drops the coordination prompt; it is not asked at all.
  const noCoordination = await selectPrompts({ profile: 'multi-agent', criteria: { voting: 'off', 'coordination-phases': 'off' } });
  assert.ok(!noCoordination.some((prompt) => prompt.id === 'coordination'));
  await assert.rejects(selectPrompts({ prompts: ['coordination'], criteria: { voting: 'off', 'coordination-phases': 'off' } }), /every criterion is switched off/);
});

test('shipped prompts go by id and files by path; an unknown id names the shipped ones', async () => {
  assert.equal(await promptFileOf('visual-clarity', 'x'), join(DEFAULT_PROMPTS_DIR, 'visual-clarity.md'));
  assert.equal(await promptFileOf('./mine.md', 'x'), './mine.md');
  await assert.rejects(promptFileOf('visual-clarty', 'pipeline.yaml: evaluate.prompts'), (error: Error) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /^pipeline\.yaml: evaluate\.prompts: no shipped prompt "visual-clarty" \(shipped: coordination, information-organization, interaction, status-indicators, user-experience, visual-clarity\)/);
    return true;
  });
  const picked = await selectPrompts({ prompts: ['user-experience', 'visual-clarity'] });
  assert.deepEqual(picked.map((prompt) => prompt.id), ['user-experience', 'visual-clarity']);
});

test('--criterion values read as off, on or a weight', () => {
  assert.deepEqual(parseCriterionFlag('voting=off'), ['voting', 'off']);
  assert.deepEqual(parseCriterionFlag('progress=on'), ['progress', 'on']);
  assert.deepEqual(parseCriterionFlag('contrast=2.5'), ['contrast', { weight: 2.5 }]);
  for (const bad of ['contrast=0', 'contrast=-1', 'Contrast=off', 'contrast', 'contrast=loud']) assert.equal(parseCriterionFlag(bad), undefined, bad);
});

test('prompts/README.md lists every profile with its prompts and switched-off criteria', () => {
  const readme = readFileSync(join(DEFAULT_PROMPTS_DIR, 'README.md'), 'utf8');
  for (const name of PROFILE_NAMES) {
    const profile = PROFILES[name];
    const row = `| \`${name}\` | ${profile.fits} | ${profile.prompts.map((id) => `\`${id}\``).join(', ')} | ${profile.off.length > 0 ? profile.off.map((id) => `\`${id}\``).join(', ') : '–'} |`;
    assert.ok(readme.includes(row), `prompts/README.md has no up-to-date row for ${name}:\n${row}`);
  }
});
