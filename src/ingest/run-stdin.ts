import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InvalidInputError } from '../errors.js';

/** Standard input copied to a temporary file, so it is read like any file (format detection, gz). */
export interface Spool {
  path: string;
  remove(): void;
}

/** Copies `stdin()` to a temporary file; `remove` deletes it. */
export async function spoolStdin(stdin: (() => NodeJS.ReadableStream) | undefined): Promise<Spool> {
  if (!stdin) throw new InvalidInputError('standard input is not available here', '-');
  const dir = mkdtempSync(join(tmpdir(), 'tokenledger-stdin-'));
  const path = join(dir, 'stdin');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await pipeline(stdin(), createWriteStream(path));
  } catch (error) {
    remove();
    throw error;
  }
  return { path, remove };
}
