/**
 * `termaudit calibrate [options]`: runs a judge over the calibration set shipped with termaudit (healthy
 * recordings, repeats of them, and one recording per injected defect), prints per defect whether the judge
 * caught it with the right criterion, and the judge's recall, false alarms and cost. `--record-repeats k
 * [--busy]` records the healthy programs again first (on a busy machine) and counts their false alarms too.
 * Exit 5 when recall is below --min-recall, a critical defect is hidden in the overall, or any healthy
 * repeat raised a false alarm. `--compare-requests` calibrates the vision judge both ways of asking (one
 * request per prompt, all prompts in one) and reports how far they agree.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { agreementLines, calibrate, compareRequestModes, DEFAULT_MIN_RECALL, type CalibrateOptions } from '../calibrate/index.js';
import { formatCalibrationTable } from '../calibrate/calibration-table.js';
import { ConfigError, QualityGateError } from '../errors.js';
import { DEFAULT_MODEL, JUDGE_DEFAULTS, judgeRules, type JudgeSettings } from '../evaluate/judge-settings.js';
import { checkOutputPath } from '../output-path.js';
import { numberBetween, settingOption } from '../settings.js';
import { runCommand } from './command-run.js';
import { integerOption } from './option-parsers.js';

interface CalibrateFlags {
  judge?: JudgeSettings['judge'];
  model?: string;
  baseUrl?: string;
  price?: JudgeSettings['price'];
  maxCost?: number;
  requests?: JudgeSettings['requests'];
  compareRequests?: boolean;
  repeats?: number;
  recordRepeats?: number;
  busy?: boolean;
  minRecall?: number;
  only?: string;
  set?: string;
  concurrency?: number;
  out?: string;
}

/** registerCalibrateCommand declares `calibrate`. */
export function registerCalibrateCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('calibrate')
    .option('--judge <judge>', 'heuristic or openai (default heuristic)', settingOption(judgeRules.judge, '--judge'))
    .option('--model <id>', `vision model of the openai judge (default ${DEFAULT_MODEL})`, settingOption(judgeRules.model, '--model'))
    .option('--base-url <url>', 'OpenAI-compatible API base URL (default OPENAI_BASE_URL, else OpenAI)', settingOption(judgeRules.baseURL, '--base-url'))
    .option('--price <prices>', "the model's price in US dollars per 1M tokens, in=<USD>,cached=<USD>,out=<USD> (default: the registry's)", settingOption(judgeRules.price, '--price'))
    .option('--max-cost <usd>', 'refuse an evaluation whose estimated cost is above this many US dollars', settingOption(judgeRules.maxCost, '--max-cost'))
    .option('--requests <mode>', `how the openai judge asks the prompts: per-prompt or combined (every prompt in one request) (default ${JUDGE_DEFAULTS.requests})`, settingOption(judgeRules.requests, '--requests'))
    .option('--compare-requests', 'calibrate the openai judge both ways (per-prompt into <dir>/per-prompt, combined into <dir>/combined) and report how far their scores agree and what each cost')
    .option('--repeats <k>', 'evaluate each healthy recording k times; every later evaluation that compare fails is a false alarm (default 1)', integerOption('--repeats', 1, 100))
    .option('--record-repeats <k>', 'record each healthy program k more times (its manifest command and tape) and compare each recording with its shipped one: every failure is a false alarm', integerOption('--record-repeats', 1, 50))
    .option('--busy', 'with --record-repeats: keep every core busy while recording (one busy loop per core), as on a loaded CI runner')
    .option('--min-recall <r>', `share of defects the judge must catch with the right criterion (default ${DEFAULT_MIN_RECALL})`, settingOption(numberBetween(0, 1), '--min-recall'))
    .option('--only <ids>', 'only these entries of the set, comma-separated (their healthy baselines are added)')
    .option('--set <dir>', 'a calibration directory with a manifest.json (default: the set shipped with termaudit)')
    .option('--concurrency <n>', 'evaluations at once (default 2)', integerOption('--concurrency', 1, 16))
    .option('-o, --out <dir>', 'directory of the runs, calibration.json and calibration.html (default calibration-<judge>)')
    .action(async (flags: CalibrateFlags) => {
      await runCommand({ stages: [] }, async (run) => {
        const judge = flags.judge === 'auto' || flags.judge === undefined ? 'heuristic' : flags.judge;
        const out = flags.out ?? `calibration-${judge}`;
        await checkOutputPath('--out', out);
        if (flags.compareRequests && flags.requests !== undefined) throw new ConfigError('--compare-requests runs both --requests modes: leave out --requests');
        if (flags.compareRequests && judge !== 'openai') throw new ConfigError('--compare-requests compares how the openai judge is asked: add --judge openai');
        const options: CalibrateOptions = {
          judge: { judge, model: flags.model, baseURL: flags.baseUrl, price: flags.price, maxCost: flags.maxCost, requests: flags.requests },
          out,
          setDir: flags.set,
          repeats: flags.repeats,
          recordRepeats: flags.recordRepeats,
          busyProcesses: flags.busy ? availableParallelism() : undefined,
          minRecall: flags.minRecall,
          only: flags.only?.split(',').map((id) => id.trim()).filter(Boolean),
          concurrency: flags.concurrency,
          signal: run.signal,
          onEvaluation: (name, done, total) => run.say(`calibrate: ${done}/${total} ${name}`),
          onRecording: (name, done, total) => run.say(`calibrate: recording ${done}/${total} ${name}`),
          onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
        };
        const results = flags.compareRequests ? await compareRequestModes(options) : undefined;
        const calibrations = results?.calibrations ?? [await calibrate(options)];
        for (const [index, result] of calibrations.entries()) {
          const { document } = result;
          const heading = results ? `--requests ${results.document.modes[index].requests}\n` : '';
          process.stdout.write(`${index > 0 ? '\n' : ''}${heading}${formatCalibrationTable(document.defects, document.summary, document.healthy)}\ncalibration: ${result.path}\nhtml: ${result.htmlPath}\n`);
        }
        if (results) process.stdout.write(`\n${agreementLines(results.document).join('\n')}\nrequests agreement: ${results.path}\n`);
        const failed = calibrations.find((result) => !result.document.summary.passed);
        if (failed) {
          const { summary } = failed.document;
          throw new QualityGateError(`calibration failed: recall ${summary.caught}/${summary.defects}, ${summary.falseAlarms} false alarm(s) (see ${failed.path})`);
        }
      });
    });
}
