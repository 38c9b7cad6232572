/**
 * How a recorded program met its keyboard: the input events (`"i"`) a tape or a person typed, how long
 * each took to show on screen (the first output after it), and whether the program took over the screen
 * (the alternate screen, where full-screen programs wait for keys). One streamed pass over the cast.
 */
import { isCastHeader, readCast } from '../../asciicast/cast-reader.js';
import type { InputMeasures } from './measures.js';

/** An input with no output before the next input (or the end) within this many seconds went unanswered. */
export const UNANSWERED_SECONDS = 5;

const ENTER_ALTERNATE_SCREEN = /\x1b\[\?(?:1049|1047|47)h/;

/** median of a non-empty list. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** measureInput reads a cast's input events and the response to each (see InputMeasures). */
export async function measureInput(castPath: string, lenient: boolean | undefined): Promise<InputMeasures> {
  const responses: number[] = [];
  let events = 0;
  let unanswered = 0;
  let alternateScreen = false;
  let waiting: number | undefined;
  let slowest: { time: number; seconds: number } | null = null;
  for await (const item of readCast(castPath, { lenient })) {
    if (isCastHeader(item)) continue;
    if (item.code === 'i') {
      events++;
      // Presses before any output are answered together: the wait is measured from the first of them.
      waiting ??= item.time;
      continue;
    }
    if (item.code !== 'o') continue;
    if (!alternateScreen && ENTER_ALTERNATE_SCREEN.test(item.data)) alternateScreen = true;
    if (waiting === undefined) continue;
    const seconds = item.time - waiting;
    if (seconds > UNANSWERED_SECONDS) unanswered++;
    else {
      responses.push(seconds);
      if (!slowest || seconds > slowest.seconds) slowest = { time: waiting, seconds };
    }
    waiting = undefined;
  }
  // A last press with no output after it is not counted: it is usually the key that quit the program.
  return {
    events,
    answered: responses.length,
    unanswered,
    medianResponseSeconds: responses.length > 0 ? median(responses) : null,
    slowest,
    alternateScreen,
  };
}
