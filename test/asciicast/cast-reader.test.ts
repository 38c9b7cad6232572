import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isCastHeader, readCast, summarizeCast } from '../../src/asciicast/cast-reader.js';
import type { CastEvent } from '../../src/asciicast/types.js';
import { ConfigError } from '../../src/errors.js';
import { fixturePath, makeTempDir } from '../helpers/paths.js';

async function eventsOf(path: string): Promise<CastEvent[]> {
  const events: CastEvent[] = [];
  for await (const item of readCast(path)) if (!isCastHeader(item)) events.push(item);
  return events;
}

test('a v2 cast is read with absolute times, resizes and markers', async () => {
  const summary = await summarizeCast(fixturePath('casts', 'v2.cast'));
  assert.equal(summary.header.version, 2);
  assert.equal(summary.header.width, 20);
  assert.equal(summary.maxCols, 30);
  assert.equal(summary.maxRows, 6);
  assert.equal(summary.duration, 1.5);
  assert.deepEqual(summary.markers, [{ time: 1.0, label: 'after resize' }]);
  const events = await eventsOf(fixturePath('casts', 'v2.cast'));
  assert.deepEqual(events.map((event) => [event.time, event.code]), [[0.1, 'o'], [0.5, 'o'], [0.8, 'r'], [1.0, 'm'], [1.5, 'o']]);
});

test('a v3 cast sums relative intervals, skips comments and reads the theme from term', async () => {
  const summary = await summarizeCast(fixturePath('casts', 'v3.cast'));
  assert.equal(summary.header.version, 3);
  assert.equal(summary.header.env?.TERM, 'xterm-256color');
  assert.equal(summary.header.theme?.bg, '#000000');
  const events = await eventsOf(fixturePath('casts', 'v3.cast'));
  const times = events.map((event) => Number(event.time.toFixed(6)));
  assert.deepEqual(times, [0.1, 0.5, 0.8, 1.0, 1.5, 1.7]);
  assert.equal(summary.duration, 1.7, 'the exit event ends the recording');
  assert.deepEqual(summary.markers, [{ time: 1.0, label: 'after resize' }]);
});

test('a v1 cast turns stdout delays into absolute times', async () => {
  const summary = await summarizeCast(fixturePath('casts', 'v1.json'));
  assert.equal(summary.header.version, 1);
  const events = await eventsOf(fixturePath('casts', 'v1.json'));
  assert.deepEqual(events.map((event) => Number(event.time.toFixed(6))), [0.1, 0.5, 1.5]);
  assert.equal(events[1].data, '\u001b[31mred\u001b[0m');
});

test('an unreadable line fails with the file and line number', async () => {
  const path = fixturePath('casts', 'broken.cast');
  await assert.rejects(summarizeCast(path), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /broken\.cast:3: not valid JSON/);
    assert.match(error.message, /--lenient/);
    return true;
  });
});

test('lenient reading skips unreadable lines, reports each and keeps the rest', async () => {
  const warnings: string[] = [];
  const summary = await summarizeCast(fixturePath('casts', 'broken.cast'), { lenient: true, onWarning: (message) => warnings.push(message) });
  assert.equal(summary.events, 2);
  assert.equal(summary.skippedLines, 1);
  assert.match(warnings[0], /broken\.cast:3: skipped/);
});

