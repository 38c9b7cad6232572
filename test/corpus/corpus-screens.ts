/**
 * What a corpus cast showed, as text, read with the render stage's own replay: every distinct screen state,
 * and the whole output as it would read in a terminal tall enough to keep every line (a line-oriented
 * program prints more than one screen at once, so most of its lines are never on a screen state of their own).
 */
import { summarizeCast, isCastHeader, readCast } from '../../src/asciicast/cast-reader.js';
import { replayFrames } from '../../src/render/replay.js';
import { snapshotText } from '../../src/render/screen.js';
import { VirtualTerminal } from '../../src/render/virtual-terminal.js';

/** castScreenTexts returns the text of every distinct screen state of a cast, in order. */
export async function castScreenTexts(castPath: string): Promise<string[]> {
  const summary = await summarizeCast(castPath);
  const texts: string[] = [];
  for await (const frame of replayFrames(castPath, summary)) texts.push(snapshotText(frame.snapshot));
  return texts;
}

/**
 * castTranscript returns the cast's whole output as text: replayed into a terminal of the cast's width and
 * `rows` rows, so that nothing up to that many lines scrolls away. Meant for line-oriented programs.
 */
export async function castTranscript(castPath: string, rows = 2000): Promise<string> {
  let terminal: VirtualTerminal | undefined;
  for await (const item of readCast(castPath)) {
    if (isCastHeader(item)) terminal = new VirtualTerminal({ cols: item.width, rows });
    else if (item.code === 'o') await terminal!.write(item.data);
  }
  return terminal ? snapshotText(terminal.snapshot()) : '';
}
