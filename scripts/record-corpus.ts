/**
 * `npm run corpus:record`: records the real-world corpus, casts of ordinary programs installed from Debian
 * (htop, vim, mc, git log, apt-cache, less, ls, nano, ncdu), with termaudit's own `record` (and `record --tape`
 * for the full-screen ones), into test/fixtures/corpus/, and writes its manifest.json. Tests read the
 * committed casts; only this script needs apt.
 *
 * Run it as root on Debian (CI does): it runs `apt-get update` and installs the programs non-interactively
 * (`--no-install` skips that when they are there already). It is safe to run again: the work directory
 * (a fixed path, so that paths shown on screen do not change between runs) is made afresh each time and
 * every cast is overwritten. `--only htop,vim` re-records some casts and keeps the others' manifest entries.
 *
 * Determinism: every program runs with TERM=xterm-256color, LANG/LC_ALL=C.UTF-8, TZ=UTC, an empty HOME (no
 * user rc file is read), PAGER=cat and GIT_PAGER=cat; the git repository has fixed authors and dates, so its
 * hashes are the same on every run. What cannot be fixed (htop's meters, sizes on disk) varies.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lutimesSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS_DIR, CORPUS_MANIFEST, type CorpusEntry, type CorpusKind, type CorpusManifest } from '../test/corpus/corpus-manifest.js';
import { DEFAULT_THEME } from '../src/render/theme.js';

const root = resolve(import.meta.dirname, '..');
const termaudit = join(root, 'bin', 'termaudit.js');

/** WORK_DIR is where the programs run: fixed, because mc and vim show it. */
const WORK_DIR = '/tmp/termaudit-corpus';
const HOME_DIR = join(WORK_DIR, 'home');
const PROJECT_DIR = join(WORK_DIR, 'project');
const RUNS_DIR = join(WORK_DIR, 'runs');
const APT_CONFIG_FILE = join(WORK_DIR, 'apt', 'apt.conf');

const COLS = 120;
const ROWS = 36;
/** No cast should come near this: it only keeps a program that ignores its quit key from blocking CI. */
const RECORD_TIMEOUT = '30s';

/**
 * The Debian packages the corpus installs. ls (coreutils), apt-cache (apt) and the GPL-3 text less shows
 * (base-files) are on every Debian system; naming them to apt-get install would upgrade them in passing.
 */
const PACKAGES = ['htop', 'vim', 'mc', 'git', 'less', 'nano', 'ncdu'];

/** Command lines of the background processes htop is pointed at (htop -p), so its list shows neither the host's processes nor its users. */
const HTOP_WORKERS = [
  '/usr/lib/corpus/scheduler --config=/etc/corpus/scheduler.toml --listen=127.0.0.1:7070 --metrics',
  '/usr/lib/corpus/worker --queue=render --threads=4 --log-file=/var/log/corpus/worker-render.log --retry-policy=exponential',
  '/usr/lib/corpus/worker --queue=index --threads=2 --log-file=/var/log/corpus/worker-index.log --retry-policy=linear',
  '/usr/lib/corpus/worker --queue=mail --threads=1 --log-file=/var/log/corpus/worker-mail.log --retry-policy=linear',
  '/usr/lib/corpus/uploader --bucket=corpus-artifacts --region=eu-west-1 --parallel=8 --resume',
  '/usr/lib/corpus/indexer --watch /srv/corpus/data --exclude=*.tmp --exclude=*.swp --interval=30s',
  'sh -c while true; do /usr/lib/corpus/healthcheck --url=http://127.0.0.1:7070/health; sleep 10; done',
  'corpus-cron',
];

/** CorpusPlanEntry is one program to record: what the manifest says about it, minus what the run finds out. */
interface CorpusPlanEntry {
  id: string;
  program: string;
  package: string;
  command: string[];
  kind: CorpusKind;
  /** File name under tapes/, or none for a program that exits on its own. */
  tape?: string;
  /** Environment for this program only, on top of recordingEnvironment. */
  env?: Record<string, string>;
  note: string;
  expectedText: string[];
}

