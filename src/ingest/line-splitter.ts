import { isAscii, isUtf8 } from 'node:buffer';
import type { ParseContext } from './context.js';
import type { IngestRecord } from './records.js';

export interface SplitOptions {
  /** Absolute byte offset of the first chunk (resume). */
  startOffset: number;
  /** Lines before startOffset. */
  startLine: number;
  maxLineBytes: number;
  /**
   * A plain file that a logger may still be appending to: an unterminated last line that is not
   * valid JSON yet is `pending` (read again next run) instead of rejected. Off for .gz and CSV.
   */
  liveTail?: boolean;
}

const NL = 10;
const CR = 13;
const HEAD_KEEP = 2048;

/**
 * Splits a byte stream into lines and hands each decoded line to `handle`, with `ctx.line` (1-based)
 * and `ctx.offset` (byte offset just after the line's newline) set. Yields the records produced per
 * chunk, so the per-line path stays synchronous. CRLF, a final line without newline (whose offset is
 * its start, see below) and a leading BOM are handled; invalid UTF-8 lines and lines over `maxLineBytes` are rejected, the latter without
 * ever being buffered whole. Blank lines produce nothing.
 */
export async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  ctx: ParseContext,
  options: SplitOptions,
  handle: (text: string) => void,
): AsyncGenerator<IngestRecord[]> {
  const max = options.maxLineBytes;
  let offset = options.startOffset; // absolute offset of chunk[pos]
  let line = options.startLine;
  let carry: Buffer[] = [];
  let carryLen = 0;
  let skipping = false; // inside a line longer than max
  let skipHead = '';
  let skipLen = 0;
  let bomCheck = offset === 0;
  let lineStart = offset; // where the line being carried or skipped began

  const emitLine = (buf: Buffer, start: number, end: number, validated: boolean, after: number): void => {
    line++;
    ctx.line = line;
    ctx.offset = after;
    if (bomCheck) {
      bomCheck = false;
      if (end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf)
        start += 3;
    }
    if (end > start && buf[end - 1] === CR) end--;
    if (end === start) return;
    if (!validated && !isUtf8(buf.subarray(start, end))) {
      ctx.reject('invalid UTF-8', buf.toString('utf8', start, Math.min(end, start + HEAD_KEEP)));
      return;
    }
    handle(buf.toString('utf8', start, end));
  };
  const rejectLong = (after: number): void => {
    line++;
    ctx.line = line;
    ctx.offset = after;
    bomCheck = false;
    ctx.reject(`line of ${skipLen} bytes exceeds the limit of ${max} bytes`, skipHead);
    skipping = false;
    skipHead = '';
    skipLen = 0;
  };
  const startSkipping = (parts: Buffer[]): void => {
    skipping = true;
    const head = Buffer.concat(parts);
    skipHead = head.toString('utf8', 0, Math.min(head.length, HEAD_KEEP));
    skipLen = head.length;
    carry = [];
    carryLen = 0;
  };

  /** Emits every line of an ASCII block ending with a newline; returns the chunk position after it. */
  const asciiLines = (text: string, base: number): number => {
    let i = 0;
    let nl = text.indexOf('\n');
    while (nl >= 0) {
      const after = base + nl + 1;
      if (nl - i > max) {
        skipLen = nl - i;
        skipHead = text.slice(i, i + HEAD_KEEP);
        rejectLong(after);
      } else {
        line++;
        ctx.line = line;
        ctx.offset = after;
        bomCheck = false;
        const end = nl > i && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        if (end > i) handle(text.slice(i, end));
      }
      i = nl + 1;
      nl = text.indexOf('\n', i);
    }
    return base + i - offset;
  };

  let damage: string | undefined;
  try {
    for await (const chunk of chunks) {
      let pos = 0;
      if (skipping) {
        const nl = chunk.indexOf(NL);
        if (nl < 0) {
          skipLen += chunk.length;
          offset += chunk.length;
          continue;
        }
        skipLen += nl;
        rejectLong(offset + nl + 1);
        pos = nl + 1;
      } else if (carryLen > 0) {
        const nl = chunk.indexOf(NL);
        if (nl < 0) {
          if (carryLen + chunk.length > max) startSkipping([...carry, chunk]);
          else {
            carry.push(chunk);
            carryLen += chunk.length;
          }
          offset += chunk.length;
          continue;
        }
        if (carryLen + nl > max) {
          startSkipping([...carry, chunk.subarray(0, nl)]);
          rejectLong(offset + nl + 1);
        } else {
          carry.push(chunk.subarray(0, nl));
          const whole = Buffer.concat(carry, carryLen + nl);
          emitLine(whole, 0, whole.length, false, offset + nl + 1);
        }
        carry = [];
        carryLen = 0;
        pos = nl + 1;
      }
      const last = chunk.lastIndexOf(NL);
      if (last >= pos && isAscii(chunk.subarray(pos, last))) {
        // Fastest path (the usual JSONL): pure ASCII, so string indices are byte offsets; decode once.
        pos = asciiLines(chunk.toString('latin1', pos, last + 1), offset + pos);
      }
      // Otherwise: the complete lines of this chunk, validated as UTF-8 in one call.
      const allValid = last >= pos && isUtf8(chunk.subarray(pos, last));
      let nl = last >= pos ? chunk.indexOf(NL, pos) : -1;
      while (nl >= 0) {
        if (nl - pos > max) {
          skipLen = nl - pos;
          skipHead = chunk.toString('utf8', pos, pos + HEAD_KEEP);
          rejectLong(offset + nl + 1);
        } else emitLine(chunk, pos, nl, allValid, offset + nl + 1);
        pos = nl + 1;
        nl = chunk.indexOf(NL, pos);
      }
      if (pos < chunk.length) {
        lineStart = offset + pos;
        const rest = chunk.subarray(pos);
        if (rest.length > max) startSkipping([rest]);
        else {
          carry.push(rest);
          carryLen += rest.length;
        }
      }
      offset += chunk.length;
      if (ctx.out.length > 0) yield ctx.drain();
    }
  } catch (error) {
    // Damaged compressed data (truncated or corrupt .gz): the lines before it are kept.
    damage = zlibDamage(error);
    if (damage === undefined) throw error;
  }
  if (damage !== undefined) {
    line++;
    ctx.line = line;
    ctx.offset = offset;
    const head = Buffer.concat(carry, carryLen);
    ctx.reject(
      `compressed data damaged after line ${line - 1} (${damage}): the rest of the file is unreadable`,
      head.toString('utf8', 0, Math.min(head.length, HEAD_KEEP)),
    );
  } else if (skipping) {
    // An oversized last line is rejected; in a live log the checkpoint stays at its start, so
    // the rest of it, appended later, is not read as a line of its own.
    const from = ctx.out.length;
    rejectLong(options.liveTail ? lineStart : offset);
    if (options.liveTail) for (let i = from; i < ctx.out.length; i++) ctx.out[i]!.tail = true;
  } else if (carryLen > 0) {
    // A last line without newline may still be being written by an appending logger: its records
    // carry the line's START offset (marked `tail`), so a checkpoint never passes it and the next
    // run reads it again (keys make that re-read harmless). Not valid JSON yet → pending.
    const whole = Buffer.concat(carry, carryLen);
    const from = ctx.out.length;
    if (options.liveTail && !looksComplete(whole)) {
      line++;
      ctx.line = line;
      ctx.offset = offset - carryLen;
      ctx.pending();
    } else emitLine(whole, 0, whole.length, false, offset - carryLen);
    if (options.liveTail) for (let i = from; i < ctx.out.length; i++) ctx.out[i]!.tail = true;
  }
  if (ctx.out.length > 0) yield ctx.drain();
}

/** zlib's message for damaged compressed input, or undefined for any other error. */
function zlibDamage(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_') ? (error as Error).message : undefined;
}

/**
 * Whether an unterminated last line can be read now: valid UTF-8 and, when it holds JSON (an
 * object, an array, or an SSE `data:` payload), JSON that parses. Other SSE lines are complete.
 */
function looksComplete(buf: Buffer): boolean {
  if (!isUtf8(buf)) return false;
  let text = buf.toString('utf8').trim();
  if (text.startsWith('data:')) text = text.slice(5).trim();
  if (!text.startsWith('{') && !text.startsWith('['))
    return text === '' || /^(event|id|retry):|^:/.test(text);
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
