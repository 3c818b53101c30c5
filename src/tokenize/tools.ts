/** A function (or custom) tool definition, from Chat (`{type, function: {...}}`) or Responses (`{type, name, ...}`). */
export interface ToolDefinition {
  name: string;
  description?: string;
  parameters?: unknown;
  /** `custom` tools (Responses) take free text instead of JSON arguments. */
  kind?: 'function' | 'custom';
}

type Schema = Record<string, unknown>;

/** How a model family's renderer writes tool parameters. */
export interface ToolStyle {
  /** An object none of whose properties has a comment is written on one line (gpt-4o / 4.1 family). */
  inlinePlain: boolean;
}

/** The harmony renderer (GPT-5 family, o-series): every object over several lines. */
export const HARMONY: ToolStyle = { inlinePlain: false };
/** The gpt-4o / gpt-4.1 renderer. */
export const CHAT_TOOLS: ToolStyle = { inlinePlain: true };

/**
 * Renders function tools the way OpenAI shows them to the model: a TypeScript namespace in the
 * system message (layout as in openai/harmony's renderer, src/encoding.rs and docs/format.md:
 * `# Tools`, `## functions`, `namespace functions {`, one `type NAME = (_: {...}) => any;` per
 * tool). Per property, as harmony does and the corpus confirms: the `title` as a `// ` comment,
 * then the description, then `key?: type,` with a trailing `// default: VALUE` when the schema
 * gives one (exact on the crewAI tools with `default: null`, 17 tokens short without it).
 */
export function renderTools(tools: readonly ToolDefinition[], style: ToolStyle = HARMONY): string {
  const lines = ['# Tools', '', '## functions', '', 'namespace functions {', ''];
  for (const tool of tools) {
    lines.push(...comment(tool.description));
    const params = (tool.parameters ?? {}) as Schema;
    if (tool.kind === 'custom') lines.push(`type ${tool.name} = (_: string) => any;`);
    else if (hasProperties(params)) {
      const defs = defsOf(params);
      if (style.inlinePlain && isPlain(params, defs))
        lines.push(`type ${tool.name} = (_: ${inlineObject(params, defs, style)}) => any;`);
      else lines.push(`type ${tool.name} = (_: {`, ...properties(params, defs, 0, style), '}) => any;');
    } else lines.push(`type ${tool.name} = () => any;`);
    lines.push('');
  }
  lines.push('} // namespace functions');
  return lines.join('\n');
}

/**
 * A description as `// ` comment lines: each line trimmed, blank lines dropped (docstring-style
 * descriptions with indented `Args:` blocks; the pydantic-ai recordings with such tools are 13–41
 * tokens over with the lines kept as written, within a few tokens this way, and every crewAI one
 * stays exact).
 */
function comment(text: unknown, indent = ''): string[] {
  if (typeof text !== 'string') return [];
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `${indent}// ${line}`);
}

function hasProperties(s: Schema): boolean {
  const p = s.properties;
  return typeof p === 'object' && p !== null && Object.keys(p).length > 0;
}

function defsOf(s: Schema): Schema {
  return { ...((s.definitions as Schema) ?? {}), ...((s.$defs as Schema) ?? {}) };
}

function properties(s: Schema, defs: Schema, depth: number, style: ToolStyle): string[] {
  const indent = ' '.repeat(depth);
  const required = Array.isArray(s.required) ? (s.required as unknown[]) : [];
  const out: string[] = [];
  for (const [key, raw] of Object.entries(s.properties as Schema)) {
    const prop = resolve(raw, defs);
    out.push(...comment(prop.title, indent), ...comment(prop.description, indent));
    const optional = required.includes(key) ? '' : '?';
    out.push(`${indent}${key}${optional}: ${typeOf(prop, defs, depth, style)},${defaultComment(prop)}`);
  }
  return out;
}