/** corpusPlan lists the casts to record; `htopPids` are the PIDs of the HTOP_WORKERS processes. */
function corpusPlan(htopPids: number[]): CorpusPlanEntry[] {
  return [
    {
      id: 'htop',
      program: 'htop',
      package: 'htop',
      command: ['htop', '-p', htopPids.join(',')],
      kind: 'tui',
      tape: 'htop.tape',
      note: 'Meters and eight sleeping processes, most with long command lines that htop clips at the edge; Down 2, the F1 help screen, Escape back, F10 quits.',
      expectedText: ['Load average', 'Tasks:', 'F10Quit', 'Press any key to return', '/usr/lib/corpus/worker'],
    },
    {
      id: 'vim',
      program: 'vim',
      package: 'vim',
      command: ['vim', 'README.md'],
      kind: 'tui',
      tape: 'vim.tape',
      note: 'vim opens a short file (~ lines below it), moves down, Escape in normal mode, :q! quits.',
      expectedText: ['"README\\.md"', '^~\\s*$', 'tinytodo'],
    },
    {
      id: 'vim-invalid-command',
      program: 'vim',
      package: 'vim',
      command: ['vim', 'README.md'],
      kind: 'tui',
      tape: 'vim-invalid-command.tape',
      note: 'vim is given an unknown command (:foo) and shows E492 on its command line; :q! quits.',
      expectedText: ['E492: Not an editor command: foo'],
    },
    {
      id: 'mc',
      program: 'mc',
      package: 'mc',
      command: ['mc', '--nosubshell', '.', '/usr/share/common-licenses'],
      kind: 'tui',
      tape: 'mc.tape',
      note: 'Midnight Commander in its default theme: two panels, menu bar and function-key bar; Down 2, the F1 help window, F10 closes it, F10 quits.',
      expectedText: ['Left\\s+File\\s+Command\\s+Options\\s+Right', '10Quit', 'README\\.md', 'This is the main help screen for GNU Midnight Commander'],
    },
    {
      id: 'git-log',
      program: 'git log',
      package: 'git',
      command: ['git', 'log', '--graph', '--color'],
      kind: 'cli',
      note: 'git log --graph --color of a 15-commit repository with a merged branch, printed at once (GIT_PAGER=cat); one subject on the last screen says "errors".',
      expectedText: ['Report parse errors with their line and column', "Merge branch 'store'", '\\* commit [0-9a-f]{40}'],
    },
    {
      id: 'apt-cache-show',
      program: 'apt-cache',
      package: 'apt',
      command: ['apt-cache', 'show', 'bash'],
      kind: 'cli',
      // Only the machine's valid source files: notes about other files in its sources.list.d are not apt-cache's output.
      env: { APT_CONFIG: APT_CONFIG_FILE },
      note: 'apt-cache show bash: the package records as plain "Field: value" lines, longer than the screen.',
      expectedText: ['Package: bash', 'Description-md5:|Description:'],
    },
    {
      id: 'less',
      program: 'less',
      package: 'less',
      command: ['less', '/usr/share/common-licenses/GPL-3'],
      kind: 'tui',
      tape: 'less.tape',
      note: 'less pages through the GPL-3 text: Space, Down 3, a search for "warranty", q quits.',
      expectedText: ['GNU GENERAL PUBLIC LICENSE', 'warranty'],
    },
    {
      id: 'ls',
      program: 'ls',
      package: 'coreutils',
      command: ['ls', '--color=always', '-l'],
      kind: 'cli',
      note: 'ls --color=always -l of a small project: directories, an executable, an archive, an image, a symlink and a broken one, in the default colors.',
      expectedText: ['build\\.sh', 'latest -> tinytodo-1\\.0\\.tar\\.gz', 'broken-link -> missing-target', '^total \\d+'],
    },
    {
      id: 'nano',
      program: 'nano',
      package: 'nano',
      command: ['nano', 'notes.txt'],
      kind: 'tui',
      tape: 'nano.tape',
      note: 'nano edits a file: moves, types, opens the Ctrl+G help, leaves it, Ctrl+X and "N" to quit without saving.',
      expectedText: ['GNU nano', 'Main nano help text', 'Save modified buffer'],
    },
    {
      id: 'ncdu',
      program: 'ncdu',
      package: 'ncdu',
      command: ['ncdu', '--color', 'dark', '.'],
      kind: 'tui',
      tape: 'ncdu.tape',
      note: 'ncdu scans the project and lists it by size; Down 2, the ? help window, q closes it, q quits.',
      expectedText: ['ncdu 1\\.\\d+', 'Total disk usage', 'ncdu help'],
    },
  ];
}

