import { redact } from '../ingest/redact.js';

/** Rejected raw text is kept up to this many characters (parsers truncate to 2 KB already). */
const RAW_LIMIT = 2048;

/** Rejected raw text as stored: truncated, anything that looks like an API key masked (one masking function: ingest's). */
export function maskRaw(raw: string): string {
  return redact(raw.length > RAW_LIMIT ? raw.slice(0, RAW_LIMIT) : raw);
}
