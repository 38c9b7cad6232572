/**
 * The target's output, read line by line: each complete line is offered to the protocol patterns
 * (LOG_DIR:, STATUS:, --expect) and the last lines are kept for the report.
 */

/** OutputLines splits a text stream into lines and keeps the last `keep` of them. */
export class OutputLines {
  readonly #keep: number;
  readonly #onLine: (line: string) => void;
  #partial = '';
  #tail: string[] = [];

  constructor(keep: number, onLine: (line: string) => void) {
    this.#keep = keep;
    this.#onLine = onLine;
  }

  /** push adds a decoded chunk; complete lines go to the callback and the tail. */
  push(chunk: string): void {
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#addLine(line.replace(/\r$/, ''));
    // A line with no end in sight is still kept within reason: a progress bar rewriting itself with \r.
    if (this.#partial.length > 64 * 1024) this.flush();
  }

  /** flush treats what is left after the last newline as a line (at the end of the stream). */
  flush(): void {
    if (this.#partial !== '') this.#addLine(this.#partial.replace(/\r$/, ''));
    this.#partial = '';
  }

  /** tail returns the last lines seen, oldest first. */
  tail(): string[] {
    return [...this.#tail];
  }

  #addLine(line: string): void {
    this.#tail.push(line);
    if (this.#tail.length > this.#keep) this.#tail.shift();
    this.#onLine(line);
  }
}

/** matchPath returns the first capture group of `pattern` in `line`, trimmed, or undefined. */
export function matchPath(pattern: RegExp, line: string): string | undefined {
  pattern.lastIndex = 0;
  const match = pattern.exec(line);
  const value = match?.[1]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