/** recordingEnvironment is what every program runs with, beyond the inherited PATH. */
const recordingEnvironment: Record<string, string> = {
  TERM: 'xterm-256color',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  TZ: 'UTC',
  HOME: HOME_DIR,
  PAGER: 'cat',
  GIT_PAGER: 'cat',
  EDITOR: 'vim',
};

/** environmentOf is the environment an entry's program gets beyond the inherited one. */
function environmentOf(entry: CorpusPlanEntry): Record<string, string> {
  return { ...recordingEnvironment, ...entry.env };
}

/** recordArguments builds termaudit's `record` command line for one entry (pure). */
function recordArguments(entry: CorpusPlanEntry, out: string): string[] {
  const args = ['record', '--out', out, '--no-render', '--cols', String(COLS), '--rows', String(ROWS), '--cwd', PROJECT_DIR, '--timeout', RECORD_TIMEOUT];
  for (const [name, value] of Object.entries(environmentOf(entry))) args.push('--env', `${name}=${value}`);
  // In termaudit's default theme, as the committed casts are, whether a tape drives the program or not
  // (a tape alone would record in VHS's colours).
  if (entry.tape) args.push('--tape', join(CORPUS_DIR, 'tapes', entry.tape), '--theme', DEFAULT_THEME);
  return [...args, '--', ...entry.command];
}

// ── the work directory ─────────────────────────────────────────────────────

/** A fixed moment, so files and commits look the same on every run. */
const EPOCH = Date.UTC(2024, 2, 1, 9, 0, 0);

function writeProjectFile(path: string, content: string | Buffer, mode?: number): void {
  const full = join(PROJECT_DIR, path);
  mkdirSync(resolve(full, '..'), { recursive: true });
  writeFileSync(full, content);
  if (mode !== undefined) chmodSync(full, mode);
}

/** GitStep is one step of the project's history: a commit on a branch, or a merge into main. */
type GitStep = { branch: 'main' | 'store'; subject: string; files: Record<string, string> } | { merge: 'store'; subject: string };

/** gitHistory is the project's history, oldest first: a branch that main moves past and then merges, so the graph has two lines. */
const gitHistory: GitStep[] = [
  { branch: 'main', subject: 'Start tinytodo: a to-do list for the terminal', files: { 'README.md': '# tinytodo\n\nA to-do list for the terminal.\n' } },
  { branch: 'main', subject: 'Read tasks with a small parser', files: { 'src/parse.c': '/* parse */\n' } },
  // Among the oldest commits, so it is on the last screen of git log: a subject that says "errors" is not an error.
  { branch: 'main', subject: 'Report parse errors with their line and column', files: { 'src/parse.c': '/* parse, with errors */\n' } },
  { branch: 'main', subject: 'Add the list and add commands', files: { 'src/main.c': 'int main(void) { return 0; }\n' } },
  { branch: 'store', subject: 'Store tasks in ~/.tinytodo', files: { 'src/store.c': '/* store */\n' } },
  { branch: 'main', subject: 'Add a done command', files: { 'src/main.c': 'int main(void) { return 1; }\n' } },
  { branch: 'store', subject: 'Lock the store while writing', files: { 'src/store.c': '/* store, locked */\n' } },
  { branch: 'store', subject: 'Test the store on broken files', files: { 'test/store.sh': '#!/bin/sh\n' } },
  { branch: 'main', subject: 'Colour overdue tasks red', files: { 'src/show.c': '/* show */\n' } },
  { merge: 'store', subject: "Merge branch 'store'" },
  { branch: 'main', subject: 'Document the commands', files: { 'README.md': '# tinytodo\n\nA to-do list for the terminal.\n\n    tinytodo add "milk"\n' } },
  { branch: 'main', subject: 'Build with make', files: { Makefile: 'all:\n\tcc -o tinytodo src/*.c\n' } },
  { branch: 'main', subject: 'Fix a crash on an empty store', files: { 'src/store.c': '/* store, checked */\n' } },
  { branch: 'main', subject: 'Add a --version flag', files: { 'src/main.c': 'int main(void) { return 2; }\n' } },
  { branch: 'main', subject: 'Release 1.0', files: { VERSION: '1.0\n' } },
];

