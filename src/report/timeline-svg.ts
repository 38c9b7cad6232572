/**
 * The timeline strip under the report's video: output rate, screen-change rate, the problem spans, the
 * markers and keys, and the sampled frames, on one time axis. The SVG stretches to any width (its lanes
 * have fixed heights in px and hold no text, so nothing is squeezed); lane names, key names and the time
 * axis are HTML around it. Every span, mark and frame tick links to the nearest sampled frame
 * (`#frame-N`) with a tooltip, and the problem spans are listed again as text under the strip.
 * Pure functions of a Timeline.
 */
import { formatTimestamp } from '../sample/frame-label.js';
import { escapeMarkdown, html, SafeHtml } from './markup.js';
import { formatSeconds, type Timeline, type TimelineFrame, type TimelineMark, type TimelineSpan, type TimelineSpanKind } from './timeline.js';

/** The SVG's width in user units: the strip stretches it to the page (preserveAspectRatio="none"). */
const WIDTH = 1000;
/** The lanes, top to bottom, with their names, tops and heights in px (the SVG is drawn 1 unit = 1 px tall). */
const LANES = {
  output: { name: 'Output', top: 2, height: 30 },
  change: { name: 'Changes', top: 36, height: 30 },
  problems: { name: 'Problems', top: 70, height: 22 },
  marks: { name: 'Keys', top: 96, height: 18 },
  frames: { name: 'Frames', top: 118, height: 16 },
} as const;
/** The SVG's height in px. */
const HEIGHT = 136;
/** The narrowest a span or tick is drawn (user units), so a flash of 50 ms stays visible and clickable. */
const MIN_MARK_WIDTH = 4;
/** Key and marker names are shown under the strip when at least this share of its width from the last one shown (each is cut to a little less). */
const LABEL_SPACING = 0.1;

/** SPAN_NAMES names each kind of span for the legend and the list. */
const SPAN_NAMES = { freeze: 'Freeze', flash: 'Blank flash', flood: 'Flood' } as const satisfies Record<TimelineSpanKind, string>;

/** nearestFrame returns the sampled frame closest in time to `time` (undefined when there is none). */
export function nearestFrame(frames: readonly TimelineFrame[], time: number): TimelineFrame | undefined {
  let best: TimelineFrame | undefined;
  for (const frame of frames) if (!best || Math.abs(frame.time - time) < Math.abs(best.time - time)) best = frame;
  return best;
}

/** spanFrame is the frame a span links to: the one nearest its middle. */
function spanFrame(frames: readonly TimelineFrame[], span: TimelineSpan): TimelineFrame | undefined {
  return nearestFrame(frames, (span.start + span.end) / 2);
}

/** spanText describes a span with its times: `Freeze 8.7 s, 00:02.5–00:11.2`. */
export function spanText(span: TimelineSpan): string {
  const length = span.kind === 'freeze' ? '' : ` over ${formatSeconds(span.end - span.start)}`;
  return `${span.label}${length}, ${formatTimestamp(span.start)}–${formatTimestamp(span.end)}`;
}

/** frameSuffix is ` — frame N`, or nothing without a frame. */
function frameSuffix(frame: TimelineFrame | undefined): string {
  return frame ? ` — frame ${frame.number}` : '';
}

