import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError, ExecutionError } from '../../../src/errors.js';
import { runScenario, type ScenarioOutcome } from '../../../src/scenario/index.js';
import { loadRunnableTape, tapeTarget } from '../../../src/tape/runner/tape-recording.js';
import { SHELL_PROMPT_LINE, shellTarget } from '../../../src/tape/runner/tape-shells.js';
import { SCREEN_DUMP_RULE } from '../../../src/tape/runner/text-golden.js';
import { parseTape } from '../../../src/tape/index.js';
import { makeTempDir } from '../../helpers/paths.js';
import { ensureShell } from '../../helpers/shells.js';

test('each shell starts without rc files and history, with the prompt in every variable it reads it from', () => {
  const clean = { HISTFILE: '', ENV: '', BASH_ENV: '', INPUTRC: '/etc/inputrc' };
  const bash = shellTarget('bash');
  assert.deepEqual(bash.args, ['--noprofile', '--norc', '+o', 'history']);
  assert.deepEqual(bash.env, { ...clean, BASH_SILENCE_DEPRECATION_WARNING: '1', PROMPT_COMMAND: '', PS1: '\\[\\e[38;2;90;86;224m\\]> \\[\\e[0m\\]' });
  const zsh = shellTarget('zsh');
  assert.deepEqual(zsh.args, ['--no-rcs', '--histnostore']);
  assert.deepEqual(zsh.env, { ...clean, PROMPT: '%F{#5B56E0}> %F{reset_color}', PS1: '%F{#5B56E0}> %F{reset_color}' });
  const fish = shellTarget('fish');
  assert.deepEqual(fish.args.slice(0, 2), ['--no-config', '--private']);
  assert.deepEqual(fish.env, clean);
  assert.deepEqual(shellTarget('sh'), { args: [], env: { ...clean, PS1: '\x01\x1b[38;2;90;86;224m\x02> \x01\x1b[0m\x02' }, promptLine: SHELL_PROMPT_LINE });
  for (const shell of [bash, zsh, fish]) assert.equal(shell.promptLine, SHELL_PROMPT_LINE);
});

test("a tape's Env wins over the clean start; a prompt of its own is in every prompt variable, and is not waited for as VHS's", () => {
  const zsh = shellTarget('zsh', { PS1: '%# ', HISTFILE: '/tmp/kept', GREETING: 'hi' });
  assert.deepEqual([zsh.env.PS1, zsh.env.PROMPT, zsh.env.HISTFILE, zsh.env.GREETING, zsh.promptLine], ['%# ', '%# ', '/tmp/kept', 'hi', undefined]);
  // PROMPT is no prompt variable of bash's: the prompt stays VHS's.
  const bash = shellTarget('bash', { PROMPT: 'x ' });
  assert.deepEqual([bash.env.PS1, bash.env.PROMPT, bash.promptLine], ['\\[\\e[38;2;90;86;224m\\]> \\[\\e[0m\\]', 'x ', SHELL_PROMPT_LINE]);
  assert.equal(shellTarget('fish', { PS1: '$ ' }).promptLine, SHELL_PROMPT_LINE, "fish's prompt is a function, not PS1");
});

test('tapeTarget names the Set Shell line the shell comes from; a command after -- runs as it is', () => {
  const tape = parseTape('Env A "1"\nSet Shell sh\nSet Shell zsh\nType "x"\n', 'demo.tape');
  const target = tapeTarget(tape, [], { B: '2' });
  assert.deepEqual([target.command, target.args, target.env.A, target.env.B], ['zsh', ['--no-rcs', '--histnostore'], '1', '2']);
  assert.deepEqual(target.shell, { name: 'zsh', where: 'demo.tape:3', setting: 'Set Shell zsh', cursorLine: SHELL_PROMPT_LINE });
  assert.deepEqual(tapeTarget(parseTape('Type "x"\n', 'plain.tape'), []).shell, { name: 'bash', where: 'plain.tape', setting: 'Shell bash (the default)', cursorLine: SHELL_PROMPT_LINE });
  assert.deepEqual(tapeTarget(tape, ['node', 'app.js']), { command: 'node', args: ['app.js'], env: { A: '1' } });
});

