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
 * The other money-carrying usage endpoints: their results become bucket events holding only their
 * units (images, speech characters, transcription seconds, vector-store byte-hours, sessions; see
 * ingest/usage-buckets.ts), keyed like an ingested page of the same endpoint. Groupings and limits
 * from OpenAI's API reference (platform.openai.com/docs/api-reference/usage/images,
 * …/audio_speeches, …/audio_transcriptions, …/vector_stores, …/code_interpreter_sessions).
 */
export const UNIT_ENDPOINTS: readonly SyncEndpoint[] = [
  {
    name: 'images',
    path: 'organization/usage/images',
    groupBy: [...TOKEN_DIMS, 'size', 'source'],
    limit: { '1d': 31, '1h': 168 },
  },
  {
    name: 'audio_speeches',
    path: 'organization/usage/audio_speeches',
    groupBy: TOKEN_DIMS,
    limit: { '1d': 31, '1h': 168 },
  },
  {
    name: 'audio_transcriptions',
    path: 'organization/usage/audio_transcriptions',
    groupBy: TOKEN_DIMS,
    limit: { '1d': 31, '1h': 168 },
  },
  {
    name: 'vector_stores',
    path: 'organization/usage/vector_stores',
    groupBy: ['project_id'],
    limit: { '1d': 31, '1h': 168 },
  },
  {
    name: 'code_interpreter_sessions',
    path: 'organization/usage/code_interpreter_sessions',
    groupBy: ['project_id'],
    limit: { '1d': 31, '1h': 168 },
  },
];

/**
 * Money-carrying usage endpoints not synced (none since the event model holds every unit; kept so
 * `--json`'s `not_synced` stays in the shape).
 */
export const UNSYNCED_ENDPOINTS: ReadonlyArray<{ name: string; unit: string }> = [];
