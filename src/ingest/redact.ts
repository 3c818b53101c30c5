import { maskSecrets } from '../secrets.js';

/** Replaces values that look like API keys (`sk-…`, `sk-proj-…`, `Bearer …`) by `[redacted]` (src/secrets.ts). */
export const redact = maskSecrets;

/** A redacted dimension value (user, project, key id), or undefined when absent or empty. */
export function dimension(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : redact(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

/**
 * Tags from a metadata object: string, number and boolean values kept (redacted), other values
 * dropped. Undefined when nothing is left, so `{}` metadata stores no tags.
 */
export function tagsOf(metadata: unknown): Record<string, string> | undefined {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  let tags: Record<string, string> | undefined;
  for (const key in metadata) {
    const value = (metadata as Record<string, unknown>)[key];
    let text: string;
    if (typeof value === 'string') text = redact(value);
    else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
    else continue;
    tags ??= {};
    tags[redact(key)] = text;
  }
  return tags;
}
