/**
 * The UX scorecard: what `evaluate` concluded, aggregated into one score per criterion and an overall
 * score, with the evidence frames and the issues. `scorecard.json` holds one `Scorecard`; its JSON Schema
 * is `schemas/scorecard.schema.json` (kept in step with these types by a test).
 */
import type { CellRange, IssueSeverity } from '../evaluate/types.js';
import type { FrameGrid } from '../render/raster/layout.js';
import type { RecordingEnd } from '../record/recording-end.js';
export { SCORECARD_FILE_NAME } from '../run-files.js';

/** SCORECARD_VERSION is the version of the scorecard format; it changes when a field changes meaning. */
export const SCORECARD_VERSION = 1;


/** ScorecardRun describes what was audited. */
export interface ScorecardRun {
  /** The run directory (absolute), when the input was a run or a cast inside one. */
  dir?: string;
  /** The recorded command and its arguments (from meta.json), when known. */
  command?: string[];
  cols?: number;
  rows?: number;
  /** Length of the recording in seconds. */
  duration: number;
  /** When the recording started (ISO 8601), when known. */
  recordedAt?: string;
  /** The evaluated input: a cast or a video. */
  input: { path: string; kind: 'cast' | 'video' };
  /** The git commit of the recorded program's working directory, when it is a git checkout. */
  git?: { commit: string; dirty: boolean };
  /** The scenario name, when the run is part of a pipeline. */
  scenario?: string;
  /** The pipeline file that recorded the run (its name and the sha256 of its text), when a pipeline did. */
  pipeline?: PipelineIdentity;
  /**
   * How the recording ended (from meta.json): the program exited by itself (`exit`, with its exit code or
   * the signal that killed it), or termaudit stopped it (`timeout`, `interrupt`, `tape-end`, …, with the
   * signal it sent). Absent for runs recorded before termaudit wrote it.
   */
  ended?: RecordingEnd;
}

/** PipelineIdentity names a pipeline file: its name and the sha256 of its text. */
export interface PipelineIdentity {
  name: string;
  sha256: string;
}

/** ScorecardPrompt names a prompt that was used, exactly (its file's sha256). */
export interface ScorecardPrompt {
  id: string;
  title: string;
  weight: number;
  sha256: string;
}

/** ScorecardJudge describes who scored and what it cost. */
export interface ScorecardJudge {
  name: 'openai' | 'heuristic';
  model: string;
  baseURL?: string;
  /** The profile whose prompts and criteria were asked (`tui`), when one was. */
  profile?: string;
  /** Independent answers per prompt. */
  samples: number;
  prompts: ScorecardPrompt[];
  calls: number;
  failedCalls: number;
  fromCache: number;
  tokens: { input: number; cachedInput: number; output: number };
  costUsd: number;
}

/** PromptScore is one prompt's say on a criterion. */
export interface PromptScore {
  prompt: string;
  /** False when this prompt's judge found the criterion not applicable. Absent in scorecards written before applicability existed: applicable. */
  applicable?: boolean;
  /** Median over samples, or null when this prompt's judge did not assess it. */
  score: number | null;
  /** max − min over the samples of this prompt. */
  spread: number;
  /** The judge's estimate of how far this score could move between recordings (the heuristic judge's); absent for a model. */
  noise?: number;
  /** The prompt's weight × the criterion's weight in that prompt. */
  weight: number;
}

/**
 * ScorecardEvidence is an evidence frame with the quoted on-screen text and the prompt that cited it, and
 * where on the frame it is: `cells` on the frame's grid (ScorecardFrame.grid), `verified` false when the
 * quote does not occur on that frame (reports flag it and draw nothing). Cells and `verified` are absent
 * for frames without a screen state (a video's) and in scorecards written before they existed.
 */
export interface ScorecardEvidence {
  frame: number;
  quote: string;
  prompt: string;
  cells?: CellRange[];
  /** What the cells mark when not just the quote (`low contrast`). */
  mark?: string;
  verified?: boolean;
}

