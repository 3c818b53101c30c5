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

const range = (c: InputCount) =>
  c.range.max === null
    ? `at least ${formatCount(c.range.min)} (no upper bound known)`
    : c.range.min === c.range.max
      ? formatCount(c.range.min)
      : `${formatCount(c.range.min)}–${formatCount(c.range.max)}`;

/**
 * `estimate --explain`: the input count line by line — framing, text, tools, schema, images — then
 * every part that cannot be counted exactly, and the range the API may bill.
 */
export function renderExplain(model: string, c: InputCount): string {
  const p = c.parts;
  const lines = [
    `input tokens for ${model}: ${formatCount(c.tokens)}${isUncertain(c) ? ` counted; the API may bill ${range(c)}` : ' (exact for text and framing)'}`,
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
