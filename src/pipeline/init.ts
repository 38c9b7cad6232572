/**
 * `termaudit init`: a commented starter pipeline for one command. The text is built by a pure function
 * (`starterPipeline`) with every section present and each key's meaning and default in a comment, so a
 * user edits a file that already loads instead of reading a reference first; `writeStarterPipeline`
 * only chooses the path and writes it, refusing to replace a file unless asked to.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, relative, resolve } from 'node:path';
import { ConfigError, reasonOf } from '../errors.js';
import { DEFAULT_MODEL, JUDGE_DEFAULTS } from '../evaluate/judge-settings.js';
import { DEFAULT_MAX_DROP } from '../compare/verdicts.js';
import { RECORD_DEFAULTS } from '../record/record-settings.js';
import { RENDER_DEFAULTS } from '../render/render-settings.js';
import { SAMPLE_DEFAULTS } from '../sample/sample-settings.js';
import { KEBAB_CASE } from './config-schema.js';

/** Programs that run a script: the pipeline is named after the script rather than after them. */
const INTERPRETERS = new Set(['node', 'nodejs', 'deno', 'bun', 'npx', 'python', 'python3', 'ruby', 'perl', 'bash', 'sh', 'zsh', 'go', 'cargo', 'uv']);

/** pipelineNameFor names a pipeline after its command: `node bin/my-tool.js` → `my-tool`, `htop` → `htop`. */
export function pipelineNameFor(command: readonly string[]): string {
  const script = INTERPRETERS.has(basename(command[0] ?? '')) ? command.slice(1).find((arg) => !arg.startsWith('-')) : undefined;
  const word = basename(script ?? command[0] ?? '', extname(script ?? command[0] ?? ''));
  const name = word
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return KEBAB_CASE.test(name) ? name : 'audit';
}

/** StarterOptions are what a starter pipeline says besides the command. */
export interface StarterOptions {
  /** The pipeline's name (kebab-case). @default pipelineNameFor(command) */
  name?: string;
  /** The command's working directory relative to the pipeline file's directory. @default '.' */
  cwd?: string;
  /** How the usage line at the top names the file. @default '<this file>' */
  file?: string;
}

/** Writes a string as a YAML double-quoted scalar that `${VAR}` expansion leaves as it is. */
function quote(text: string): string {
  return JSON.stringify(text).replaceAll('${', () => '$${');
}

/**
 * starterPipeline returns the text of a commented starter pipeline for `command`: one scenario running it,
 * every section of `defaults` present with comments giving each key's meaning and default, and a second
 * scenario commented out. The text loads with `loadPipeline` as written.
 */
