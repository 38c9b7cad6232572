/**
 * How far two ways of asking the judge agree (`calibrate --compare-requests`), pure: the same calibration
 * recordings evaluated once with one request per prompt and once with every prompt in one request give two
 * scorecards each; for every criterion that both scored, the scores agree when they are within
 * AGREEMENT_TOLERANCE points. A criterion one way found not applicable and the other scored is counted
 * apart. Together with each way's recall, false alarms and cost, this says whether the cheaper way can
 * stand in for the other on a given model.
 */
import { SCORE_EPSILON } from '../compare/verdicts.js';
import type { RequestMode } from '../evaluate/judge-settings.js';
import { formatUsd } from '../evaluate/models.js';
import type { Scorecard } from '../score/types.js';
import type { JudgeSummary } from './assessment.js';

/** AGREEMENT_TOLERANCE is how many points two scores of a criterion may differ and still agree. */
export const AGREEMENT_TOLERANCE = 1;

/** CriterionAgreement is one criterion's agreement over every recording. */
export interface CriterionAgreement {
  criterion: string;
  /** Recordings on which both ways scored it. */
  compared: number;
  /** Of those, the ones whose scores are within AGREEMENT_TOLERANCE. */
  agreed: number;
  /** Mean of the absolute differences of its scores (0 when none was compared). */
  meanDifference: number;
  /** Recordings on which one way scored it and the other found it not applicable. */
  applicabilityDisagreements: number;
}

/** RequestAgreement is the agreement of two ways of asking over the recordings both evaluated. */
export interface RequestAgreement {
  tolerance: number;
  /** Recordings compared (evaluated both ways). */
  runs: number;
  /** Criterion scores compared, over every recording, and how many agreed. */
  compared: number;
  agreed: number;
  /** agreed / compared (1 when nothing was compared). */
  share: number;
  applicabilityDisagreements: number;
  /** Per criterion, least agreeing first (then by id). */
  byCriterion: CriterionAgreement[];
}

/** RequestComparisonDocument is requests-agreement.json: each way's calibration summary and where it is, and their agreement. */
export interface RequestComparisonDocument {
  version: 1;
  createdAt: string;
  modes: Array<{ requests: RequestMode; summary: JudgeSummary; calibration: string }>;
  agreement: RequestAgreement;
}

/** scoreOf reads a criterion of a scorecard: its score, `n/a`, or undefined when it has no score. */
function scoreOf(scorecard: Scorecard, id: string): number | 'n/a' | undefined {
  const criterion = scorecard.criteria.find((item) => item.id === id);
  if (!criterion) return undefined;
  if (criterion.applicable === false) return 'n/a';
  return criterion.score ?? undefined;
}

/**
 * requestAgreement compares the scorecards of the same recordings (by run name) evaluated two ways:
 * criterion by criterion, the share of scores within AGREEMENT_TOLERANCE points.
 */
export function requestAgreement(first: ReadonlyMap<string, Scorecard>, second: ReadonlyMap<string, Scorecard>): RequestAgreement {
  const byCriterion = new Map<string, CriterionAgreement & { differences: number }>();
  let runs = 0;
  for (const [run, a] of first) {
    const b = second.get(run);
    if (!b) continue;
    runs += 1;
    const ids = [...new Set([...a.criteria, ...b.criteria].map((criterion) => criterion.id))];
    for (const id of ids) {
      const [left, right] = [scoreOf(a, id), scoreOf(b, id)];
      if (left === undefined || right === undefined || (left === 'n/a' && right === 'n/a')) continue;
      let entry = byCriterion.get(id);
      if (!entry) byCriterion.set(id, (entry = { criterion: id, compared: 0, agreed: 0, meanDifference: 0, applicabilityDisagreements: 0, differences: 0 }));
      if (left === 'n/a' || right === 'n/a') {
        entry.applicabilityDisagreements += 1;
        continue;
      }
      const difference = Math.abs(left - right);
      entry.compared += 1;
      entry.differences += difference;
      if (difference <= AGREEMENT_TOLERANCE + SCORE_EPSILON) entry.agreed += 1;
    }
  }
  const criteria = [...byCriterion.values()].map(({ differences, ...entry }) => ({ ...entry, meanDifference: entry.compared > 0 ? Math.round((differences / entry.compared) * 100) / 100 : 0 }));
  const rate = (entry: CriterionAgreement) => (entry.compared > 0 ? entry.agreed / entry.compared : 1);
  criteria.sort((x, y) => rate(x) - rate(y) || y.applicabilityDisagreements - x.applicabilityDisagreements || x.criterion.localeCompare(y.criterion, 'en'));
  const compared = criteria.reduce((total, entry) => total + entry.compared, 0);
  const agreed = criteria.reduce((total, entry) => total + entry.agreed, 0);
  return {
    tolerance: AGREEMENT_TOLERANCE,
    runs,
    compared,
    agreed,
    share: compared > 0 ? agreed / compared : 1,
    applicabilityDisagreements: criteria.reduce((total, entry) => total + entry.applicabilityDisagreements, 0),
    byCriterion: criteria,
  };
}

/** agreementLines words the comparison for a terminal: each way's recall, false alarms and cost, then the agreement, least agreeing criteria first. */
export function agreementLines(document: RequestComparisonDocument): string[] {
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  const { agreement } = document;
  return [
    ...document.modes.map(
      ({ requests, summary }) =>
        `--requests ${requests}: recall ${summary.caught}/${summary.defects}, false alarms ${summary.falseAlarms}/${summary.healthyComparisons}, cost ${formatUsd(summary.costUsd)}${summary.passed ? '' : ' (calibration FAILED)'}`,
    ),
    `agreement: ${agreement.agreed} of ${agreement.compared} criterion scores within ${agreement.tolerance} point${agreement.tolerance === 1 ? '' : 's'} (${percent(agreement.share)}) over ${agreement.runs} recording${agreement.runs === 1 ? '' : 's'}; ${agreement.applicabilityDisagreements} scored one way and not applicable the other`,
    ...agreement.byCriterion.map(
      (entry) => `  ${entry.criterion}: ${entry.agreed}/${entry.compared} within ${agreement.tolerance}, mean difference ${entry.meanDifference}${entry.applicabilityDisagreements > 0 ? `, ${entry.applicabilityDisagreements} applicability` : ''}`,
    ),
  ];
}
