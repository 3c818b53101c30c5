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
  const schema = withoutKeywords(format.schema, format.strict ? STRICT_DROPPED : ALWAYS_DROPPED);
  return `# Response Formats\n\n## ${format.name}\n\n${description}${asciiJson(schema)}`;
}

/**
 * Compact JSON with every non-ASCII character written as a `\uXXXX` escape, as Python's
 * `json.dumps` does by default (`ensure_ascii=True`): the API re-serialises the schema that way.
 * Evidence: crewAI's StepObservation schema (two `—` in its description) bills 6 tokens more than
 * its raw UTF-8 JSON and exactly its escaped form (21 recordings, training and held-out alike);
 * every ASCII-only schema is unaffected.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Tokens the section costs beyond its own text as placed, per API (training split of the corpus).
 * On Chat Completions without tools the section is appended to the first system message after a
 * blank line (a system message of its own when there is none), then 5 more: 64 of the 81 training
 * Chat recordings with a schema exact this way, each crewAI schema at one constant whatever the system text before it,
 * which the section-apart reading could not do. With function tools it follows their namespace:
 * 1 (both APIs). On the Responses API without tools 1 (gpt-4o-mini); 0 for the GPT-5 family.
 */
export function responseFormatOverhead(
  api: 'chat' | 'responses',
  reasoningFamily: boolean,
  withTools: boolean,
): number {
  if (withTools) return reasoningFamily && api === 'responses' ? 0 : 1;
  if (api === 'chat') return 5;
  return reasoningFamily ? 0 : 1;
}

/**
 * Keywords never shown: `required` and `additionalProperties` (the leak above; the non-strict
 * pydantic-ai recordings are exact only without them too).
 */
const ALWAYS_DROPPED = new Set(['required', 'additionalProperties']);

/** Strict schemas also lose the keywords strict mode does not enforce. */
const STRICT_DROPPED = new Set([...ALWAYS_DROPPED, 'default', 'minimum', 'maximum', 'minItems', 'maxItems']);

/** Drops the keywords from schema nodes (never a property that happens to be so named). */
function withoutKeywords(node: unknown, dropped: ReadonlySet<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutKeywords(n, dropped));
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) {
    if (dropped.has(key)) continue;
    if ((key === 'properties' || key === '$defs' || key === 'definitions') && isMap(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutKeywords(v, dropped)]));
    } else out[key] = withoutKeywords(value, dropped);
  }
  return out;
}

function isMap(v: unknown): v is Schema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
