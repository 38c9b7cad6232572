/**
 * How a recorded program met its keyboard: the input events (`"i"`) a tape or a person typed, how long
 * each took to show on screen (the first output after it), and whether the program took over the screen
 * (the alternate screen, where full-screen programs wait for keys), folded event by event.
 */
import type { CastEvent } from '../../asciicast/types.js';
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

/**
 * InputFold measures input as the events of a cast go by (the heuristic's pass over the output events
 * feeds it, so the cast is not read once more): add every event, then read `result()`.
 */
export class InputFold {
  readonly #responses: number[] = [];
  #events = 0;
  #unanswered = 0;
  #alternateScreen = false;
  /** Time of the first press not answered yet. */
  #waiting: number | undefined;
  #slowest: { time: number; seconds: number } | null = null;

  add(event: CastEvent): void {
    if (event.code === 'i') {
      this.#events++;
      // Presses before any output are answered together: the wait is measured from the first of them.
      this.#waiting ??= event.time;
      return;
    }
    if (event.code !== 'o') return;
    if (!this.#alternateScreen && ENTER_ALTERNATE_SCREEN.test(event.data)) this.#alternateScreen = true;
    if (this.#waiting === undefined) return;
    const seconds = event.time - this.#waiting;
    if (seconds > UNANSWERED_SECONDS) this.#unanswered++;
    else {
      this.#responses.push(seconds);
      if (!this.#slowest || seconds > this.#slowest.seconds) this.#slowest = { time: this.#waiting, seconds };
    }
    this.#waiting = undefined;
  }

  /** result is what was measured; a last press with no output after it is not counted (it usually quit the program). */
  result(): InputMeasures {
    return {
      events: this.#events,
      answered: this.#responses.length,
      unanswered: this.#unanswered,
      medianResponseSeconds: this.#responses.length > 0 ? median(this.#responses) : null,
      slowest: this.#slowest,
      alternateScreen: this.#alternateScreen,
    };
  }
}
