import { openSync, writeSync } from 'node:fs';
import { captureFetch, type FetchLike } from './capture-fetch.js';

/** The part of the official `openai` client this needs (structural: `openai` is not a dependency). */
export interface OpenAIClientLike {
  withOptions(options: { fetch: FetchLike }): unknown;
}

export interface UsageLogOptions {
  /** Append one JSONL line per call here (`tokenledger ingest FILE` reads it). */
  file?: string;
  /** Or hand each record to this function (e.g. to send it elsewhere); called after the response. */
  write?: (record: Record<string, unknown>) => void;
  /** Tags stored with every call (project, feature, user…): merged over the response's metadata. */
  tags?: Readonly<Record<string, string>>;
  /** Keep the request's instructions/input/messages in the line (off by default). */
  includePrompt?: boolean;
  /** Capture problems (unwritable file…); the caller's request never sees them. Default: a process warning, once. */
  onError?: (error: unknown) => void;
}

/** A line sink appending to a file with O_APPEND; one write per record, so concurrent writers do not interleave lines. */
function fileWriter(path: string): (record: Record<string, unknown>) => void {
  let fd: number | undefined;
  return (record) => {
    fd ??= openSync(path, 'a');
    writeSync(fd, `${JSON.stringify(record)}\n`);
  };
}

function warnOnce(): (error: unknown) => void {
  let warned = false;
  return (error) => {
    if (warned) return;
    warned = true;
    process.emitWarning(
      `tokenledger withUsageLog: usage not recorded: ${(error as Error)?.message ?? String(error)}`,
    );
  };
}

/**
 * Returns a copy of an `openai` client whose requests log their usage (Responses and Chat, streamed
 * or not, and Batch output files when downloaded) as JSONL lines `tokenledger ingest` reads. The
 * responses the caller sees are unchanged and capture errors never reach the caller.
 * @example
 *   const client = withUsageLog(new OpenAI(), { file: 'usage.jsonl', tags: { project: 'search' } });
 */
export function withUsageLog<C extends OpenAIClientLike>(client: C, options: UsageLogOptions): C {
  if (!options.file && !options.write) throw new TypeError('withUsageLog: pass { file } or { write }');
  // The client's own fetch (a `fetch` option given to it) is private in its type but set on it.
  const own = (client as unknown as { fetch?: unknown }).fetch;
  const inner = (typeof own === 'function' ? own : globalThis.fetch) as FetchLike;
  const onError = options.onError ?? warnOnce();
  const sink = options.write ?? fileWriter(options.file as string);
  const write = (record: Record<string, unknown>) => {
    try {
      sink(record);
    } catch (error) {
      onError(error);
    }
  };
  const fetch = captureFetch(inner, {
    write,
    onError,
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.includePrompt ? { includePrompt: true } : {}),
  });
  return client.withOptions({ fetch }) as C;
}
