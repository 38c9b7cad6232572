/** calibration.html: the calibration table and the judge's record as a self-contained page, in the reports' styles. */
import { html } from '../report/markup.js';
import { documentHead, scrollableRegion } from '../report/report-styles.js';
import { CALIBRATION_COLUMNS, calibrationRow, summaryLines } from './calibration-table.js';
import type { CalibrationDocument } from './assessment.js';

/** renderCalibrationHtml renders calibration.json's content as a page. */
export function renderCalibrationHtml(document: CalibrationDocument): string {
  const { summary } = document;
  const page = html`${documentHead(`termaudit calibration: ${summary.judge} ${summary.model}`)}
<main>
<h1>Calibration of the ${summary.judge} judge</h1>
<p class="muted">${summary.model} · ${document.createdAt} · set ${document.set}</p>
<p class="notice ${summary.passed ? 'passed' : 'failed'}"><strong class="${summary.passed ? 'better' : 'worse'}">${summary.passed ? 'Passed' : 'Failed'}</strong> · recall ${summary.caught}/${summary.defects}, ${summary.falseAlarms} false alarm${summary.falseAlarms === 1 ? '' : 's'}</p>
<ul>${summaryLines(summary, document.healthy).map((line) => html`<li>${line}</li>`)}</ul>
<section aria-labelledby="defects">
<h2 id="defects">Defects</h2>
<div class="table-wrap"${scrollableRegion('Table of the defects')}><table>
<thead><tr>${CALIBRATION_COLUMNS.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>
<tbody>${document.defects.map((result) => html`<tr class="${result.caught ? '' : 'muted'}">${calibrationRow(result).map((cell, index) => (index === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}</tr>
`)}</tbody>
</table></div>
</section>
<section aria-labelledby="healthy">
<h2 id="healthy">Healthy repeats</h2>
<div class="table-wrap"${scrollableRegion('Table of the healthy repeats')}><table>
<thead><tr><th scope="col">run</th><th scope="col">baseline</th><th scope="col">compare</th></tr></thead>
<tbody>${document.healthy.map((item) => html`<tr><th scope="row">${item.run}</th><td>${item.baseline}</td><td class="${item.falseAlarm ? 'worse' : 'better'}">${item.falseAlarm ? `false alarm: ${item.failures.join('; ')}` : 'passes'}</td></tr>`)}</tbody>
</table></div>
</section>
</main>
<footer class="muted">Made by termaudit calibrate. This file is self-contained: it loads nothing from the network.</footer>
</body>
</html>
`;
  return page.value;
}
