import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const script = resolve('scripts/apt-install.sh');

/**
 * A fake Debian for apt-install.sh, first on PATH: `apt-get` holds dpkg's lock while it runs, as the real
 * one does (a second apt-get meanwhile fails with "Could not get lock"), takes half a second, and `install`
 * marks its packages installed for `dpkg-query`; `id -u` says root. Every apt-get call is logged.
 */
function fakeDebian(root: string): string {
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const tools: Record<string, string> = {
    'apt-get': [
      '#!/bin/sh',
      `echo "apt-get $*" >> "${root}/apt.log"`,
      `mkdir "${root}/dpkg-lock" 2>/dev/null || { echo "E: Could not get lock /var/lib/dpkg/lock-frontend" >&2; exit 100; }`,
      'sleep 0.5',
      `case " $* " in *" install "*) for p in "$@"; do echo "$p" >> "${root}/installed"; done ;; esac`,
      `rmdir "${root}/dpkg-lock"`,
    ].join('\n'),
    'dpkg-query': ['#!/bin/sh', 'for package; do :; done', `grep -qx "$package" "${root}/installed" 2>/dev/null && printf 'install ok installed'`].join('\n'),
    id: '#!/bin/sh\necho 0',
  };
  for (const [name, body] of Object.entries(tools)) {
    writeFileSync(join(bin, name), `${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

function aptInstall(root: string, bin: string, ...packages: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn('sh', [script, 'test-caller', ...packages], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, TMPDIR: root },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolvePromise({ code, stderr }));
  });
}

test('two test files that need the same tool at once: one installs it, the other waits for it instead of failing on the dpkg lock', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'termaudit-apt-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const bin = fakeDebian(root);
  const [first, second] = await Promise.all([aptInstall(root, bin, 'chromium'), aptInstall(root, bin, 'chromium')]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(second.code, 0, second.stderr);
  const log = readFileSync(join(root, 'apt.log'), 'utf8').trim().split('\n');
  assert.equal(log.filter((line) => line.includes(' install ')).length, 1, `one install, the other found it done:\n${log.join('\n')}`);
  assert.match(first.stderr + second.stderr, /test-caller: chromium installed meanwhile/);
  assert.doesNotMatch(first.stderr + second.stderr, /Could not get lock/);
  assert.ok(existsSync(join(root, 'termaudit-apt-install.lock')), 'the lock lives in TMPDIR');
});

test('packages already installed are not installed again, and a failing apt-get is one line naming the caller', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'termaudit-apt-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const bin = fakeDebian(root);
  writeFileSync(join(root, 'installed'), 'zsh\n');
  const again = await aptInstall(root, bin, 'zsh');
  assert.equal(again.code, 0, again.stderr);
  assert.equal(existsSync(join(root, 'apt.log')), false, 'apt-get was not run');
  mkdirSync(join(root, 'dpkg-lock'));
  const locked = await aptInstall(root, bin, 'fish');
  assert.equal(locked.code, 1);
  assert.match(locked.stderr, /^test-caller: apt-get could not install fish; install it yourself$/m);
});
