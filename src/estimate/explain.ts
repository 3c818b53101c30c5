import type { InputCount } from '../tokenize/count-input.js';
import { formatCount } from '../render/table.js';

/** The added JSON fields that break an input count down (never replacing `input_tokens`). */
export function inputDetailJson(c: InputCount) {
  return {
    input_breakdown: { ...c.parts, framing_rule: c.framingRule },
    input_range: c.range,
    input_uncertain: c.uncertain.map((u) => ({
      kind: u.kind,
      origin: u.origin,
      note: u.note,
      min: u.min,
      max: u.max,
    })),
  };
}

/** True when the count is not exact: the estimate must show a range, not a silent number. */
export function isUncertain(c: InputCount): boolean {
  return c.uncertain.length > 0;
}

const range = (r: InputCount['range']) =>
  r.max === null
    ? `at least ${formatCount(r.min)} (no upper bound known)`
    : r.min === r.max
      ? formatCount(r.min)
      : `${formatCount(r.min)}–${formatCount(r.max)}`;

/**
 * `estimate --explain`: the input count line by line — framing, text, tools, schema, images — then
 * every part that cannot be counted exactly, and the range the API may bill.
 */
export function renderExplain(model: string, c: InputCount): string {
  const p = c.parts;
  const lines = [
    `input tokens for ${model}: ${formatCount(c.tokens)}${isUncertain(c) ? ` counted; the API may bill ${range(c.range)}` : ' (exact for text and framing)'}`,
    `  text      ${formatCount(p.text).padStart(9)}  message and item contents`,
    `  framing   ${formatCount(p.framing).padStart(9)}  roles, message boundaries, reply priming${c.framingRule === 'o1' ? ', hidden o1 preamble' : ''} (${c.framingRule} rule)`,
    `  tools     ${formatCount(p.tools).padStart(9)}  function definitions as rendered to the model`,
    `  schema    ${formatCount(p.schema).padStart(9)}  structured-output schema as rendered to the model`,
    `  images    ${formatCount(p.images).padStart(9)}  image inputs by the model's rule`,
  ];
  for (const u of c.uncertain) {
    const effect = u.max === null ? `+${formatCount(u.min)} or more` : `${signed(u.min)} to ${signed(u.max)}`;
    lines.push(`  uncertain ${effect.padStart(9)}  ${u.origin}: ${u.note}`);
  }
  return lines.join('\n');
}

function signed(n: number): string {
  return n >= 0 ? `+${formatCount(n)}` : `−${formatCount(-n)}`;
}

/** A batch row as the batch explain summary needs it. */
export interface ExplainedLine {
  line: number;
  customId: string | null;
  input?: InputCount;
}

/**
 * `estimate --batch --explain` on the terminal: the input counts of all lines summed part by part,
 * the range the API may bill in total, and the lines whose count is not exact (the first
 * `shownLimit`; --json carries the breakdown of every line).
 */
export function renderBatchExplain(rows: readonly ExplainedLine[], shownLimit = 10): string {
  const sum = { text: 0, framing: 0, tools: 0, schema: 0, images: 0 };
  let tokens = 0;
  let min = 0;
  let max: number | null = 0;
  const rules = new Map<string, number>();
  const uncertainRows: ExplainedLine[] = [];
  for (const r of rows) {
    const c = r.input;
    if (!c) continue;
    tokens += c.tokens;
    for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += c.parts[key];
    min += c.range.min;
    max = max === null || c.range.max === null ? null : max + c.range.max;
    rules.set(c.framingRule, (rules.get(c.framingRule) ?? 0) + 1);
    if (isUncertain(c)) uncertainRows.push(r);
  }
  const ruleText = [...rules].map(([rule, n]) => `${rule} rule ×${formatCount(n)}`).join(', ');
  const lines = [
    `input tokens for ${formatCount(rows.length)} requests: ${formatCount(tokens)}${uncertainRows.length > 0 ? ` counted; the API may bill ${range({ min, max })}` : ' (exact for text and framing)'}`,
    `  text      ${formatCount(sum.text).padStart(11)}  message and item contents`,
    `  framing   ${formatCount(sum.framing).padStart(11)}  roles, message boundaries, reply priming (${ruleText})`,
    `  tools     ${formatCount(sum.tools).padStart(11)}  function definitions as rendered to the model`,
    `  schema    ${formatCount(sum.schema).padStart(11)}  structured-output schemas as rendered to the model`,
    `  images    ${formatCount(sum.images).padStart(11)}  image inputs by the model's rule`,
  ];
  if (uncertainRows.length > 0)
    lines.push(
      `  ${formatCount(uncertainRows.length)} ${uncertainRows.length === 1 ? 'request holds' : 'requests hold'} parts that cannot be counted exactly:`,
    );
  for (const r of uncertainRows.slice(0, shownLimit)) {
    const label = r.customId ?? `line ${r.line}`;
    for (const u of r.input!.uncertain) lines.push(`    ${label}: ${u.origin}: ${u.note}`);
  }
  if (uncertainRows.length > shownLimit)
    lines.push(
      `    … ${formatCount(uncertainRows.length - shownLimit)} more (--json gives every line's input_uncertain)`,
    );
  return lines.join('\n');
}
