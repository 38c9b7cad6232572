/**
 * Which criteria an evaluation scores: a profile names the shipped prompts and the criteria that fit a
 * kind of program, and criterion switches (`criteria: { voting: off, contrast: { weight: 2 } }`) turn
 * single criteria off or on or reweight them. A prompt is named by its id when it ships with termaudit
 * (`visual-clarity`) and by its path otherwise. `selectPrompts` is the one place where a profile, a
 * prompt list and switches become the prompts a judge is asked; `prompts/README.md` documents the
 * profiles (a test keeps that table in step with PROFILES).
 */
import { readdirSync } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { DEFAULT_PROMPTS_DIR, isPromptFileName, KEBAB_CASE, loadPrompts } from './prompts.js';
import type { RubricPrompt } from './types.js';

/** PROFILE_NAMES are the shipped profiles. */
export const PROFILE_NAMES = ['multi-agent', 'tui', 'cli'] as const;

/** ProfileName names a shipped profile. */
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** CriterionSwitch turns a criterion off, back on (after a profile turned it off), or sets its weight within its prompt. */
export type CriterionSwitch = 'off' | 'on' | { weight: number };

/** Profile is a kind of program and the prompts and criteria that fit it. */
export interface Profile {
  /** What kind of program it fits, one line (shown by `init` and in prompts/README.md). */
  fits: string;
  /** Shipped prompt ids, in the order they are asked. */
  prompts: readonly string[];
  /** Criteria of those prompts that do not fit this kind of program. */
  off: readonly string[];
}

/** PROFILES are the shipped profiles. */
export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  'multi-agent': {
    fits: 'programs where several agents or workers answer, vote and agree on a result (MassGen, the demo)',
    prompts: ['visual-clarity', 'information-organization', 'status-indicators', 'user-experience', 'coordination'],
    off: [],
  },
  tui: {
    fits: 'full-screen programs on the alternate screen, driven by keys (htop, vim, mc, less)',
    prompts: ['visual-clarity', 'information-organization', 'user-experience', 'interaction'],
    off: [],
  },
  cli: {
    fits: 'line-oriented commands that print and exit (git log, ls, a build or deploy tool): progress, errors, results',
    prompts: ['visual-clarity', 'information-organization', 'status-indicators', 'user-experience', 'interaction'],
    off: ['agent-states', 'phase-transitions', 'winner-selection', 'keyboard-discoverability'],
  },
};

/** DEFAULT_PROFILE is the profile used when neither a profile nor prompts are given. */
export const DEFAULT_PROFILE: ProfileName = 'multi-agent';

/** profileRule checks a profile name. */
export const profileRule = z.enum(PROFILE_NAMES, { error: (issue) => `must be one of ${PROFILE_NAMES.join(', ')} (got ${JSON.stringify(issue.input)})` });

/** criterionSwitchRule checks one switch: `off`/`false`, `on`/`true`, or `{ weight: n }` with n > 0. */
export const criterionSwitchRule = z.union([
  z.enum(['off', 'on']),
  z.boolean().transform((value): 'off' | 'on' => (value ? 'on' : 'off')),
  z.strictObject({ weight: z.number().positive({ error: 'must be greater than 0' }) }),
], { error: 'must be off, on, or { weight: <number greater than 0> }' });

/** criteriaRule checks a mapping of criterion ids to switches. */
export const criteriaRule = z.record(
  z.string().regex(KEBAB_CASE, { error: (issue) => `must be a kebab-case criterion id (got ${JSON.stringify(issue.input)})` }),
  criterionSwitchRule,
);

/**
 * parseCriterionFlag reads one `--criterion` value: `voting=off`, `progress=on`, `contrast=2` (a weight).
 * Undefined when it is none of these.
 */
export function parseCriterionFlag(value: string): [string, CriterionSwitch] | undefined {
  const match = /^\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*=\s*(\S+)\s*$/.exec(value);
  if (!match) return undefined;
  const [, id, setting] = match as unknown as [string, string, string];
  if (setting === 'off' || setting === 'on') return [id, setting];
  const weight = Number(setting);
  return Number.isFinite(weight) && weight > 0 ? [id, { weight }] : undefined;
}

/** isShippedPromptId tells a shipped prompt's id (`visual-clarity`) from a path (`./my-rubric.md`). */
export function isShippedPromptId(reference: string): boolean {
  return KEBAB_CASE.test(reference);
}

