import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addSecrets, knownSecrets, MIN_SECRET_LENGTH, redact, SecretMasker, secretsOfArguments, secretsOfEnvironment, urlCredentials } from '../../src/secrets.js';

/** maskAll pushes `chunks` through a masker one by one and returns everything it let out, held bytes last. */
function maskAll(masker: SecretMasker, chunks: string[]): string {
  const out = chunks.map((chunk) => masker.push(Buffer.from(chunk)));
  out.push(masker.flush());
  return Buffer.concat(out).toString('utf8');
}

test('the masker replaces each secret character for character, also when it is split across chunks', () => {
  const secrets = [{ name: 'MY_API_KEY', value: 'sk-abcdef123456' }, { name: 'PASSWORD', value: 'pässwörd-long' }];
  const whole = new SecretMasker(secrets);
  assert.equal(maskAll(whole, ['key=sk-abcdef123456 and pässwörd-long.']), `key=${'*'.repeat(15)} and ${'*'.repeat(13)}.`);
  assert.deepEqual([...whole.found].sort(), ['MY_API_KEY', 'PASSWORD']);

  // Split anywhere, even inside a multi-byte character: the result is the same.
  const text = 'a sk-abcdef123456 b pässwörd-long c';
  const bytes = Buffer.from(text);
  for (let cut = 1; cut < bytes.length; cut++) {
    const masker = new SecretMasker(secrets);
    const out = Buffer.concat([masker.push(bytes.subarray(0, cut)), masker.push(bytes.subarray(cut)), masker.flush()]).toString('utf8');
    assert.equal(out, `a ${'*'.repeat(15)} b ${'*'.repeat(13)} c`, `cut at byte ${cut}`);
  }

  // The start of a secret that never completes is let go unchanged.
  const partial = new SecretMasker(secrets);
  assert.equal(partial.push(Buffer.from('x sk-abc')).toString(), 'x ');
  assert.ok(partial.holding);
  assert.equal(partial.flush().toString(), 'sk-abc');
  assert.equal(partial.found.size, 0);
});

test('the masker keeps a secret inside another to the longer mask, and lets chunks pass as they are without secrets', () => {
  const masker = new SecretMasker([{ name: 'A_TOKEN', value: 'token-12345' }, { name: 'B_TOKEN', value: 'xx-token-12345-yy' }]);
  assert.equal(maskAll(masker, ['<xx-token-12345-yy>']), `<${'*'.repeat(17)}>`);
  assert.deepEqual([...masker.found], ['B_TOKEN']);
  const none = new SecretMasker([{ name: 'SHORT_KEY', value: 'abc' }]);
  assert.equal(none.active, false, `values under ${MIN_SECRET_LENGTH} characters are not masked`);
  const chunk = Buffer.from('abc abc');
  assert.equal(none.push(chunk), chunk);
});

test('secrets come from variables named like secrets, from URL credentials, and from --env on the command line', () => {
  const env = { GITHUB_TOKEN: 'ghp_0123456789', HOME: '/root', KEYTIMEOUT: '1', DATABASE_URL: 'postgres://app:s3cr3t-pass@db/x', PLAIN: 'visible-value' };
  assert.deepEqual(
    secretsOfEnvironment(env).map((secret) => [secret.name, secret.value]),
    [
      ['GITHUB_TOKEN', 'ghp_0123456789'],
      ['DATABASE_URL (credentials)', 'app:s3cr3t-pass'],
      ['DATABASE_URL (credentials)', 's3cr3t-pass'],
    ],
  );
  assert.deepEqual(secretsOfEnvironment({ PLAIN: 'visible-value' }, ['PLAIN']), [{ name: 'PLAIN', value: 'visible-value' }]);
  assert.deepEqual(
    secretsOfArguments(['record', '--env', 'MY_SECRET=hunter2hunter2', '--env=OTHER=plain-value', '--base-url', 'http://bob:pa%24%24word@host/v1']).map((secret) => secret.value),
    ['hunter2hunter2', 'bob:pa%24%24word', 'pa%24%24word', 'pa$$word'],
  );
  assert.deepEqual(urlCredentials('https://example.com/v1', 'x'), []);
});

test('redact replaces known secrets with *** in text, in JSON strings and in HTML, longest first', () => {
  addSecrets([{ name: 'TEST_REDACT_KEY', value: 'redact-me-0001' }, { name: 'TEST_QUOTED_KEY', value: 'a"b<c>&d-0002' }]);
  assert.ok(knownSecrets().some((secret) => secret.name === 'TEST_REDACT_KEY'));
  assert.equal(redact('key redact-me-0001, again redact-me-0001.'), 'key ***, again ***.');
  assert.equal(redact('html a&quot;b&lt;c&gt;&amp;d-0002'), 'html ***');
  assert.equal(redact(JSON.stringify({ v: 'a"b<c>&d-0002' })), '{"v":"***"}');
  assert.deepEqual(JSON.parse(redact(JSON.stringify({ 'redact-me-0001': ['x redact-me-0001'], n: 1 }))), { '***': ['x ***'], n: 1 });
  addSecrets([{ name: 'TEST_SHORT_KEY', value: 'short' }]);
  assert.equal(redact('short stays'), 'short stays');
});
