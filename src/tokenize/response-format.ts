/** A structured-output format: Chat `response_format` or Responses `text.format` of type json_schema. */
export interface ResponseFormat {
  name: string;
  description?: string;
  schema: unknown;
  /** `strict: true`: the API normalises the schema before showing it (see renderResponseFormat). */
  strict?: boolean;
}

type Schema = Record<string, unknown>;

/**
 * Renders a structured-output schema as the model is shown it: a "Response Formats" section
 * (`# Response Formats`, `## NAME`, an optional `// description` line, then the schema as compact
 * JSON). Source of the layout: a system-prompt leak for gpt-4.1 with a strict schema
 * (ghost.ai.moda/openai-structured-outputs-to-system-prompt) shows the section and shows that the
 * strict schema is re-serialised without `required` and `additionalProperties` (strict mode makes
 * both implicit); openai/harmony docs/format.md describes the same section. Fitted on the corpus
 * (training split): `title` keywords stay; `default`, `minimum`, `maximum`, `minItems` and `maxItems`
 * are dropped from strict schemas too (keeping them overshoots every recording that has them).
 */
export function renderResponseFormat(format: ResponseFormat): string {
  const description = format.description ? `// ${format.description.split('\n').join('\n// ')}\n` : '';
  const schema = format.strict ? normalizeStrict(format.schema) : format.schema;
  return `# Response Formats\n\n## ${format.name}\n\n${description}${JSON.stringify(schema)}`;
}

/**
 * Tokens the section costs beyond its own text, per API (training split of the corpus): on Chat
 * Completions 5 (gpt-4o, 4o-mini, 4.1-mini; with or without a system message), on the Responses
 * API 1 (gpt-4o-mini) and 0 for the GPT-5 family.
 */
export function responseFormatOverhead(api: 'chat' | 'responses', reasoningFamily: boolean): number {
  if (api === 'chat') return 5;
  return reasoningFamily ? 0 : 1;
}

/** Keywords a strict schema does not show the model: implied by strict mode or not enforced. */
const STRICT_DROPPED = new Set([
  'required',
  'additionalProperties',
  'default',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
]);

/** Drops STRICT_DROPPED keywords from schema nodes (never a property that happens to be so named). */
function normalizeStrict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeStrict);
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) {
    if (STRICT_DROPPED.has(key)) continue;
    if ((key === 'properties' || key === '$defs' || key === 'definitions') && isMap(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeStrict(v)]));
    } else out[key] = normalizeStrict(value);
  }
  return out;
}

function isMap(v: unknown): v is Schema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
