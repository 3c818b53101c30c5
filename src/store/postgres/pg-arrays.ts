/**
 * PostgreSQL array literals built in one pass, for `unnest($1::bigint[], $2::text[], …)` inserts:
 * one parameter per column however many rows a batch has (a VALUES list would need one per value,
 * capped at 65,535). Faster than pg's generic array serialiser, which quotes and escapes every element.
 */

/** `{1,2,NULL}` from numbers, bigints, booleans (0/1) or null; values already integral. */
export function intArray(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    out += v === null || v === undefined ? 'NULL' : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  }
  return `${out}}`;
}

/**
 * `{"a","b\"c",NULL}`: every element quoted, backslash and double quote escaped. PostgreSQL text
 * cannot hold NUL, so a NUL (only ever seen in garbage input) becomes U+FFFD instead of failing the batch.
 */
export function textArray(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) {
      out += 'NULL';
      continue;
    }
    let s = String(v);
    if (s.includes('\0')) s = s.replaceAll('\0', '\uFFFD');
    out += /["\\]/.test(s) ? `"${s.replace(/["\\]/g, '\\$&')}"` : `"${s}"`;
  }
  return `${out}}`;
}
