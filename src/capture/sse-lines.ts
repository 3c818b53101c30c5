/** Splits a byte stream of server-sent events into complete lines (without the line break). */
export class SseLines {
  private rest = '';
  private readonly decoder = new TextDecoder();

  /** Decodes a chunk and returns the lines it completed; a partial last line waits for the next chunk. */
  push(chunk: Uint8Array): string[] {
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines;
  }

  /** What is left when the stream ends (a last line without a line break). */
  end(): string[] {
    const last = this.rest + this.decoder.decode();
    this.rest = '';
    return last === '' ? [] : [last];
  }
}

const USAGE_OBJECT = /"usage"\s*:\s*\{/;

/** The JSON of a `data:` line that may carry usage (cheap test first: most lines are deltas). */
export function usagePayload(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('data:') || !USAGE_OBJECT.test(line)) return undefined;
  try {
    const value: unknown = JSON.parse(line.slice(5));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
