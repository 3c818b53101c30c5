import type { EntityName } from '../store/types.js';
import type { SpendResult, SpendRow } from './types.js';

const NAMED = ['project', 'user', 'api_key'] as const;

/**
 * Shows the provider's names for project, user and API-key ids (from `sync openai`'s admin lists):
 * human formats (table, markdown, html) print "Name (id)"; JSON keeps the id and adds
 * `<dimension>_name`; CSV and FOCUS stay ids (stable columns for tools).
 */
export function withEntityNames(
  result: SpendResult,
  names: readonly EntityName[],
  format: string,
): SpendResult {
  const grouped = NAMED.filter((d) => result.query.groupBy.includes(d));
  if (grouped.length === 0 || names.length === 0 || format === 'csv' || format === 'focus') return result;
  const byKind = new Map<string, Map<string, string>>();
  for (const n of names) {
    let m = byKind.get(n.kind);
    if (!m) {
      m = new Map();
      byKind.set(n.kind, m);
    }
    m.set(n.id, n.name);
  }
  const rename = (row: SpendRow): SpendRow => {
    const keys = { ...row.keys };
    for (const d of grouped) {
      const id = keys[d];
      const name = id === undefined ? undefined : byKind.get(d)?.get(id);
      if (!name || name === id) continue;
      if (format === 'json') keys[`${d}_name`] = name;
      else keys[d] = `${name} (${id})`;
    }
    return { ...row, keys };
  };
  return { ...result, rows: result.rows.map(rename) };
}
