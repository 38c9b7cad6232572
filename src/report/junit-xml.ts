/**
 * The JUnit XML format termaudit writes (a scenario's junit.xml, the run's junit.xml): test cases with an
 * optional failure, skip note and output, grouped in suites, with escaped text and the counts CI
 * dashboards read.
 */
import { escapeMarkup } from './markup.js';

/** JunitCase is one test case. */
export interface JunitCase {
  name: string;
  failure?: { type: string; message: string; detail: string };
  skipped?: string;
  output?: string;
}

/** JunitSuite is one test suite: its cases share a class name. */
export interface JunitSuite {
  name: string;
  classname: string;
  cases: JunitCase[];
  /** Seconds. @default 0 */
  time?: number;
  /** ISO 8601 without the zone, as JUnit wants it. */
  timestamp: string;
}

/** junitTimestamp turns an ISO 8601 time into JUnit's timestamp (no zone suffix). */
export function junitTimestamp(iso: string): string {
  return iso.replace(/Z$|[+-]\d\d:\d\d$/, '');
}

function caseXml(classname: string, testCase: JunitCase): string {
  const inner = [
    testCase.failure ? `      <failure message="${escapeMarkup(testCase.failure.message)}" type="${escapeMarkup(testCase.failure.type)}">${escapeMarkup(testCase.failure.detail)}</failure>` : '',
    testCase.skipped !== undefined ? `      <skipped message="${escapeMarkup(testCase.skipped)}"/>` : '',
    testCase.output ? `      <system-out>${escapeMarkup(testCase.output)}</system-out>` : '',
  ].filter(Boolean);
  const open = `    <testcase classname="${escapeMarkup(classname)}" name="${escapeMarkup(testCase.name)}" time="0"`;
  return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join('\n')}\n    </testcase>`;
}

function counts(cases: readonly JunitCase[]): string {
  const failures = cases.filter((testCase) => testCase.failure).length;
  const skipped = cases.filter((testCase) => testCase.skipped !== undefined).length;
  return `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
}

/** renderJunitXml renders a whole junit.xml document from its suites. */
export function renderJunitXml(name: string, suites: readonly JunitSuite[]): string {
  const all = suites.flatMap((suite) => suite.cases);
  const total = suites.reduce((sum, suite) => sum + (suite.time ?? 0), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeMarkup(name)}" ${counts(all)} time="${total.toFixed(3)}">`,
    ...suites.map(
      (suite) =>
        `  <testsuite name="${escapeMarkup(suite.name)}" ${counts(suite.cases)} time="${(suite.time ?? 0).toFixed(3)}" timestamp="${escapeMarkup(suite.timestamp)}">\n${suite.cases.map((testCase) => caseXml(suite.classname, testCase)).join('\n')}\n  </testsuite>`,
    ),
    '</testsuites>',
    '',
  ].join('\n');
}