/** A HOME whose rc files, history files and inputrc would each show a marker if the shell read them. */
function homeWithMarkers(): string {
  const home = makeTempDir('termaudit-home-');
  const files: Record<string, string> = {
    '.bashrc': 'echo RC_MARKER_BASHRC\n',
    '.bash_profile': 'echo RC_MARKER_BASH_PROFILE\n',
    '.profile': 'echo RC_MARKER_PROFILE\n',
    '.bash_logout': 'echo RC_MARKER_BASH_LOGOUT\n',
    '.bash_history': 'echo HISTORY_MARKER_BASH\n',
    '.inputrc': '"\\e[A": "echo RC_MARKER_INPUTRC"\n',
    '.zshenv': 'echo RC_MARKER_ZSHENV\n',
    '.zshrc': 'echo RC_MARKER_ZSHRC\n',
    '.zlogout': 'echo RC_MARKER_ZLOGOUT\n',
    '.zsh_history': ': 1700000000:0;echo HISTORY_MARKER_ZSH\n',
    '.config/fish/config.fish': 'echo RC_MARKER_FISH\n',
    '.local/share/fish/fish_history': '- cmd: echo HISTORY_MARKER_FISH\n  when: 1700000000\n',
    envrc: 'echo RC_MARKER_ENV\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(home, name, '..'), { recursive: true });
    writeFileSync(join(home, name), text);
  }
  return home;
}

/** filesUnder maps every file below `dir` (relative path) to its content. */
function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files[relative(dir, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), 'latin1');
  }
  return files;
}

/** recordTape records `lines` as a tape with no command (its own Shell) and returns the outcome, the tape's path and its screens. */
async function recordTape(lines: string[], env: Record<string, string>): Promise<{ outcome: ScenarioOutcome; tapePath: string; dir: string; cast: string; screens: string[] }> {
  const work = makeTempDir();
  const tapePath = join(work, 'shell.tape');
  writeFileSync(tapePath, ['Set TypingSpeed 10ms', ...lines].join('\n') + '\n');
  const dir = join(work, 'run');
  const outcome = await runScenario({
    stages: ['record'],
    dir,
    tape: await loadRunnableTape(tapePath),
    target: { cwd: work, env },
    record: { cols: 50, rows: 8 },
    render: { formats: ['txt'] },
  });
  const cast = existsSync(join(dir, 'session.cast')) ? readFileSync(join(dir, 'session.cast'), 'utf8') : '';
  return { outcome, tapePath, dir, cast, screens: (outcome.tapeText ?? '').split(`${SCREEN_DUMP_RULE}\n`) };
}