/** promptIdsOf lists the prompt ids of a prompts folder's file names (each shipped file is named after its id). */
function promptIdsOf(names: readonly string[]): string[] {
  return names.filter(isPromptFileName).map((name) => name.slice(0, -3)).sort();
}

/** shippedPromptIds lists the ids of the prompts shipped in prompts/. */
export async function shippedPromptIds(): Promise<string[]> {
  return promptIdsOf(await readdir(DEFAULT_PROMPTS_DIR).catch(() => [] as string[]));
}

/** shippedPromptIdsSync is shippedPromptIds for the pipeline checks, which run synchronously (one small folder). */
export function shippedPromptIdsSync(): string[] {
  try {
    return promptIdsOf(readdirSync(DEFAULT_PROMPTS_DIR));
  } catch {
    return [];
  }
}

/**
 * promptFileOf turns a prompt reference into a file: a shipped id → its file in prompts/; anything else is
 * a path, returned as given. An id that names no shipped prompt is a ConfigError listing those that exist.
 */
export async function promptFileOf(reference: string, where: string): Promise<string> {
  if (!isShippedPromptId(reference)) return reference;
  const file = join(DEFAULT_PROMPTS_DIR, `${reference}.md`);
  const found = await access(file).then(() => true, () => false);
  if (!found) {
    throw new ConfigError(`${where}: no shipped prompt "${reference}" (shipped: ${(await shippedPromptIds()).join(', ')}); a prompt file of your own is named by its path, e.g. ./${reference}.md`);
  }
  return file;
}

/** PromptSelection is what an evaluation is asked to score. */
export interface PromptSelection {
  /** A shipped profile. @default DEFAULT_PROFILE when no prompts are given */
  profile?: ProfileName;
  /** Prompt ids (shipped) or files; they replace the profile's prompts. */
  prompts?: readonly string[];
  /** Switches applied after the profile's. */
  criteria?: Readonly<Record<string, CriterionSwitch>>;
}

/**
 * applyCriterionSwitches returns the prompts with the switches applied: criteria turned off are left out
 * (the judge is not asked about them), weights replaced; a prompt left with no criteria is dropped. The
 * profile's switches (`profileOff`) apply first and quietly skip criteria the prompts do not have; the
 * user's switches must name a criterion of the prompts (a typo would otherwise switch nothing).
 */
export function applyCriterionSwitches(prompts: readonly RubricPrompt[], profileOff: readonly string[], switches: Readonly<Record<string, CriterionSwitch>>, where: string): RubricPrompt[] {
  const known = new Set(prompts.flatMap((prompt) => prompt.criteria.map((criterion) => criterion.id)));
  const unknown = Object.keys(switches).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ConfigError(`${where}: no criterion "${unknown[0]}" in the prompts of this evaluation (criteria: ${[...known].join(', ')})`);
  }
  const selected: RubricPrompt[] = [];
  for (const prompt of prompts) {
    const criteria = prompt.criteria.flatMap((criterion) => {
      const setting = switches[criterion.id] ?? (profileOff.includes(criterion.id) ? 'off' : 'on');
      if (setting === 'off') return [];
      return [setting === 'on' ? criterion : { ...criterion, weight: setting.weight }];
    });
    if (criteria.length > 0) selected.push({ ...prompt, criteria });
  }
  if (selected.length === 0) throw new ConfigError(`${where}: every criterion is switched off, so there is nothing to score`);
  return selected;
}

/**
 * selectPrompts loads the prompts an evaluation asks: the given prompts (ids or files), else the profile's
 * (DEFAULT_PROFILE when none is named), with the profile's and then the user's criterion switches applied.
 * `where` names the settings in messages: the flags by default, a pipeline's keys (`htop.yaml: scenario htop: evaluate.criteria`).
 */
export async function selectPrompts(selection: PromptSelection, where: { prompts: string; criteria: string } = { prompts: '--prompt', criteria: '--criterion' }): Promise<RubricPrompt[]> {
  const profile = PROFILES[selection.profile ?? DEFAULT_PROFILE];
  const references = selection.prompts !== undefined && selection.prompts.length > 0 ? selection.prompts : profile.prompts;
  const files = await Promise.all(references.map((reference) => promptFileOf(reference, where.prompts)));
  const prompts = await loadPrompts(files);
  return applyCriterionSwitches(prompts, profile.off, selection.criteria ?? {}, where.criteria);
}