test('files that are not casts get one clear error', async () => {
  const dir = makeTempDir();
  const cases: Array<[string, string, RegExp]> = [
    ['empty.cast', '', /empty\.cast:1: the file is empty/],
    ['text.cast', 'hello world\n', /text\.cast:1: not an asciicast file/],
    ['v9.cast', '{"version": 9, "width": 1, "height": 1}\n', /v9\.cast:1: unsupported asciicast version 9/],
    ['nosize.cast', '{"version": 2}\n', /nosize\.cast:1: the v2 header needs/],
    ['badcode.cast', '{"version": 2, "width": 2, "height": 2}\n[0.1, "z", "x"]\n', /badcode\.cast:2: unknown event code "z"/],
    ['badresize.cast', '{"version": 2, "width": 2, "height": 2}\n[0.1, "r", "wide"]\n', /badresize\.cast:2: resize event data "wide"/],
    // A multi-line JSON document is read as v1 only when it says version 1.
    ['v5.json', '{\n  "version": 5,\n  "width": 2, "height": 2,\n  "stdout": [[0.1, "x"]]\n}\n', /v5\.json:1: unsupported asciicast version 5 \(termaudit reads 1, 2 and 3\)/],
    ['noversion.json', '{\n  "width": 2, "height": 2,\n  "stdout": []\n}\n', /noversion\.json:1: unsupported asciicast version \(none given\)/],
    ['v2doc.json', '{\n  "version": 2,\n  "width": 2, "height": 2\n}\n', /v2doc\.json:1: an asciicast v2 header is one line of JSON/],
    // A negative time is refused in every version.
    ['negative-v1.json', '{\n  "version": 1, "width": 2, "height": 2,\n  "stdout": [[0.5, "a"], [-0.2, "b"]]\n}\n', /negative-v1\.json:1: stdout\[1\]: delay -0\.2 is not a non-negative number/],
    ['negative-v2.cast', '{"version": 2, "width": 2, "height": 2}\n[-0.1, "o", "x"]\n', /negative-v2\.cast:2: event time -0\.1 is not a non-negative number/],
    // An invalid theme names the file and its header line.
    ['badtheme.cast', '{"version": 2, "width": 2, "height": 2, "theme": {"fg": "#fff", "bg": "#000000", "palette": "#000000:#111111"}}\n', /badtheme\.cast:1: the header's "theme": "palette" has 2 colors; it needs 8 or 16/],
    ['badtheme3.cast', '{"version": 3, "term": {"cols": 2, "rows": 2, "theme": {"fg": "#ffffff"}}}\n', /badtheme3\.cast:1: the header's "theme": a theme needs "fg", "bg" and "palette"/],
    // So does an idle limit that is no number of seconds.
    ['badidle.cast', '{"version": 2, "width": 2, "height": 2, "idle_time_limit": -1}\n', /badidle\.cast:1: the header's "idle_time_limit" must be a number of seconds of at least 0 \(got -1\)/],
    ['badidle3.cast', '{"version": 3, "term": {"cols": 2, "rows": 2}, "idle_time_limit": "2s"}\n', /badidle3\.cast:1: the header's "idle_time_limit" must be a number of seconds of at least 0 \(got "2s"\)/],
  ];
  for (const [name, content, expected] of cases) {
    const path = join(dir, name);
    writeFileSync(path, content);
    await assert.rejects(summarizeCast(path), (error: unknown) => error instanceof ConfigError && expected.test(error.message), name);
  }
  await assert.rejects(summarizeCast(join(dir, 'missing.cast')), /missing\.cast: no such file/);
});

test('a header padded with spaces (as the recorder writes it) is read', async () => {
  const dir = makeTempDir();
  const path = join(dir, 'padded.cast');
  writeFileSync(path, `{"version": 2, "width": 10, "height": 3}${' '.repeat(40)}\n[0.5, "o", "x"]\n`);
  const summary = await summarizeCast(path);
  assert.equal(summary.duration, 0.5);
});

test("the header's idle_time_limit is read in v2 and v3; null or absent is none", async () => {
  const dir = makeTempDir();
  const headers: Array<[string, number | undefined]> = [
    ['{"version": 2, "width": 2, "height": 2, "idle_time_limit": 2.5}', 2.5],
    ['{"version": 3, "term": {"cols": 2, "rows": 2}, "idle_time_limit": 0}', 0],
    ['{"version": 2, "width": 2, "height": 2, "idle_time_limit": null}', undefined],
    ['{"version": 3, "term": {"cols": 2, "rows": 2}}', undefined],
  ];
  for (const [index, [header, expected]] of headers.entries()) {
    const path = join(dir, `idle-${index}.cast`);
    writeFileSync(path, `${header}\n[0.5, "o", "x"]\n`);
    assert.equal((await summarizeCast(path)).header.idleTimeLimit, expected, header);
  }
});