/** makeGitRepository creates the project's history with a fixed author and one commit an hour from EPOCH. */
function makeGitRepository(): void {
  let date = '';
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
      cwd: PROJECT_DIR,
      stdio: 'ignore',
      env: {
        ...process.env,
        HOME: HOME_DIR,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Ada Example',
        GIT_AUTHOR_EMAIL: 'ada@example.org',
        GIT_COMMITTER_NAME: 'Ada Example',
        GIT_COMMITTER_EMAIL: 'ada@example.org',
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    });
  git('init', '--quiet');
  const branches = new Set(['main']);
  let current = 'main';
  const checkout = (branch: string) => {
    if (branch === current) return;
    git('checkout', '--quiet', ...(branches.has(branch) ? [] : ['-b']), branch);
    branches.add(branch);
    current = branch;
  };
  gitHistory.forEach((step, index) => {
    date = new Date(EPOCH + (index + 1) * 3_600_000).toISOString();
    if ('merge' in step) {
      checkout('main');
      git('merge', '--quiet', '--no-ff', '-m', step.subject, step.merge);
      return;
    }
    checkout(step.branch);
    for (const [path, content] of Object.entries(step.files)) writeProjectFile(path, content);
    git('add', '--all');
    git('commit', '--quiet', '-m', step.subject);
  });
}

/** makeWorkDirectory creates the work directory afresh: an empty HOME and a small project with a git history. */
function makeWorkDirectory(): void {
  rmSync(WORK_DIR, { recursive: true, force: true });
  mkdirSync(HOME_DIR, { recursive: true });
  mkdirSync(PROJECT_DIR, { recursive: true });
  mkdirSync(RUNS_DIR, { recursive: true });
  makeGitRepository();
  // Files that ls and mc colour differently: directories, an executable, an archive, an image, links.
  writeProjectFile('build.sh', '#!/bin/sh\nmake\n', 0o755);
  writeProjectFile('tinytodo-1.0.tar.gz', Buffer.alloc(2048, 1));
  writeProjectFile('screenshot.png', Buffer.alloc(4096, 2));
  writeProjectFile('docs/manual.txt', 'tinytodo manual\n'.repeat(200));
  writeProjectFile('notes.txt', ['Ideas for tinytodo', '', '- due dates', '- tags', '- sync between machines', ''].join('\n'));
  symlinkSync('tinytodo-1.0.tar.gz', join(PROJECT_DIR, 'latest'));
  symlinkSync('missing-target', join(PROJECT_DIR, 'broken-link'));
  const touched = new Date(EPOCH + 30 * 86_400_000);
  for (const path of readdirSync(PROJECT_DIR, { recursive: true, encoding: 'utf8' })) lutimesSync(join(PROJECT_DIR, path), touched, touched);
  lutimesSync(PROJECT_DIR, touched, touched);
  makeAptConfig();
}

/**
 * makeAptConfig writes an APT_CONFIG that reads only the machine's valid source files (`*.list`, `*.sources`),
 * copied aside: apt prints a note for every other file in sources.list.d, which says something about the
 * machine, not about apt-cache.
 */
