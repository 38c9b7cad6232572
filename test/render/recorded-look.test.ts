import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { lookOf, overLook, recordedLook } from '../../src/render/recorded-look.js';
import { makeTempDir } from '../helpers/paths.js';

/** runWith writes a run directory whose meta.json holds `meta`, and returns its cast's path. */
function runWith(meta: unknown): string {
  const dir = makeTempDir();
  writeFileSync(join(dir, 'session.cast'), '{"version":2,"width":10,"height":2}\n');
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  return join(dir, 'session.cast');
}

test('lookOf keeps how a recording is drawn, not where it goes or its theme (the cast header has that)', () => {
  const look = lookOf({ fontSize: 30, width: 801, margin: 20, formats: ['gif'], theme: 'monokai', speed: undefined, ...{ outputPaths: { gif: 'x.gif' }, cast: 'a.cast' } } as never);
  assert.deepEqual(look, { fontSize: 30, width: 801, margin: 20 });
});

test('recordedLook reads the look beside its own cast only, and names the file and key of a bad value', () => {
  const cast = runWith({ cast: 'session.cast', renderSettings: { fontSize: 30, height: 225, windowBar: 'Colorful' } });
  assert.deepEqual(recordedLook(cast), { fontSize: 30, height: 225, windowBar: 'Colorful' });
  // A meta.json of another cast (a render of it into this directory), an older one without a look, or no JSON at all.
  assert.equal(recordedLook(runWith({ cast: '/elsewhere/session.cast', renderSettings: { fontSize: 30 } })), undefined);
  assert.equal(recordedLook(runWith({ cast: 'session.cast' })), undefined);
  const broken = runWith({});
  writeFileSync(join(broken, '..', 'meta.json'), '{"cast": "sess');
  assert.equal(recordedLook(broken), undefined);
  const bad = runWith({ cast: 'session.cast', renderSettings: { fontSize: 'big' } });
  assert.throws(() => recordedLook(bad), (error: Error) => error instanceof ConfigError && error.message.startsWith(`${join(bad, '..', 'meta.json')}: renderSettings.fontSize: `));
});

test('overLook: the caller wins key by key, and a font size given now replaces a recorded fit (and --fit a recorded font size)', () => {
  assert.deepEqual(overLook(undefined, { fontSize: 12 }), { fontSize: 12 });
  assert.deepEqual(overLook({ fontSize: 30, width: 800, margin: 20 }, { margin: 0, padding: 4 }), { fontSize: 30, width: 800, margin: 0, padding: 4 });
  assert.deepEqual(overLook({ fit: true, width: 800 }, { fontSize: 16 }), { width: 800, fontSize: 16 });
  assert.deepEqual(overLook({ fontSize: 30, width: 800 }, { fit: true }), { width: 800, fit: true });
});
