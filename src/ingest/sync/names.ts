import { InvalidInputError } from '../../errors.js';
import type { AdminClient, JsonObject } from './admin-client.js';
import { listAll } from './pages.js';
import type { EntityName } from './sync-store.js';

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Project, user and API-key names from the admin list endpoints, so reports can show names next to
 * ids. A list the key may not read (4xx) is a warning; a service failure past retries is not.
 */
export async function fetchNames(
  client: AdminClient,
  onWarning?: (text: string) => void,
): Promise<EntityName[]> {
  const names: EntityName[] = [];
  const list = async (
    path: string,
    query: ReadonlyArray<readonly [string, string]> = [],
  ): Promise<JsonObject[]> => {
    try {
      return await listAll(client, path, query);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      onWarning?.(`names from ${path} not synced: ${error.message}`);
      return [];
    }
  };
  const projects = await list('organization/projects', [['include_archived', 'true']]);
  for (const p of projects) {
    const id = text(p.id);
    const name = text(p.name);
    if (id && name) names.push({ kind: 'project', id, name });
  }
  for (const u of await list('organization/users')) {
    const id = text(u.id);
    const name = text(u.name) ?? text(u.email);
    if (id && name) names.push({ kind: 'user', id, name });
  }
  for (const p of projects) {
    const project = text(p.id);
    if (!project) continue;
    for (const k of await list(`organization/projects/${encodeURIComponent(project)}/api_keys`)) {
      const id = text(k.id);
      const name = text(k.name) ?? text(k.redacted_value);
      if (id && name) names.push({ kind: 'api_key', id, name });
    }
  }
  return names;
}
