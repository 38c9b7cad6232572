/**
 * Cutting a byte stream into chunks that each decode on their own exactly as the whole stream would.
 *
 * The recorder keeps the pty's output as bytes (it writes them to the cast without decoding them), but a
 * read can end inside a multi-byte UTF-8 character. Decoding such a chunk alone would turn both halves of
 * the character into U+FFFD. A cut just before a byte that is not a continuation byte (10xxxxxx) is always
 * safe: a UTF-8 decoder that meets such a byte ends whatever sequence it was in (with one U+FFFD if it was
 * incomplete, as it does at the end of its input), so nothing before the cut depends on what follows it.
 */

/** The number of bytes of the sequence that `lead` starts: 1 for ASCII and for bytes that start none. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

/**
 * characterBoundary returns the length of the longest prefix of `bytes` that does not end inside a UTF-8
 * character: `bytes.length`, or the offset of a trailing lead byte whose sequence is not complete yet.
 */
export function characterBoundary(bytes: Uint8Array): number {
  // A character is at most 4 bytes long, so only the last 3 bytes can start an incomplete one.
  for (let index = bytes.length - 1; index >= 0 && index >= bytes.length - 3; index -= 1) {
    const byte = bytes[index];
    if ((byte & 0xc0) === 0x80) continue;
    return bytes.length - index < sequenceLength(byte) ? index : bytes.length;
  }
  return bytes.length;
}

/**
 * CharacterBoundaryJoiner passes byte chunks on cut at character boundaries (see `characterBoundary`): the
 * start of a character left incomplete at the end of one chunk is held back and put in front of the next.
 * Every byte comes out once, in order.
 */
export class CharacterBoundaryJoiner {
  private held: Buffer | undefined;

  /** push takes the next chunk and returns what can be passed on now (undefined when nothing can). */
  push(chunk: Buffer): Buffer | undefined {
    const bytes = this.held === undefined ? chunk : Buffer.concat([this.held, chunk]);
    const boundary = characterBoundary(bytes);
    // A copy, so that the few held bytes do not keep the whole chunk's memory alive.
    this.held = boundary < bytes.length ? Buffer.from(bytes.subarray(boundary)) : undefined;
    return boundary > 0 ? bytes.subarray(0, boundary) : undefined;
  }

  /** end returns the bytes still held back (an incomplete character at the very end), if any. */
  end(): Buffer | undefined {
    const held = this.held;
    this.held = undefined;
    return held;
  }
}
