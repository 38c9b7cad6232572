/**
 * The tape runner: plays a parsed tape against a running RecordSession (keys as xterm sends them, waits on
 * the live screen, markers, screenshots). `record()` calls it through its `drive` hook, so the cast and the
 * render are the same as for any recording.
 */
export { runTape, tapeEnvironment, DEFAULT_WAIT_PATTERN, SCREEN_DUMP_QUIET_MS, SCREEN_DUMP_LIMIT_MS, type RunTapeOptions, type TapeSession } from './run-tape.js';
export { formatScreenDumps, goldenDiff, SCREEN_DUMP_RULE } from './text-golden.js';
export { keyBytes, comboBytes, xtermModifier, type CursorKeyMode } from './key-bytes.js';
export { LiveScreen, type OutputSource } from './live-screen.js';
export { waitFor, type WaitForOptions, type WaitOutcome } from './wait-for.js';
export { ScreenshotWriter } from './screenshot.js';
