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

/**
 * The largest page every organization/usage/* endpoint allows: 31 one-day buckets, 168 one-hour
 * buckets (OpenAI's API reference, platform.openai.com/docs/api-reference/usage, `limit`). One
 * declaration: the eight usage endpoints below share it.
 */
const USAGE_PAGE_LIMIT = { '1d': 31, '1h': 168 } as const;

/** An organization/usage/NAME endpoint with the shared page limit. */
function usageEndpoint(name: string, groupBy: readonly string[]): SyncEndpoint {
  return { name, path: `organization/usage/${name}`, groupBy, limit: USAGE_PAGE_LIMIT };
}

/** Token usage the ledger stores as bucket events (priced like text tokens of the model). */
export const USAGE_ENDPOINTS: readonly SyncEndpoint[] = [
  usageEndpoint('completions', ALL_DIMS),
  // Source: the openai-openapi spec (see /work/shared/reference/log-formats.md §6): embeddings and
  // moderations results carry input_tokens, num_model_requests and the model, like completions.
  usageEndpoint('embeddings', TOKEN_DIMS),
  usageEndpoint('moderations', TOKEN_DIMS),
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
 * ingest/usage-buckets.ts), keyed like an ingested page of the same endpoint. Groupings from
 * OpenAI's API reference (platform.openai.com/docs/api-reference/usage/images,
 * …/audio_speeches, …/audio_transcriptions, …/vector_stores, …/code_interpreter_sessions).
 */
export const UNIT_ENDPOINTS: readonly SyncEndpoint[] = [
  usageEndpoint('images', [...TOKEN_DIMS, 'size', 'source']),
  usageEndpoint('audio_speeches', TOKEN_DIMS),
  usageEndpoint('audio_transcriptions', TOKEN_DIMS),
  usageEndpoint('vector_stores', ['project_id']),
  usageEndpoint('code_interpreter_sessions', ['project_id']),
];

/**
 * Money-carrying usage endpoints not synced (none since the event model holds every unit; kept so
 * `--json`'s `not_synced` stays in the shape).
 */
export const UNSYNCED_ENDPOINTS: ReadonlyArray<{ name: string; unit: string }> = [];
