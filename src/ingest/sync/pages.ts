import { RemoteServiceError } from '../../errors.js';
import type { AdminClient, JsonObject, Query } from './admin-client.js';

/**
 * Every page of a Usage/Costs endpoint: `page` = the previous response's `next_page` while
 * `has_more`. A server that hands back the same cursor twice would loop forever: that is an error.
 */
export async function* bucketPages(
  client: AdminClient,
  path: string,
  query: Query,
): AsyncGenerator<JsonObject> {
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await client.getJson(path, cursor === undefined ? query : [...query, ['page', cursor]]);
    yield page;
    const next = page.next_page;
    if (page.has_more !== true || typeof next !== 'string' || next === '') return;
    if (seen.has(next)) throw new RemoteServiceError(`${path}: the server repeated page cursor "${next}"`);
    seen.add(next);
    cursor = next;
  }
}

/** Every item of an admin list endpoint (projects, users, keys): `after` = last_id while `has_more`. */
export async function listAll(client: AdminClient, path: string, query: Query = []): Promise<JsonObject[]> {
  const items: JsonObject[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await client.getJson(path, [
      ['limit', 100],
      ...query,
      ...(after ? [['after', after] as const] : []),
    ]);
    const data = Array.isArray(page.data) ? (page.data as unknown[]) : [];
    for (const item of data) if (typeof item === 'object' && item !== null) items.push(item as JsonObject);
    const last = typeof page.last_id === 'string' ? page.last_id : (items.at(-1)?.id as string | undefined);
    if (page.has_more !== true || !last || last === after) return items;
    after = last;
  }
}
