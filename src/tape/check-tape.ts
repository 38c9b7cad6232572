/**
 * `tape check`'s logic, apart from the CLI: parse a tape file and summarise it, so editors and tests get the
 * same answer as the command line.
 */
import { parseTapeFile, type ParseTapeOptions } from './parser.js';
import type { Tape } from './tape-types.js';

/** TapeCheckResult is a checked tape: valid when it has no errors, with a one-line summary and the rendered diagnostics. */
export interface TapeCheckResult {
  tape: Tape;
  valid: boolean;
  /** e.g. `demo.tape: valid: 12 commands, 3 settings, 1 warning`. */
  summary: string;
  /** Every error, rendered with its source line and caret, in file order. */
  renderedErrors: string[];
  renderedWarnings: string[];
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** checkTape parses a tape file (and what it sources) without running it and summarises what it found. */
export function checkTape(path: string, options: ParseTapeOptions = {}): TapeCheckResult {
  const tape = parseTapeFile(path, options);
  const settings = tape.commands.filter((command) => command.kind === 'Set').length;
  const counts = `${plural(tape.commands.length - settings, 'command')}, ${plural(settings, 'setting')}, ${plural(tape.warnings.length, 'warning')}`;
  const valid = tape.errors.length === 0;
  return {
    tape,
    valid,
    summary: valid ? `${path}: valid: ${counts}` : `${path}: ${plural(tape.errors.length, 'error')} (${counts})`,
    renderedErrors: tape.errors.map((error) => error.rendered),
    renderedWarnings: tape.warnings.map((warning) => warning.rendered),
  };
}
