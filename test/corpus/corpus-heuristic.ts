/**
 * Runs the heuristic judge over a corpus cast the way `termaudit evaluate --judge heuristic` does: sample the
 * frames (default settings), answer every shipped prompt, and keep what a corpus check looks at: the
 * score of each criterion, the issues raised, and the evidence cited from the last frame (the screen the
 * user last saw). Shared by test/corpus/heuristic-corpus.test.ts and scripts/corpus-heuristic.ts.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHeuristicJudge } from '../../src/evaluate/heuristic/index.js';
import { judgeFramesOf } from '../../src/evaluate/judge-frames.js';
import { loadPrompts } from '../../src/evaluate/prompts.js';
import type { Evidence, JudgeIssue } from '../../src/evaluate/types.js';
import { sample } from '../../src/sample/index.js';
import { makeTempDir } from '../helpers/paths.js';

/** CorpusAudit is what the heuristic judge said of one cast over the shipped prompts. */
export interface CorpusAudit {
  /** Score per criterion id (null when not measured). */
  scores: Record<string, number | null>;
  /** Issues of every prompt, each once (prompts share problems). */
  issues: JudgeIssue[];
  /** Evidence of every criterion, with the criterion id. */
  evidence: Array<Evidence & { criterion: string }>;
  /** Number of the last sampled frame, its reason, and its screen text. */
  lastFrame: { number: number; reason: string; text: string };
  /** Every sampled frame's text, by number. */
  frameTexts: Map<number, string>;
}

/** auditCorpusCast samples a cast and answers every shipped prompt with the heuristic judge. */
export async function auditCorpusCast(castPath: string): Promise<CorpusAudit> {
  const out = join(makeTempDir('termaudit-corpus-audit-'), 'sample');
  try {
    const sampled = await sample(castPath, { out });
    const frames = await judgeFramesOf(sampled.frames, sampled.source.theme);
    const judge = createHeuristicJudge({ castPath });
    const scores: CorpusAudit['scores'] = {};
    const issues = new Map<string, JudgeIssue>();
    const evidence: CorpusAudit['evidence'] = [];
    for (const prompt of await loadPrompts()) {
      const { answer } = await judge.judge({ prompt, frames, sample: 0 });
      for (const [id, criterion] of Object.entries(answer.criteria)) {
        scores[id] = criterion.score;
        for (const item of criterion.evidence) evidence.push({ ...item, criterion: id });
      }
      for (const issue of answer.issues) issues.set(`${issue.severity} ${issue.title}`, issue);
    }
    const last = sampled.frames.at(-1)!;
    return {
      scores,
      issues: [...issues.values()],
      evidence,
      lastFrame: { number: last.number, reason: last.reason, text: last.text ?? '' },
      frameTexts: new Map(sampled.frames.map((frame) => [frame.number, frame.text ?? ''])),
    };
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
}
