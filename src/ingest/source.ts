import { InvalidInputError } from '../errors.js';
import type { ReadHash } from '../store/checkpoints.js';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

const CHUNK = 1 << 20;

/**
 * Raw file chunks from `start`; `onBytes` sees the raw (compressed) byte count read so far, and
 * `hash` (from start 0) every raw byte, as read.
 */
export async function* fileChunks(
  path: string,
  start: number,
  gz: boolean,
  onBytes?: (bytes: number) => void,
  hash?: ReadHash,
): AsyncGenerator<Buffer> {
  const file = createReadStream(path, { start, highWaterMark: CHUNK });
  let read = start;
  if (onBytes || hash) {
    file.on('data', (c) => {
      read += c.length;
      hash?.update(c as Buffer);
      onBytes?.(read);
    });
  }
  const stream = gz ? file.pipe(createGunzip({ chunkSize: CHUNK })) : file;
  if (gz) file.on('error', (err) => stream.destroy(err));
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    file.destroy();
    if (gz) stream.destroy();
  }
}

/** The first `size` bytes of a file (fewer if it is shorter). */
export async function readHead(path: string, size: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buf, 0, size, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The first `size` decompressed bytes of a gzip file. Damaged data ends the head early instead of
 * failing: the line reader keeps what precedes the damage and rejects the rest with the reason.
 */
export async function readGzHead(path: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of fileChunks(path, 0, true)) {
      parts.push(chunk);
      total += chunk.length;
      if (total >= size) break;
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (!(typeof code === 'string' && code.startsWith('Z_'))) throw error;
  }
  return Buffer.concat(parts).subarray(0, size);
}

/** Reads a whole file (decompressing gzip) into one buffer; throws past `maxBytes` (checked as it reads). */
export async function readWhole(
  path: string,
  gz: boolean,
  maxBytes: number,
  onBytes?: (bytes: number) => void,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of fileChunks(path, 0, gz, onBytes)) {
    total += chunk.length;
    if (total > maxBytes) {
      throw new InvalidInputError(
        `a whole-document JSON file over ${maxBytes} bytes is not supported (convert it to JSONL)`,
        path,
      );
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts, total);
}

/** Whole-document JSON (pretty-printed objects, arrays) is parsed in memory up to this size. */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

export const GZIP_MAGIC = [0x1f, 0x8b];
export const SQLITE_MAGIC = 'SQLite format 3\0';