// What a user's shell setup may export: each would change the tape's shell or write to the user's files.
const home = homeWithMarkers();
const callerExports: Record<string, string> = {
  PS1: 'CALLER$ ',
  PROMPT: 'CALLER% ',
  PROMPT_COMMAND: 'echo RC_MARKER_PROMPT_COMMAND',
  HISTFILE: join(home, '.bash_history'),
  ENV: join(home, 'envrc'),
  BASH_ENV: join(home, 'envrc'),
  INPUTRC: join(home, '.inputrc'),
  ZDOTDIR: home,
};
const saved = Object.fromEntries(Object.keys(callerExports).map((name) => [name, process.env[name]]));
before(() => Object.assign(process.env, callerExports));
after(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

for (const shell of ['bash', 'sh', 'zsh', 'fish']) {
  test(`Set Shell ${shell} reads no rc file and no history, writes none, and shows VHS's prompt whatever the caller exported`, async (t) => {
    const installed = ensureShell(shell);
    if ('missing' in installed) return t.skip(installed.missing);
    const before = filesUnder(home);
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share') };
    // dash, Debian's sh, has no line editor: Up would be typed as it is.
    const recall = shell === 'sh' ? [] : ['Up'];
    const run = await recordTape([`Set Shell ${shell}`, ...recall, 'Enter', 'Type "echo done"', 'Enter', 'Wait+Screen /^done$/', 'Type "exit"', 'Enter', 'WaitExit'], env);
    assert.equal(run.outcome.failure, undefined, String(run.outcome.failure));
    assert.doesNotMatch(run.cast, /MARKER|CALLER/);
    const lines = run.screens.at(-1)!.split('\n');
    // The first keystroke came after the prompt: Up recalled nothing, and Enter ran an empty command line.
    assert.deepEqual(lines.slice(0, 3), ['>', '> echo done', 'done'], run.screens.at(-1));
    assert.match(lines[3], /^> exit/);
    assert.deepEqual(filesUnder(home), before, 'the files of HOME are unchanged and no file was added');
  });
}

/** slowShell makes a directory with a `bash` that sleeps half a second before it starts, and returns a PATH that finds it first. */
function slowShellPath(script: string): string {
  const dir = makeTempDir('termaudit-slow-shell-');
  writeFileSync(join(dir, 'bash'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, 'bash'), 0o755);
  return `${dir}:${process.env.PATH}`;
}

test('the first keystroke waits for the prompt of a shell that is slow to start', async (t) => {
  const bash = ensureShell('bash');
  if ('missing' in bash) return t.skip(bash.missing);
  const PATH = slowShellPath(`sleep 0.5\nexec ${bash.path} "$@"`);
  const run = await recordTape(['Type "echo hi"', 'Enter', 'Wait+Screen /^hi$/', 'Type "exit"', 'Enter', 'WaitExit'], { PATH });
  assert.equal(run.outcome.failure, undefined, String(run.outcome.failure));
  // Typed before the prompt, the terminal would echo `echo hi` first and the prompt after it.
  assert.deepEqual(run.screens.at(-1)!.split('\n').slice(0, 2), ['> echo hi', 'hi']);
});

test("a prompt of the tape's own is waited for too: the shell's first output, then a moment of quiet", async (t) => {
  const bash = ensureShell('bash');
  if ('missing' in bash) return t.skip(bash.missing);
  const PATH = slowShellPath(`sleep 0.5\nexec ${bash.path} "$@"`);
  const run = await recordTape(['Env PS1 "demo: "', 'Type "echo hi"', 'Enter', 'Wait+Screen /^hi$/', 'Type "exit"', 'Enter', 'WaitExit'], { PATH });
  assert.equal(run.outcome.failure, undefined, String(run.outcome.failure));
  assert.deepEqual(run.screens.at(-1)!.split('\n').slice(0, 2), ['demo: echo hi', 'hi']);
});

test('a shell that exits before its prompt fails naming the tape, with its last screen', async () => {
  const PATH = slowShellPath('echo "cannot start"\nexit 1');
  const run = await recordTape(['Type "echo hi"'], { PATH });
  assert.ok(run.outcome.failure instanceof ExecutionError, String(run.outcome.failure));
  assert.equal(run.outcome.failure.message.split('\n')[0], `${run.tapePath}: Shell bash (the default): waiting for the prompt: the target exited before it matched`);
  assert.match(run.outcome.failure.message, /^ {2}\| cannot start$/m);
  assert.doesNotMatch(run.cast, /"i"/, 'nothing was typed');
});

test('a Set Shell whose shell is not installed fails with exit 1 naming its line, and records nothing', async () => {
  const emptyPath = makeTempDir('termaudit-empty-path-');
  const run = await recordTape(['Set Shell zsh', 'Type "echo hi"'], { PATH: emptyPath });
  assert.ok(run.outcome.failure instanceof ConfigError, String(run.outcome.failure));
  assert.equal(run.outcome.failure.exitCode, 1);
  assert.equal(run.outcome.failure.message, `${run.tapePath}:2: Set Shell zsh: zsh is not installed (not found in PATH)`);
  assert.equal(existsSync(run.dir), false);
});
