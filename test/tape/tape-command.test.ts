import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { registerTapeCommand } from '../../src/cli/tape-command.js';
import { ConfigError } from '../../src/errors.js';
import { checkTape, type TapeCommandName, type TapeCommandOf } from '../../src/tape/index.js';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), '../fixtures/tapes');

/** runTapeCheck runs `tape check <file>` in a program holding only the tape command, capturing stdout and stderr. */
async function runTapeCheck(file: string) {
  // As in main: a command that succeeds exits 0 unless it says otherwise.
  let exitCode = 0;
  const program = new Command('termaudit').exitOverride();
  registerTapeCommand(program, (code) => {
    exitCode = code;
  });
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = ((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(chunk) > 0) as typeof process.stderr.write;
  let error: unknown;
  try {
    await program.parseAsync(['tape', 'check', file], { from: 'user' });
  } catch (caught) {
    error = caught;
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  return { exitCode, error, stdout: out.join(''), stderr: err.join('') };
}

test('tape check prints a one-line summary and exits 0 for a valid tape', async () => {
  const result = await runTapeCheck(join(fixtures, 'every-command.tape'));
  assert.equal(result.error, undefined);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout, `${join(fixtures, 'every-command.tape')}: valid: 65 commands, 12 settings, 0 warnings\n`);
  assert.equal(result.stderr, '');
});

test('tape check prints warnings on stderr and still exits 0', async () => {
  const result = await runTapeCheck(join(fixtures, 'unsupported-settings.tape'));
  assert.equal(result.exitCode, 0);
  assert.match(result.stdout, /valid: 1 command, 9 settings, 4 warnings/);
  assert.equal(result.stderr.match(/warning: Set \w+ is ignored/g)?.length, 3);
  assert.match(result.stderr, /warning: Set MarginFill wallpaper\.png: an image margin is not drawn/);
});

test('tape check fails with a ConfigError (exit 1) carrying every error with its caret', async () => {
  const result = await runTapeCheck(join(fixtures, 'many-errors.tape'));
  assert.ok(result.error instanceof ConfigError);
  assert.equal(result.error.exitCode, 1);
  const message = result.error.message;
  assert.match(message.split('\n')[0], /many-errors\.tape: 9 errors \(2 commands, 0 settings, 0 warnings\)$/);
  for (const line of [2, 3, 4, 5, 6, 7, 8, 9, 10]) assert.match(message, new RegExp(`many-errors\\.tape:${line}:\\d+: error: `));
  assert.ok(message.includes('6 | Resize 80by24\n  |        ^^^^^^'));
});

test('checkTape reports the errors of a sourced tape as invalid', () => {
  const result = checkTape(join(fixtures, 'sources-broken.tape'));
  assert.equal(result.valid, false);
  assert.match(result.renderedErrors[0], /lib\/broken\.tape:2:1: error: unknown command Slep/);
});

test('a runner can dispatch every command kind through a typed table', () => {
  // This is the shape a runner uses: removing a handler, or adding a command kind without one, fails to compile.
  type Handler<K extends TapeCommandName> = (command: TapeCommandOf<K>) => string;
  const describe = {
    Output: (command) => `output ${command.path}`,
    Require: (command) => `require ${command.program}`,
    Set: (command) => `set ${command.setting}`,
    Type: (command) => `type ${command.text}`,
    Sleep: (command) => `sleep ${command.durationMs}`,
    Wait: (command) => `wait ${command.scope}`,
    Key: (command) => `key ${command.key}x${command.repeat}`,
    KeyCombo: (command) => `combo ${command.modifiers.join('+')}+${command.key}`,
    Hide: () => 'hide',
    Show: () => 'show',
    Screenshot: (command) => `screenshot ${command.path}`,
    Copy: (command) => `copy ${command.text}`,
    Paste: () => 'paste',
    Env: (command) => `env ${command.name}`,
    WaitIdle: (command) => `idle ${command.quietMs}`,
    WaitExit: () => 'exit',
    Marker: (command) => `marker ${command.label}`,
    Resize: (command) => `resize ${command.cols}x${command.rows}`,
  } satisfies { [K in TapeCommandName]: Handler<K> };
  const tape = checkTape(join(fixtures, 'every-command.tape')).tape;
  const lines = tape.commands.map((command) => (describe[command.kind] as (c: typeof command) => string)(command));
  assert.ok(lines.includes('combo Ctrl+Alt+Delete'));
  assert.ok(lines.includes('resize 100x30'));
  assert.ok(lines.includes('idle 750'));
});