function makeAptConfig(): void {
  const parts = join(WORK_DIR, 'apt', 'sources.list.d');
  mkdirSync(parts, { recursive: true });
  const system = '/etc/apt/sources.list.d';
  for (const name of existsSync(system) ? readdirSync(system) : []) {
    if (/\.(list|sources)$/.test(name)) copyFileSync(join(system, name), join(parts, name));
  }
  writeFileSync(APT_CONFIG_FILE, `Dir::Etc::SourceParts "${parts}";\n`);
}

// ── effects ────────────────────────────────────────────────────────────────

function installPackages(): void {
  if (process.getuid?.() !== 0) throw new Error('installing the corpus programs needs root: run as root, or pass --no-install when they are installed');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], { stdio: 'inherit', env });
}

function packageVersion(name: string): string {
  return execFileSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8' }).trim();
}

/** startHtopWorkers starts the sleeping processes htop lists, each under a long command line (bash's exec -a). */
function startHtopWorkers(): ChildProcess[] {
  return HTOP_WORKERS.map((commandLine) => spawn('bash', ['-c', `exec -a "${commandLine}" sleep 600`], { stdio: 'ignore', detached: true }));
}

function recordEntry(entry: CorpusPlanEntry): CorpusEntry {
  const out = join(RUNS_DIR, entry.id);
  const args = recordArguments(entry, out);
  console.log(`\n── ${entry.id}: termaudit ${args.join(' ')}`);
  const recordedAt = new Date().toISOString();
  execFileSync(process.execPath, [termaudit, ...args], { stdio: 'inherit', cwd: PROJECT_DIR });
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { durationSeconds: number; endedBy: string; exitCode: number | null };
  if (meta.endedBy !== 'exit') throw new Error(`${entry.id}: the recording ended by ${meta.endedBy}, not by the program's exit: fix its tape`);
  const cast = `${entry.id}.cast`;
  copyFileSync(join(out, 'session.cast'), join(CORPUS_DIR, cast));
  return {
    id: entry.id,
    program: entry.program,
    package: entry.package,
    version: packageVersion(entry.package),
    command: entry.command,
    cwd: PROJECT_DIR,
    env: environmentOf(entry),
    cast,
    tape: entry.tape ? `tapes/${entry.tape}` : null,
    kind: entry.kind,
    recordedAt,
    cols: COLS,
    rows: ROWS,
    durationSeconds: Math.round(meta.durationSeconds * 1000) / 1000,
    note: entry.note,
    expectedText: entry.expectedText,
  };
}

// ── main ───────────────────────────────────────────────────────────────────

const { values } = parseArgs({ options: { 'no-install': { type: 'boolean', default: false }, only: { type: 'string' } } });
if (!values['no-install']) installPackages();
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

makeWorkDirectory();
mkdirSync(CORPUS_DIR, { recursive: true });
const workers = startHtopWorkers();
let exitCode = 0;
try {
  const plan = corpusPlan(workers.map((worker) => worker.pid!));
  const only = values.only?.split(',').map((id) => id.trim());
  const unknown = only?.filter((id) => !plan.some((entry) => entry.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: no corpus entry named ${unknown.join(', ')} (there are ${plan.map((entry) => entry.id).join(', ')})`);
  const previous = existsSync(CORPUS_MANIFEST) ? (JSON.parse(readFileSync(CORPUS_MANIFEST, 'utf8')) as CorpusManifest).entries : [];
  const entries = plan.map((entry) =>
    only && !only.includes(entry.id) ? (previous.find((old) => old.id === entry.id) ?? recordEntry(entry)) : recordEntry(entry),
  );
  const manifest: CorpusManifest = {
    description: 'Casts of real programs installed from Debian, recorded by scripts/record-corpus.ts (npm run corpus:record) with termaudit record; see README.md here.',
    debianVersion: readFileSync('/etc/debian_version', 'utf8').trim(),
    entries,
  };
  writeFileSync(CORPUS_MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`\nwrote ${entries.length} casts and ${relative(root, CORPUS_MANIFEST)}`);
} catch (error) {
  console.error(`record-corpus: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 2;
} finally {
  for (const worker of workers) worker.kill();
}
process.exitCode = exitCode;
