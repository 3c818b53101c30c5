import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { Checkpoint } from './types.js';

/** Consumed regions up to this size are hashed whole; longer ones by their first and last EDGE_BYTES. */
export const WHOLE_HASH_MAX = 16 * 1024 * 1024;
const EDGE_BYTES = 64 * 1024;

/**
 * sha256 (hex) fingerprint of a file's first `length` bytes — the region a checkpoint has consumed.
 * Up to 16 MiB the whole region is hashed (certain); beyond, its length plus its first and last
 * 64 KiB (a line fixed in place shifts every byte after it, so the tail changes). Either way a
 * file edited anywhere before its checkpoint no longer matches and is read again from the start.
 */
export function fingerprint(path: string, length: number): string {
  const hash = createHash('sha256').update(`${length}:`);
  const fd = openSync(path, 'r');
  try {
    if (length <= WHOLE_HASH_MAX) hashRange(fd, 0, length, hash);
    else {
      hashRange(fd, 0, EDGE_BYTES, hash);
      hashRange(fd, length - EDGE_BYTES, EDGE_BYTES, hash);
    }
    return hash.digest('hex');
  } finally {
    closeSync(fd);
  }
}

function hashRange(fd: number, from: number, length: number, hash: Hash): void {
  const buf = Buffer.alloc(Math.min(length, 1 << 20));
  for (let done = 0; done < length; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, length - done), from + done);
    if (n === 0) break;
    hash.update(buf.subarray(0, n));
    done += n;
  }
}

/** What to do with a file given its checkpoint. */
export type ResumePlan =
  | { action: 'skip' }
  | { action: 'resume'; offset: number; line: number }
  | { action: 'restart'; reason: 'new' | 'truncated' | 'changed' | 'format' };

/**
 * Decides how to read a file again. A different `--format` than last time (`auto` when detected),
 * a shrunk file, or a file whose consumed region no longer matches its fingerprint (rotated,
 * rewritten, a line fixed in place) → read from the start; dedupe keeps totals exact. Unchanged
 * (same size, mtime and fingerprint, read to its end) → skip. Grown or unfinished with the same
 * region → resume at the checkpoint offset (honoured only for plain line files).
 */
export function planResume(
  cp: Checkpoint | undefined,
  current: { size: number; mtimeMs: number },
  fingerprintOf: (length: number) => string,
  format = 'auto',
): ResumePlan {
  if (!cp) return { action: 'restart', reason: 'new' };
  if ((cp.format ?? 'auto') !== format) return { action: 'restart', reason: 'format' };
  if (current.size < cp.size) return { action: 'restart', reason: 'truncated' };
  if (fingerprintOf(cp.size) !== cp.headHash) return { action: 'restart', reason: 'changed' };
  const complete = cp.offset >= cp.size;
  if (complete && current.size === cp.size && Math.trunc(current.mtimeMs) === cp.mtimeMs)
    return { action: 'skip' };
  if (current.size === cp.size && !complete) return { action: 'resume', offset: cp.offset, line: cp.line };
  if (current.size > cp.size) return { action: 'resume', offset: cp.offset, line: cp.line };
  return { action: 'restart', reason: 'changed' };
}