export function starterPipeline(command: readonly string[], options: StarterOptions = {}): string {
  if (command.length === 0 || command[0] === '') throw new ConfigError('init: name the command to audit after --, e.g. termaudit init -- node bin/my-tool.js');
  const name = options.name ?? pipelineNameFor(command);
  const commandList = `[${command.map(quote).join(', ')}]`;
  return `# termaudit pipeline for: ${command.join(' ')}
#
#   npx termaudit run ${options.file ?? '<this file>'}
#
# One file describes an audit: \`defaults\` shared by every scenario, then the scenarios. A scenario key
# overrides the same key of \`defaults\` (mappings are merged key by key). Durations are written 90s, 2m,
# 1m30s or 500ms. Relative paths (cwd, tape, prompts, baseline, theme files) start at this file's
# directory. Strings in command, env and cwd may use \${VAR} or \${VAR:-default} from the environment.
# The full reference: pipeline/README.md in the termaudit repository.

name: ${name}                   # names the run directory; default: this file's name
outRoot: ${RECORD_DEFAULTS.outRoot}             # runs go to <outRoot>/<name>/<run id>/<scenario>/ (relative to the current directory)

defaults:
  cwd: ${quote(options.cwd ?? '.')}                    # working directory of the command; default: the current directory
  # env: { MY_TOKEN: "\${MY_TOKEN}" }   # added to termaudit's environment; values named *KEY*, *TOKEN*, *SECRET*,
  #                                    # *PASSWORD* or *CREDENTIAL* never appear in any output (shown as ***)
  # secrets: [MY_VAR]                  # more variable names whose values are redacted
  terminal: { cols: ${RECORD_DEFAULTS.cols}, rows: ${RECORD_DEFAULTS.rows} }    # the pty's size (default ${RECORD_DEFAULTS.cols}x${RECORD_DEFAULTS.rows})
  timeout: 2m                          # stop the recording after this long (default: no limit)
  # tape: tapes/session.tape           # a VHS tape that types into the program while it is recorded

  # The pretest runs the command once in its automation mode (the automation args appended) and records
  # only when that run passed. \`pretest: false\` skips it (the default when the key is absent).
  pretest: false
  # pretest:
  #   automationArgs: [--automation]   # appended to the command for the pretest (default [--automation])
  #   mode: complete                   # complete: wait for the end; smoke: decide after \`for\` (default complete)
  #   for: 45s                         # smoke mode: how long the target runs before the gate decides
  #   timeout: 5m                      # fail when the target runs longer (default: no limit)
  #   stuckAfter: 60s                  # fail when completion_percentage stops rising this long (default 60s)
  #   expect: '^done'                  # for targets without status.json: a line of output must match

  render:
    formats: [${RENDER_DEFAULTS.formats.join(', ')}]                    # mp4, webm, gif, frames, txt (default [${RENDER_DEFAULTS.formats.join(', ')}])
    theme: dracula                     # a built-in theme or a .json theme file (default: the recording's theme)
    # fps: ${RENDER_DEFAULTS.fps}                          # frames per second (default ${RENDER_DEFAULTS.fps})
    # width: 1920                      # fit the terminal into this frame size (default: from fontSize)
    # height: 1080
    # fontSize: ${RENDER_DEFAULTS.fontSize}                     # pixels (default ${RENDER_DEFAULTS.fontSize})
    # lineHeight: ${RENDER_DEFAULTS.lineHeight}                  # a multiple of the font size (default ${RENDER_DEFAULTS.lineHeight})
    # padding: ${RENDER_DEFAULTS.padding}                      # pixels around the terminal (default ${RENDER_DEFAULTS.padding})
    # speed: ${RENDER_DEFAULTS.speed}                         # playback speed (default ${RENDER_DEFAULTS.speed})
    # idleTimeLimit: 2s                # shorten pauses longer than this (default: keep them)
    # lastFrame: ${RENDER_DEFAULTS.lastFrame}s                    # how long the final screen is held (default ${RENDER_DEFAULTS.lastFrame}s)

  sample:
    frames: ${SAMPLE_DEFAULTS.frames}                         # at most this many frames are judged (default ${SAMPLE_DEFAULTS.frames})
    strategy: [${SAMPLE_DEFAULTS.strategies.join(', ')}]                # uniform, changes, markers (default [${SAMPLE_DEFAULTS.strategies.join(', ')}])

  evaluate:
    judge: ${JUDGE_DEFAULTS.judge}                        # auto (openai with OPENAI_API_KEY, else heuristic), openai, heuristic
    model: ${DEFAULT_MODEL}                     # the vision model of the openai judge (default ${DEFAULT_MODEL})
    # baseUrl: https://api.openai.com/v1   # an OpenAI-compatible API (default OPENAI_BASE_URL, else OpenAI)
    # prompts: [../prompts/visual-clarity.md]   # rubric files (default: every shipped prompt)
    samples: ${JUDGE_DEFAULTS.samples}                         # answers per prompt; the median is kept (default ${JUDGE_DEFAULTS.samples})
    maxCost: 1.00                      # refuse to start above this many US dollars (default: no limit)
    # price: { input: 2.0, cachedInput: 0.5, output: 8.0 }   # USD per 1M tokens, for a model termaudit models does not list (default: its price there)

  gate:
    # minScore: 5                      # minimum of the overall score and of every criterion (default: none)
    minScores: { overall: 5 }          # minimums by criterion id, overall for the overall score (default: none)
    maxDrop: ${DEFAULT_MAX_DROP.toFixed(1)}                        # largest drop of a score against the baseline (default ${DEFAULT_MAX_DROP.toFixed(1)})
    # baseline: ../recordings/${name}/baseline   # a previous run to compare with (default: none)
    # maxDiffRatio: 0.05               # a marker screen with more differing pixels than this share fails
    # maxDiffPixels: 5000              # the same as a pixel count
    # pairwise: false                  # also ask the vision judge to compare the two runs (default false)

scenarios:
  - name: default                      # kebab-case, unique: the scenario's directory name
    description: the program as it starts
    command: ${commandList}   # a list, or a string split on spaces (no shell)

  # - name: narrow-terminal
  #   description: the same program in a small terminal
  #   command: ${commandList}
  #   terminal: { cols: 80, rows: 24 }
  #   gate: { minScore: 4 }
`;
}

/** InitOptions say where `writeStarterPipeline` writes. */
export interface InitOptions {
  /** The file to write. @default `pipeline/<name>.yaml` under `cwd` */
  out?: string;
  /** Replace an existing file. @default false */
  force?: boolean;
  /** The current directory: the command runs here, and a relative `out` starts here. @default process.cwd() */
  cwd?: string;
}

/**
 * writeStarterPipeline writes a starter pipeline for `command` and returns its path. An existing file is a
 * ConfigError unless `force` is set, so a pipeline someone edited is never replaced by accident.
 */
export async function writeStarterPipeline(command: readonly string[], options: InitOptions = {}): Promise<string> {
  const cwd = options.cwd ?? process.cwd();
  const name = pipelineNameFor(command);
  const out = resolve(cwd, options.out ?? `pipeline/${name}.yaml`);
  const outName = basename(out, extname(out));
  const text = starterPipeline(command, {
    // A file named in kebab-case names its pipeline; otherwise the command does.
    name: KEBAB_CASE.test(outName) ? outName : name,
    cwd: relative(dirname(out), cwd) || '.',
    file: relative(cwd, out) || out,
  });
  await mkdir(dirname(out), { recursive: true });
  try {
    await writeFile(out, text, { flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConfigError(`${relative(cwd, out) || out} already exists: pass --force to overwrite it, or --out <file> to write another`, { cause: error });
    }
    throw new ConfigError(`cannot write ${out}: ${reasonOf(error)}`, { cause: error });
  }
  return out;
}