/** IssueLocation is where an issue shows on one frame: its quote and cells there (see ScorecardEvidence). */
export interface IssueLocation {
  frame: number;
  quote?: string;
  cells?: CellRange[];
  mark?: string;
  verified?: boolean;
}

/** CriterionScore is one criterion over every prompt that scores it. */
export interface CriterionScore {
  id: string;
  title: string;
  /** Sum of the prompts' weights for this criterion (see PromptScore.weight): its weight in the overall score. */
  weight: number;
  /**
   * False when the criterion does not apply to the program (every prompt that answered says so): its score
   * is null, the rationale gives the reason, and it counts in no overall score, gate or compare verdict.
   * Absent in scorecards written before applicability existed: applicable.
   */
  applicable?: boolean;
  /** Weighted mean of the prompts' scores (1–10, one decimal kept), or null when not applicable or no prompt assessed it. */
  score: number | null;
  /** Spread across samples: the largest sample spread among the prompts (the judge's own noise). */
  sampleSpread: number;
  /**
   * How far the score could move between two recordings of the same program: the largest noise estimate
   * among the prompts that scored it (the heuristic judge's, from its measures). Absent when the judge gives
   * none (a model, whose noise is sampleSpread) and in scorecards written before it existed. compare allows
   * for the larger of this and sampleSpread.
   */
  noise?: number;
  /** Spread across prompts: max − min of the prompts' scores. */
  promptSpread: number;
  prompts: PromptScore[];
  /** The rationale of the prompt with the largest weight (the first such). */
  rationale: string;
  evidence: ScorecardEvidence[];
}

/** ScorecardIssue is an issue as reported by one or more prompts/samples, deduplicated. */
export interface ScorecardIssue {
  severity: IssueSeverity;
  title: string;
  recommendation: string;
  /** Frames where it shows (sorted, unique). */
  frames: number[];
  /** Where on those frames it shows, when an answer quoted the screen (one per frame and quote). */
  locations?: IssueLocation[];
  /** Prompts that reported it. */
  prompts: string[];
  /** How many answers reported it (ranks issues of equal severity). */
  count: number;
}

/** ScorecardFrame is one evaluated frame. */
export interface ScorecardFrame {
  number: number;
  /** Seconds since the recording started. */
  time: number;
  label: string;
  /** The PNG, relative to the scorecard's directory. */
  file: string;
  /** sha256 of the PNG. */
  hash: string;
  width: number;
  height: number;
  /** Where the character grid sits in the PNG, for frames of a cast: reports draw evidence cells with it. */
  grid?: FrameGrid;
  /** The screen text, for frames of a cast. */
  text?: string;
}

/** Scorecard is the content of scorecard.json. */
export interface Scorecard {
  version: typeof SCORECARD_VERSION;
  createdAt: string;
  tool: { name: 'termaudit'; version: string };
  /** False when some judge calls failed: the scores rest on fewer answers than asked for. */
  complete: boolean;
  run: ScorecardRun;
  judge: ScorecardJudge;
  overall: {
    /**
     * Weighted mean of the assessed criteria's scores, capped by the worst of them (see overallCap in
     * build-scorecard.ts and the rules in index.ts), or null when none was assessed.
     */
    score: number | null;
    /** The criterion whose low score capped `score`; absent when the mean stands. */
    cappedBy?: string;
    /** The weighted mean before the cap; present only with `cappedBy`. */
    mean?: number;
    /** Weighted mean of the criteria's sample spreads. */
    spread: number;
    /** Criteria with a score / not applicable / all criteria. */
    assessed: number;
    /** Absent in scorecards written before applicability existed. */
    notApplicable?: number;
    criteria: number;
  };
  criteria: CriterionScore[];
  /** Ranked: severity first (critical, major, minor), then count, then title. */
  issues: ScorecardIssue[];
  frames: ScorecardFrame[];
  warnings: string[];
}
