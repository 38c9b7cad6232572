import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Help } from 'commander';
import { COMMANDS } from '../../src/cli/command-table.js';
import { buildProgram, requestedCommand } from '../../src/cli/main.js';
import { TOOL_VERSION } from '../../src/version.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { makeTempDir, repoRoot } from '../helpers/paths.js';

/** The modules of dist/ that listing the commands may load: the entry, the table, the errors, the secrets (redacted output) and the version. */
const LISTING_MODULES = ['cli/main.js', 'cli/command-table.js', 'errors.js', 'secrets.js', 'version.js'];

/** LoggedRun is a `termaudit` run and what it loaded: dist/'s modules (relative to dist/) and node_modules' packages. */
interface LoggedRun extends CliRun {
  distModules: string[];
  packages: string[];
}

/** runLoggingModules runs `termaudit <args>` with test/helpers/module-log.mjs recording each module it loads. */
async function runLoggingModules(args: string[]): Promise<LoggedRun> {
  const logFile = join(makeTempDir(), 'modules.log');
  const hook = pathToFileURL(join(repoRoot, 'test', 'helpers', 'module-log.mjs')).href;
  const run = await runCli(args, {
    env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${hook}`.trim(), TERMAUDIT_MODULE_LOG: logFile },
  });
  assert.ok(existsSync(logFile), `the module log was written\n${run.stderr}`);
  const paths = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => relative(repoRoot, fileURLToPath(url)));
  const distModules = new Set(paths.filter((path) => path.startsWith('dist/')).map((path) => path.slice('dist/'.length)));
  const packages = new Set(paths.filter((path) => path.startsWith('node_modules/')).map((path) => path.split('/')[1]));
  return { ...run, distModules: [...distModules].sort(), packages: [...packages].sort() };
}

/** commandModulesOf lists the command modules (cli/*-command.js) a run loaded. */
function commandModulesOf(run: LoggedRun): string[] {
  return run.distModules.filter((path) => /^cli\/.*-command\.js$/.test(path));
}

for (const args of [['--version'], ['--help'], [], ['help']]) {
  test(`termaudit ${args.join(' ') || 'without arguments'} loads no command module and no stage`, async () => {
    const run = await runLoggingModules(args);
    assert.equal(run.code, 0, run.stderr);
    // Without the entry in the log the hook recorded nothing, and the assertions below would prove nothing.
    assert.ok(run.distModules.includes('cli/main.js'), `the module log saw the CLI: ${run.distModules.join(', ')}`);
    assert.deepEqual(
      run.distModules.filter((path) => !LISTING_MODULES.includes(path)),
      [],
      'modules of dist/ beyond the entry, the command table, the errors, the secrets and the version',
    );
    assert.deepEqual(run.packages, ['commander']);
  });
}

test('termaudit --version prints the version', async () => {
  const run = await runCli(['--version']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `${TOOL_VERSION}\n`);
});

test('termaudit --help lists every command with its arguments and description, in the order of the table', async () => {
  const run = await runCli(['--help']);
  assert.equal(run.code, 0, run.stderr);
  const listed = run.stdout
    .slice(run.stdout.indexOf('\nCommands:\n'))
    .split('\n')
    .map((line) => /^ {2}(\S+)(?: (.*?))? {2,}(\S.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, name, usage, description]) => ({ name, usage: usage ?? '', description }));
  assert.deepEqual(listed, [
    ...COMMANDS.map(({ name, usage, description }) => ({ name, usage, description })),
    { name: 'help', usage: '[command]', description: 'display help for command' },
  ]);
});

test('a command loads its own module and no other command module', async () => {
  const models = await runLoggingModules(['models', '--json']);
  assert.equal(models.code, 0, models.stderr);
  assert.deepEqual(commandModulesOf(models), ['cli/models-command.js']);

  for (const args of [['help', 'tape'], ['tape', '--help']]) {
    const help = await runLoggingModules(args);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: termaudit tape \[options\] \[command\]$/m);
    assert.deepEqual(commandModulesOf(help), ['cli/tape-command.js'], args.join(' '));
  }
});

test('an unknown command is a one-line usage error that loads no command module', async () => {
  const run = await runLoggingModules(['bogus']);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, "termaudit: unknown command 'bogus' (see termaudit --help)\n");
  assert.deepEqual(commandModulesOf(run), []);
});

test('requestedCommand finds the command argv runs or asks help for, and none for the program’s own options', () => {
  const nameOf = (argv: string[]) => requestedCommand(argv)?.name;
  assert.equal(nameOf(['run', 'pipeline.yaml']), 'run');
  assert.equal(nameOf(['help', 'tape']), 'tape');
  assert.equal(nameOf(['--', 'models']), 'models');
  assert.equal(nameOf(['tape', 'check', 'demo.tape']), 'tape');
  assert.equal(nameOf(['-h', 'run']), undefined);
  assert.equal(nameOf(['--version']), undefined);
  assert.equal(nameOf(['help']), undefined);
  assert.equal(nameOf(['bogus']), undefined);
  assert.equal(nameOf([]), undefined);
});

test('the command table agrees with the command buildProgram declares from each module', async () => {
  const help = new Help();
  for (const entry of COMMANDS) {
    const program = await buildProgram([entry.name], () => {});
    assert.equal(program.commands.length, 1, `${entry.name}: one command per module`);
    const [command] = program.commands;
    assert.deepEqual(
      { name: command.name(), usage: help.subcommandTerm(command).slice(command.name().length).trim(), description: command.description() },
      { name: entry.name, usage: entry.usage, description: entry.description },
    );
  }
});
