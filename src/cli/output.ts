import { writeFileSync } from 'node:fs';
import { errnoText, invalidValue } from '../errors.js';
import { stringifyJson } from '../json.js';

/** The only writers to stdout/stderr outside main.ts. */
export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${stringifyJson(value)}\n`);
}

export function warn(text: string): void {
  process.stderr.write(`warning: ${text}\n`);
}

export function info(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** A progress line on stderr, rewritten in place (`\r`) until `done`. */
export function progressLine(text: string, done: boolean): void {
  process.stderr.write(`\r${text}${done ? '\n' : ''}`);
}

/** Writes an output file (`--out`): a folder, a missing folder or no permission is exit 2, one line. */
export function writeOutputFile(path: string, text: string, flag = '--out'): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw invalidValue(
      flag,
      `cannot write ${path}: ${errnoText(error)}`,
      'a file path in an existing, writable folder',
    );
  }
}
