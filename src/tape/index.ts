/**
 * The tape stage's front end: reads VHS `.tape` files (plus termaudit's WaitIdle, WaitExit, Marker and Resize)
 * into a typed, located AST with every error and warning collected. It hands a runner `Tape.commands` to
 * dispatch on `kind`, and the render stage the options and outputs the tape asks for.
 */
export { parseTape, parseTapeFile } from './parser.js';
export { lexTape } from './lexer.js';
export { parseTapeDuration } from './tape-duration.js';
export { renderOptionsFromTape, outputsFromTape, outputFormatOfPath, castThemeFromVhs } from './tape-outputs.js';
export { checkTape } from './check-tape.js';
export * from './tape-types.js';
