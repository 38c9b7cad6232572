/**
 * `termaudit merge <run dirs...> [-o <dir>] [--allow-incomplete]`: joins the run directories of a sharded
 * pipeline run (`termaudit run --shard i/n` on several machines) into one run with one summary, report.html
 * and junit.xml, prints the scenario table, and exits with the merged run's exit code, as `termaudit run`
 * would have for the whole pipeline (0 passed · 2 gate closed or failed, or a shard missing · 3 timeout ·
 * 4 interrupted · 5 quality gate failed). A missing shard only counts as passed with --allow-incomplete.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { checkOutputPath } from '../output-path.js';
import { mergeRuns } from '../pipeline/merge.js';
import { formatRunTable } from '../pipeline/summary.js';
import { reportFileNames } from '../report/report-input.js';

/** registerMergeCommand declares `merge`. */
export function registerMergeCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('merge')
    .argument('<run-dirs...>', 'the shard run directories (each holds a run summary scorecard.json)')
    .option('-o, --out <dir>', 'the merged run directory (default: <pipeline dir>/<run id of the first>-merged)')
    .option('--allow-incomplete', "a missing shard does not fail the merge (its scenarios are still listed as missing); without it the merge exits 2")
    .action(async (runDirs: string[], flags: { out?: string; allowIncomplete?: boolean }) => {
      if (flags.out !== undefined) await checkOutputPath('--out', flags.out);
      const { runDir, summary, latest } = await mergeRuns(runDirs, {
        out: flags.out,
        allowIncomplete: flags.allowIncomplete,
        onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
      });
      process.stdout.write(`${formatRunTable(summary)}\n\nrun: ${runDir}\nreport: ${join(runDir, reportFileNames.html)}\n${latest ? `latest: ${latest}\n` : ''}`);
      setExitCode(summary.exitCode);
    });
}
