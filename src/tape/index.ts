/**
 * The tape stage's front end: reads VHS `.tape` files (plus termaudit's WaitIdle, WaitExit, Marker and Resize)
 * into a typed, located AST with every error and warning collected. It hands a runner `Tape.commands` to
 * dispatch on `kind`, and the render stage the options and outputs the tape asks for.
 */
export { parseTape, parseTapeFile, tapeCommandKeywords, DEFAULT_WAIT_IDLE_QUIET_MS, type ParseTapeOptions } from './parser.js';
export { lexTape, type Token, type TokenType } from './lexer.js';
export { renderDiagnostic, closestName } from './diagnostics.js';
export { parseTapeDuration } from './tape-duration.js';
export { settingParsers, unsupportedSettings } from './settings.js';
export {
  renderOptionsFromTape,
  outputsFromTape,
  outputFormatOfPath,
  lastSetting,
  builtInThemeOf,
  castThemeFromVhs,
  type TapeOutput,
  type TapeRenderOptions,
} from './tape-outputs.js';
export { checkTape, type TapeCheckResult } from './check-tape.js';
export * from './tape-types.js';
