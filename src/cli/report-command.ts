/**
 * `termaudit report <run dir|scorecard.json> [--format html,md,junit] [-o <dir>] [--min-score N]` writes
 * report.html, scorecard.md and junit.xml beside the scorecard; `termaudit report --history <dir>` writes
 * history.html, the trend over every scorecard below a directory.
 */
import type { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { checkOutputPath } from '../output-path.js';
import { historyReport, parseReportFormats, report, reportFormats, type ReportFormat } from '../report/index.js';
import { scoreRule } from '../compare/gate-settings.js';
import { settingOption } from '../settings.js';

interface ReportFlags {
  format?: ReportFormat[];
  out?: string;
  minScore?: number;
  history?: string;
}

/** registerReportCommand declares `report`. */
export function registerReportCommand(program: Command, _setExitCode?: (code: number) => void): void {
  program
    .command('report')
    .argument('[input]', 'a run directory (with scorecard.json) or a scorecard.json')
    .option('--format <list>', `reports to write, comma-separated: ${reportFormats.join(', ')} (default: all)`, parseReportFormats)
    .option('-o, --out <dir>', 'output directory (default: beside the scorecard; with --history: the searched directory)')
    .option('--min-score <n>', 'criteria scoring below this fail in junit.xml (default: none fails)', settingOption(scoreRule, '--min-score'))
    .option('--history <dir>', 'write history.html: the scores over time of every scorecard.json below <dir>')
    .action(async (input: string | undefined, flags: ReportFlags) => {
      const onWarning = (message: string) => process.stderr.write(`warning: ${message}\n`);
      if (flags.out !== undefined) await checkOutputPath('--out', flags.out);
      if (flags.history !== undefined) {
        if (input !== undefined) throw new ConfigError('give either a run directory or --history <dir>, not both');
        const result = await historyReport(flags.history, { out: flags.out, onWarning });
        process.stdout.write(`history: ${result.path} (${result.runs.length} run${result.runs.length === 1 ? '' : 's'})\n`);
        return;
      }
      if (input === undefined) throw new ConfigError('report: give a run directory or a scorecard.json (or --history <dir>)');
      const result = await report(input, { formats: flags.format, out: flags.out, minScore: flags.minScore, onWarning });
      for (const [format, path] of Object.entries(result.outputs)) process.stdout.write(`${format}: ${path}\n`);
      if (result.comparisonPath) process.stdout.write(`with the comparison in ${result.comparisonPath}\n`);
    });
}
