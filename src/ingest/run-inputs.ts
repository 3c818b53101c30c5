import { accessSync, constants, readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errnoText, InvalidInputError, invalidValue } from '../errors.js';

export interface InputFile {
  /** As the user wrote it (or joined under the directory they named): for messages. */
  display: string;
  /** Absolute path: the checkpoint key and the events' source_file ('-' for standard input). */
  path: string;
  /** `-`: standard input, spooled to a temporary file before it is read. */
  stdin?: true;
}

/** A file found in a directory walk that cannot be read: the run goes on and rejects it. */
export interface InputProblem {
  display: string;
  path: string;
  reason: string;
}

export interface ExpandedInputs {
  files: InputFile[];
  problems: InputProblem[];
}

/**
 * Expands the FILE arguments: a directory stands for its files, recursively, in sorted order
 * (hidden files and README* skipped). A named path that is missing, unreadable or not a regular
 * file (a device, FIFO or socket: reading one could block forever) is an error (exit 2) before
 * anything is written; `-` is standard input. Inside a walk, such entries, symlink loops and
 * unreadable folders become problems reported with the run, and a folder reached twice through
 * symlinks is read once.
 */
export function expandInputs(inputs: readonly string[]): ExpandedInputs {
  const files: InputFile[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const visited = new Set<string>();
  const push = (display: string) => {
    const path = resolve(display);
    if (seen.has(path)) return;
    seen.add(path);
    files.push({ display, path });
  };
  const walk = (dir: string) => {
    const real = realpathSync(dir);
    if (visited.has(real)) return; // a symlink back to a folder already read
    visited.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      problems.push({
        display: dir,
        path: resolve(dir),
        reason: `cannot read the folder: ${errnoText(error)}`,
      });
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || /^readme/i.test(name)) continue;
      const child = join(dir, name);
      let stat: Stats;
      try {
        stat = statSync(child);
        if (stat.isDirectory()) {
          walk(child);
          continue;
        }
        if (!stat.isFile()) throw new NotRegular(kindOf(stat));
        accessSync(child, constants.R_OK);
      } catch (error) {
        const why = error instanceof NotRegular ? `${error.message}, not a regular file` : errnoText(error);
        problems.push({ display: child, path: resolve(child), reason: `not read: ${why}` });
        continue;
      }
      push(child);
    }
  };
  for (const input of inputs) {
    if (input === '-') {
      files.push({ display: '-', path: '-', stdin: true });
      continue;
    }
    let stat: Stats;
    try {
      stat = statSync(input);
    } catch (error) {
      throw new InvalidInputError(`cannot read: ${errnoText(error)}`, input);
    }
    if (stat.isDirectory()) {
      walk(input);
      continue;
    }
    if (!stat.isFile()) {
      throw invalidValue(
        input,
        `is ${kindOf(stat)}, not a regular file`,
        'files, folders, or - for standard input',
      );
    }
    try {
      accessSync(input, constants.R_OK);
    } catch {
      throw new InvalidInputError('cannot read: permission denied', input);
    }
    push(input);
  }
  return { files, problems };
}

/** A walk entry that exists but is a device, FIFO or socket: refused, never opened. */
class NotRegular extends Error {}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}
