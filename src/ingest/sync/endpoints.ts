/** The organization Usage and Costs endpoints `sync openai` reads, and what each one can store. */
export interface SyncEndpoint {
  /** Short name used in progress lines and `--json`. */
  name: string;
  path: string;
  /** Every grouping the endpoint offers: a bucket is stored per distinct grouping. */
  groupBy: readonly string[];
  /** Largest page the endpoint allows per bucket width. */
  limit: { '1d': number; '1h': number };
}

const ALL_DIMS = ['project_id', 'user_id', 'api_key_id', 'model', 'batch', 'service_tier'] as const;
const TOKEN_DIMS = ['project_id', 'user_id', 'api_key_id', 'model'] as const;

/** Token usage the ledger stores as bucket events (priced like text tokens of the model). */
export const USAGE_ENDPOINTS: readonly SyncEndpoint[] = [
  {
    name: 'completions',
    path: 'organization/usage/completions',
    groupBy: ALL_DIMS,
    limit: { '1d': 31, '1h': 168 },
  },
  // Source: the openai-openapi spec (see /work/shared/reference/log-formats.md §6): embeddings and
  // moderations results carry input_tokens, num_model_requests and the model, like completions.
  {
    name: 'embeddings',
    path: 'organization/usage/embeddings',
    groupBy: TOKEN_DIMS,
    limit: { '1d': 31, '1h': 168 },
  },
  {
    name: 'moderations',
    path: 'organization/usage/moderations',
    groupBy: TOKEN_DIMS,
    limit: { '1d': 31, '1h': 168 },
  },
];

/** The Costs API: invoice lines (1d buckets only), grouped by project and line item. */
export const COSTS_ENDPOINT: SyncEndpoint = {
  name: 'costs',
  path: 'organization/costs',
  groupBy: ['project_id', 'line_item'],
  limit: { '1d': 180, '1h': 180 },
};

/**
 * Money-carrying usage endpoints not synced yet: their units (images, characters, seconds,
 * GB-days, sessions) have no prices in the book, so stored rows could not be priced. Their cost
 * still reaches `reconcile` through the Costs API line items.
 */
export const UNSYNCED_ENDPOINTS: ReadonlyArray<{ name: string; unit: string }> = [
  { name: 'images', unit: 'images' },
  { name: 'audio_speeches', unit: 'characters' },
  { name: 'audio_transcriptions', unit: 'seconds' },
  { name: 'vector_stores', unit: 'GB-days of storage' },
  { name: 'code_interpreter_sessions', unit: 'sessions' },
];
