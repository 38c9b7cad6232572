/** A small tmpfs for tests of a full disk (ENOSPC). Mounting needs root with CAP_SYS_ADMIN; tests skip without it. */
import { execFileSync } from 'node:child_process';
import { makeTempDir } from './paths.js';

/** SmallDisk is a mounted tmpfs of a few megabytes; `unmount` removes it. */
export interface SmallDisk {
  path: string;
  unmount: () => void;
}

/** mountSmallDisk mounts a tmpfs of `megabytes` MB on a new directory, or returns undefined when this machine cannot. */
export function mountSmallDisk(megabytes: number): SmallDisk | undefined {
  const path = makeTempDir('termaudit-full-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', path], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { path, unmount: () => execFileSync('umount', ['-l', path], { stdio: 'ignore' }) };
}
