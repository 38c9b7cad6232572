/** Content hashes: how termaudit names exact versions of frames, prompts, pipeline files and cache entries. */
import { createHash } from 'node:crypto';

/** sha256Hex returns the sha256 of a text or buffer as lowercase hex. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