/** number1 rounds a user-space coordinate to one decimal, to keep the markup small. */
function number1(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** linked wraps content in a link to a frame, when there is one. */
function linked(frame: TimelineFrame | undefined, content: SafeHtml): SafeHtml {
  return frame ? html`<a href="#frame-${frame.number}">${content}</a>` : content;
}

/** ratePath is the area of a rate lane: a step per bin, scaled to the largest bin. */
function ratePath(values: readonly number[], lane: { top: number; height: number }): string {
  const max = Math.max(0, ...values);
  const bottom = lane.top + lane.height;
  if (max <= 0) return '';
  const step = WIDTH / values.length;
  let path = `M0 ${bottom}`;
  values.forEach((value, index) => {
    const y = number1(bottom - (value / max) * lane.height);
    path += `V${y}H${number1((index + 1) * step)}`;
  });
  return `${path}V${bottom}Z`;
}

/** markRect draws a mark of a lane from `start` to `end` (s), at least MIN_MARK_WIDTH wide, centred when narrower. */
function markRect(timeline: Timeline, start: number, end: number, lane: { top: number; height: number }, className: string): SafeHtml {
  const scale = WIDTH / Math.max(timeline.duration, 1e-9);
  let x = start * scale;
  let width = Math.max(0, end - start) * scale;
  if (width < MIN_MARK_WIDTH) {
    x = Math.min(Math.max(0, x + width / 2 - MIN_MARK_WIDTH / 2), WIDTH - MIN_MARK_WIDTH);
    width = MIN_MARK_WIDTH;
  }
  return html`<rect class="${className}" x="${number1(x)}" y="${lane.top}" width="${number1(width)}" height="${lane.height}"/>`;
}

/** markTitle is a mark's tooltip: `Key Enter at 00:02.7 — frame 3`. */
function markTitle(mark: TimelineMark, frame: TimelineFrame | undefined): string {
  const kind = { marker: 'Marker', key: 'Key', resize: '' }[mark.kind];
  return `${kind ? `${kind} ` : ''}${mark.label} at ${formatTimestamp(mark.time)}${frameSuffix(frame)}`;
}

/** shownLabels picks the marks whose names fit under the strip: each at least LABEL_SPACING from the last shown. */
function shownLabels(timeline: Timeline): TimelineMark[] {
  const shown: TimelineMark[] = [];
  let last = -Infinity;
  for (const mark of timeline.marks) {
    const at = mark.time / Math.max(timeline.duration, 1e-9);
    if (at - last < LABEL_SPACING) continue;
    shown.push(mark);
    last = at;
  }
  return shown;
}

/** percentOf places a time along the strip, as a CSS percentage. */
function percentOf(timeline: Timeline, time: number): string {
  return `${number1(Math.min(100, Math.max(0, (time / Math.max(timeline.duration, 1e-9)) * 100)))}%`;
}

/** Pattern fills that tell the span kinds apart without colour: hatched freezes, dotted flashes, striped floods. */
const PATTERNS = html`<defs>
<pattern id="timeline-freeze" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="tl-freeze-fill" width="6" height="6" opacity="0.35"/><rect class="tl-freeze-fill" width="2.5" height="6"/></pattern>
<pattern id="timeline-flash" width="6" height="6" patternUnits="userSpaceOnUse"><rect class="tl-flash-fill" width="6" height="6" opacity="0.35"/><circle class="tl-flash-fill" cx="3" cy="3" r="1.6"/></pattern>
<pattern id="timeline-flood" width="6" height="6" patternUnits="userSpaceOnUse"><rect class="tl-flood-fill" width="6" height="6" opacity="0.35"/><rect class="tl-flood-fill" width="6" height="2.5"/></pattern>
</defs>`;

/**
 * renderTimelineSvg renders the timeline strip (a `<figure class="timeline">`: the SVG, lane names, key
 * names, time axis, legend and the list of problem spans). `frames` are the frames the report shows with
 * ids `frame-N`: ticks are drawn for them and every span, mark and tick links to the nearest one.
 * Include `timelineStyles` in the page's styles.
 */
export function renderTimelineSvg(timeline: Timeline, frames: readonly TimelineFrame[]): SafeHtml {
  const scale = WIDTH / Math.max(timeline.duration, 1e-9);
  const sortedFrames = [...frames].sort((a, b) => a.time - b.time);
  const binText = formatSeconds(timeline.binSeconds);
  const spans = timeline.spans.map((span) => {
    const frame = spanFrame(sortedFrames, span);
    return linked(frame, html`<g class="tl-span tl-${span.kind}"><title>${spanText(span)}${frameSuffix(frame)}</title>${markRect(timeline, span.start, span.end, LANES.problems, `tl-${span.kind}`)}</g>`);
  });
  const marks = timeline.marks.map((mark) => {
    const frame = nearestFrame(sortedFrames, mark.time);
    const lane = mark.kind === 'key' ? { top: LANES.marks.top + 6, height: LANES.marks.height - 6 } : LANES.marks;
    return linked(frame, html`<g class="tl-mark"><title>${markTitle(mark, frame)}</title>${markRect(timeline, mark.time, mark.time, lane, `tl-${mark.kind}`)}</g>`);
  });
  const ticks = sortedFrames.map((frame) =>
    html`<a href="#frame-${frame.number}"><g class="tl-tick"><title>Frame ${frame.number} at ${formatTimestamp(frame.time)}</title><rect class="tl-frame" x="${number1(Math.min(WIDTH - MIN_MARK_WIDTH, Math.max(0, frame.time * scale - MIN_MARK_WIDTH / 2)))}" y="${LANES.frames.top}" width="${MIN_MARK_WIDTH}" height="${LANES.frames.height}"/></g></a>`,
  );
  const lanes = Object.values(LANES);
  const label = `Timeline of the recording, ${formatSeconds(timeline.duration)}: output and screen changes per ${binText}, ${timeline.spans.length} problem spans, ${timeline.marks.length} keys and markers, ${sortedFrames.length} sampled frames`;
  const omitted = timeline.omitted.spans + timeline.omitted.marks;
  return html`<figure class="timeline">
<figcaption>Timeline <span class="muted">· ${formatSeconds(timeline.duration)}, rates per ${binText}</span></figcaption>
<div class="timeline-body">
<div class="timeline-lanes" aria-hidden="true">${lanes.map((lane, index) => html`<span style="margin-top:${lane.top - (index === 0 ? 0 : lanes[index - 1]!.top + lanes[index - 1]!.height)}px;height:${lane.height}px">${lane.name}</span>`)}</div>
<div class="timeline-plot">
<svg role="group" aria-label="${label}" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" width="100%" height="${HEIGHT}">
${PATTERNS}
${lanes.map((lane) => html`<rect class="tl-track" x="0" y="${lane.top}" width="${WIDTH}" height="${lane.height}"/>`)}
<path class="tl-output" d="${ratePath(timeline.outputBytes, LANES.output)}"><title>Output: up to ${Math.max(0, ...timeline.outputBytes)} bytes per ${binText}</title></path>
<path class="tl-change" d="${ratePath(timeline.screenChange, LANES.change)}"><title>Screen change: up to ${number1(Math.max(0, ...timeline.screenChange) * 100)}% of the screen per ${binText}</title></path>
${spans}
${marks}
${ticks}
</svg>
<div class="timeline-keys" aria-hidden="true">${shownLabels(timeline).map((mark) => html`<span class="tl-label-${mark.kind}" style="left:${percentOf(timeline, mark.time)}">${mark.label}</span>`)}</div>
<div class="timeline-axis" aria-hidden="true"><span>${formatTimestamp(0)}</span><span>${formatTimestamp(timeline.duration / 2)}</span><span>${formatTimestamp(timeline.duration)}</span></div>
</div>
</div>
<ul class="timeline-legend">${(Object.keys(SPAN_NAMES) as TimelineSpanKind[]).map(
    (kind) => html`<li><svg class="tl-swatch" viewBox="0 0 24 12" aria-hidden="true"><rect class="tl-${kind}" width="24" height="12"/></svg>${SPAN_NAMES[kind]}</li>`,
  )}<li><span class="tl-bar tl-key-swatch" aria-hidden="true"></span>Key</li><li><span class="tl-bar tl-marker-swatch" aria-hidden="true"></span>Marker</li><li><span class="tl-bar tl-frame-swatch" aria-hidden="true"></span>Sampled frame</li></ul>
${
  timeline.spans.length === 0
    ? html`<p class="timeline-problems muted">No freeze, blank flash or flood.</p>`
    : html`<ul class="timeline-problems" aria-label="Problems over time">${timeline.spans.map((span) => {
        const frame = spanFrame(sortedFrames, span);
        return html`<li><span class="tl-name tl-name-${span.kind}">${SPAN_NAMES[span.kind]}</span> ${linked(frame, html`${spanText(span)}${frameSuffix(frame)}`)}</li>`;
      })}</ul>`
}${omitted > 0 ? html`<p class="muted">${omitted} more spans and marks are not shown.</p>` : ''}
</figure>`;
}

/**
 * renderTimelineMarkdown lists a timeline's problem spans for scorecard.md, each with its times and a link
 * to the nearest frame (`frameLink` gives the Markdown for a frame number); one line saying none otherwise.
 */
export function renderTimelineMarkdown(timeline: Timeline, frameLink: (frame: number) => string): string[] {
  if (timeline.spans.length === 0) return [`No freeze, blank flash or flood in ${formatSeconds(timeline.duration)}.`];
  return timeline.spans.map((span) => {
    const frame = spanFrame(timeline.frames, span);
    return `- ${escapeMarkdown(spanText(span))}${frame ? ` (${frameLink(frame.number)})` : ''}`;
  });
}

/** timelineStyles is the CSS of the timeline strip, to add to the report's styles (light and dark schemes). */
export const timelineStyles = `
:root {
  --tl-output: #0969da; --tl-change: #1a7f37; --tl-freeze: #8250df; --tl-flash: #bf3989; --tl-flood: #bc4c00;
  --tl-key: #57606a; --tl-marker: #9a6700; --tl-frame: #1b1f24;
}
@media (prefers-color-scheme: dark) {
  :root {
    --tl-output: #58a6ff; --tl-change: #3fb950; --tl-freeze: #d2a8ff; --tl-flash: #ff80c8; --tl-flood: #ffa657;
    --tl-key: #9da7b3; --tl-marker: #d29922; --tl-frame: #e6edf3;
  }
}
.timeline { margin: 0.5rem 0 1rem; min-width: 0; }
.timeline figcaption { font-weight: 600; margin-bottom: 0.25rem; }
.timeline-body { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0 0.5rem; }
.timeline-lanes { display: flex; flex-direction: column; align-items: flex-end; height: ${HEIGHT}px; font-size: 0.75rem; color: var(--muted); }
.timeline-lanes span { display: flex; align-items: center; white-space: nowrap; line-height: 1; }
.timeline-plot { min-width: 0; }
.timeline-plot > svg { display: block; width: 100%; height: ${HEIGHT}px; overflow: visible; }
.timeline .tl-track { fill: var(--surface); }
.timeline .tl-output { fill: var(--tl-output); }
.timeline .tl-change { fill: var(--tl-change); }
.tl-freeze-fill { fill: var(--tl-freeze); } .tl-flash-fill { fill: var(--tl-flash); } .tl-flood-fill { fill: var(--tl-flood); }
rect.tl-freeze { fill: url(#timeline-freeze); stroke: var(--tl-freeze); }
rect.tl-flash { fill: url(#timeline-flash); stroke: var(--tl-flash); }
rect.tl-flood { fill: url(#timeline-flood); stroke: var(--tl-flood); }
.timeline rect.tl-freeze, .timeline rect.tl-flash, .timeline rect.tl-flood { stroke-width: 1.5; vector-effect: non-scaling-stroke; }
.timeline .tl-key { fill: var(--tl-key); } .timeline .tl-marker, .timeline .tl-resize { fill: var(--tl-marker); }
.timeline .tl-frame { fill: var(--tl-frame); }
.timeline a:hover rect, .timeline a:focus rect { fill-opacity: 0.6; }
.timeline a:focus-visible { outline: none; }
.timeline a:focus-visible rect { stroke: var(--accent); stroke-width: 3; vector-effect: non-scaling-stroke; }
.timeline-keys { position: relative; height: 1.1rem; overflow: hidden; font-size: 0.7rem; color: var(--muted); }
.timeline-keys span { position: absolute; top: 0; white-space: nowrap; max-width: 9.5%; overflow: hidden; text-overflow: ellipsis; }
.timeline-keys .tl-label-marker, .timeline-keys .tl-label-resize { color: var(--fg); }
.timeline-axis { display: flex; justify-content: space-between; font-size: 0.75rem; color: var(--muted); font-variant-numeric: tabular-nums; }
.timeline-legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; padding: 0; margin: 0.5rem 0; font-size: 0.85rem; }
.timeline-legend li { display: flex; align-items: center; gap: 0.35rem; }
.tl-swatch { width: 1.5rem; height: 0.75rem; }
.tl-swatch rect { stroke-width: 1.5; }
.tl-bar { display: inline-block; width: 0.25rem; height: 0.9rem; }
.tl-key-swatch { background: var(--tl-key); } .tl-marker-swatch { background: var(--tl-marker); } .tl-frame-swatch { background: var(--tl-frame); }
.timeline-problems { margin: 0.25rem 0; padding-left: 1.25rem; }
.tl-name { font-weight: 600; }
.tl-name-freeze { color: var(--tl-freeze); } .tl-name-flash { color: var(--tl-flash); } .tl-name-flood { color: var(--tl-flood); }
@media (max-width: 40rem) {
  .timeline-lanes { font-size: 0.7rem; }
}
`;
