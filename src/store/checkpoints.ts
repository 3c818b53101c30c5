import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { Checkpoint } from './types.js';

/** The head fingerprint covers this many bytes (or the whole file when shorter). */
export const HEAD_BYTES = 4096;

/** sha256 (hex) of the first min(HEAD_BYTES, length) bytes of a file. */
export function headHash(path: string, length: number): string {
  const size = Math.min(HEAD_BYTES, length);
  const buf = Buffer.alloc(size);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buf, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return createHash('sha256').update(buf.subarray(0, read)).digest('hex');
  } finally {
    closeSync(fd);
  }
}

/** What to do with a file given its checkpoint. */
export type ResumePlan =
  | { action: 'skip' }
  | { action: 'resume'; offset: number; line: number }
  | { action: 'restart'; reason: 'new' | 'rotated' | 'truncated' | 'changed' };

/**
 * Decides how to read a file again. Unchanged (same size, mtime and head, read to its end) → skip.
 * Grown with the same head → resume at the checkpoint offset (the reader honours it only for plain
 * line files; others are re-read and dedupe keeps the totals exact). Shrunk or a different head
 * (rotation, truncation, rewrite) → read from the start.
 */
export function planResume(
  cp: Checkpoint | undefined,
  current: { size: number; mtimeMs: number },
  hashHead: (length: number) => string,
): ResumePlan {
  if (!cp) return { action: 'restart', reason: 'new' };
  if (current.size < cp.size) return { action: 'restart', reason: 'truncated' };
  if (hashHead(Math.min(HEAD_BYTES, cp.size)) !== cp.headHash)
    return { action: 'restart', reason: 'rotated' };
  const complete = cp.offset >= cp.size;
  if (complete && current.size === cp.size && Math.trunc(current.mtimeMs) === cp.mtimeMs)
    return { action: 'skip' };
  if (current.size === cp.size && !complete) return { action: 'resume', offset: cp.offset, line: cp.line };
  if (current.size > cp.size) return { action: 'resume', offset: cp.offset, line: cp.line };
  return { action: 'restart', reason: 'changed' };
}