/**
 * gpt-4o / 4.1 bill one token less per object whose properties carry no comment (no title,
 * description or default) than the multi-line form: such an object is written on one line,
 * `{ city: string, country?: string }`. Evidence (training split): every pydantic-ai tool with
 * bare properties was 1 over per such object (get_weather, final_result, the 21-tool
 * complex_agent_run requests 7–8 over) and is exact this way; objects with comments stay multi-line
 * (all crewAI tools exact). The GPT-5 family renders them multi-line as harmony does (inline
 * makes its exact recordings 1 low), so the style is per family.
 */
function isPlain(s: Schema, defs: Schema): boolean {
  return Object.values(s.properties as Schema).every((raw) => {
    const p = resolve(raw, defs);
    return typeof p.title !== 'string' && typeof p.description !== 'string' && !('default' in p);
  });
}

function inlineObject(s: Schema, defs: Schema, style: ToolStyle): string {
  const required = Array.isArray(s.required) ? (s.required as unknown[]) : [];
  const parts = Object.entries(s.properties as Schema).map(
    ([key, raw]) =>
      `${key}${required.includes(key) ? '' : '?'}: ${typeOf(resolve(raw, defs), defs, 0, style)}`,
  );
  return `{ ${parts.join(', ')} }`;
}

/** harmony: a string default is quoted unless the property is an enum; anything else as JSON. */
function defaultComment(prop: Schema): string {
  if (!('default' in prop)) return '';
  const d = prop.default;
  const shown = typeof d === 'string' && Array.isArray(prop.enum) ? d : JSON.stringify(d);
  return ` // default: ${shown}`;
}

/**
 * A nested object with a property typed by a list (`"type": ["string", "null"]`) is shown as its
 * JSON schema (without `required` and `additionalProperties`, as in response formats) instead of
 * a TypeScript object: the one such tool in the corpus (crewAI's create_reasoning_plan, 5
 * training recordings) is 22 tokens over the TypeScript form and within 1 this way. One schema
 * only: an assumption the README names.
 */
function hasTypeList(s: Schema, defs: Schema): boolean {
  return Object.values(s.properties as Schema).some((p) => Array.isArray(resolve(p, defs).type));
}

function schemaAsShown(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(schemaAsShown);
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) {
    if (key === 'required' || key === 'additionalProperties') continue;
    out[key] =
      key === 'properties' && value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaAsShown(v)]))
        : schemaAsShown(value);
  }
  return out;
}

function resolve(raw: unknown, defs: Schema): Schema {
  const s = (raw ?? {}) as Schema;
  if (typeof s.$ref !== 'string') return s;
  const target = defs[s.$ref.split('/').pop() ?? ''] as Schema | undefined;
  // A $ref with siblings (description) keeps them over the referenced schema.
  const { $ref: _ref, ...siblings } = s;
  return target ? { ...target, ...siblings } : siblings;
}

const SCALARS: Record<string, string> = {
  string: 'string',
  integer: 'number',
  number: 'number',
  boolean: 'boolean',
  null: 'null',
};

/** The TypeScript type of a JSON-schema node. */
export function typeOf(raw: unknown, defs: Schema, depth: number, style: ToolStyle = HARMONY): string {
  const s = resolve(raw, defs);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) return union.map((u) => typeOf(u, defs, depth, style)).join(' | ');
  const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
  return types
    .map((t) => {
      if (typeof t === 'string' && SCALARS[t]) return SCALARS[t];
      if (t === 'array') {
        const item = s.items === undefined ? 'any' : typeOf(s.items, defs, depth, style);
        return item.includes(' | ') ? `(${item})[]` : `${item}[]`;
      }
      if (t === 'object' || (t === undefined && hasProperties(s))) {
        if (!hasProperties(s)) return 'object';
        if (hasTypeList(s, defs)) return JSON.stringify(schemaAsShown(s));
        if (style.inlinePlain && isPlain(s, defs)) return inlineObject(s, defs, style);
        return ['{', ...properties(s, defs, depth + 2, style), `${' '.repeat(depth)}}`].join('\n');
      }
      return 'any';
    })
    .join(' | ');
}
