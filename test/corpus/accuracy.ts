/**
 * Accuracy of the input count on the recorded corpus: each case counted with the estimator's
 * rules and compared with the input count the API reported, grouped by model family and feature.
 */
import { parseRequestBody } from '../../src/estimate/request.js';
import { unknownModelId } from '../../src/estimate/estimate.js';
import type { PriceBook } from '../../src/pricing/price-book.js';
import { findModel } from '../../src/pricing/resolve-model.js';
import { countInput } from '../../src/tokenize/count-input.js';
import type { CorpusCase } from './load-corpus.js';

export interface Scored {
  case: CorpusCase;
  family: string;
  feature: string;
  estimated: number;
  reported: number;
  error: number;
  uncertain: boolean;
}

/** Model family as the README table groups it. */
export function familyOf(modelId: string): string {
  if (/^gpt-4o/.test(modelId)) return 'gpt-4o';
  if (/^gpt-4\.1/.test(modelId)) return 'gpt-4.1';
  if (/^gpt-4\.5/.test(modelId)) return 'gpt-4.5';
  if (/^gpt-5(-|$)/.test(modelId)) return 'gpt-5';
  if (/^gpt-5\./.test(modelId)) return 'gpt-5.x';
  if (/^o\d/.test(modelId)) return 'o-series';
  return 'other';
}

/** The hardest feature a request uses (one column per request). */
function featureOf(c: CorpusCase, counted: ReturnType<typeof countInput>): string {
  if (counted.uncertain.length > 0) return 'unpredictable';
  if (counted.parts.images > 0) return 'images';
  const body = JSON.stringify(c.request);
  if (/"function_call_output"|"role":"tool"|"tool_calls"|"function_call"/.test(body.replace(/": "/g, '":"')))
    return 'tool calls';
  if (counted.parts.schema > 0) return 'schema';
  if (counted.parts.tools > 0) return 'tools';
  return 'text';
}

export function scoreCorpus(cases: readonly CorpusCase[], book: PriceBook): Scored[] {
  return cases.map((c) => {
    const raw = String(c.request.model);
    const model = findModel(book, raw);
    const modelId = model?.id ?? unknownModelId(raw);
    const parsed = parseRequestBody(c.request, c.id);
    const counted = countInput(parsed.prompt, {
      encoding: model?.encoding ?? 'o200k_base',
      modelId,
      ...(c.dir ? { baseDir: c.dir } : {}),
    });
    return {
      case: c,
      family: familyOf(modelId),
      feature: featureOf(c, counted),
      estimated: counted.tokens,
      reported: c.reportedInput,
      error: counted.tokens - c.reportedInput,
      uncertain: counted.uncertain.length > 0,
    };
  });
}

export interface Summary {
  n: number;
  exact: number;
  within2: number;
  /** Within 2 tokens or 2%, whichever is larger. */
  within2pct: number;
  within10pct: number;
  worst: number;
}

export function summarize(rows: readonly Scored[]): Summary {
  const tol = (r: Scored, pct: number) => Math.abs(r.error) <= Math.max(2, r.reported * pct);
  return {
    n: rows.length,
    exact: rows.filter((r) => r.error === 0).length,
    within2: rows.filter((r) => Math.abs(r.error) <= 2).length,
    within2pct: rows.filter((r) => tol(r, 0.02)).length,
    within10pct: rows.filter((r) => tol(r, 0.1)).length,
    worst: rows.reduce((w, r) => (Math.abs(r.error) > Math.abs(w) ? r.error : w), 0),
  };
}

const pct = (a: number, n: number) => (n === 0 ? '–' : `${Math.round((100 * a) / n)}%`);

/** Markdown table: one row per family × feature, plus totals. */
export function accuracyTable(rows: readonly Scored[]): string {
  const groups = new Map<string, Scored[]>();
  for (const r of rows) {
    const key = `${r.family}\u0000${r.feature}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const lines = [
    '| family | feature | requests | exact | within 2 tokens | within 2% | worst error |',
    '|---|---|--:|--:|--:|--:|--:|',
  ];
  for (const key of [...groups.keys()].sort()) {
    const [family, feature] = key.split('\u0000');
    const s = summarize(groups.get(key)!);
    lines.push(
      `| ${family} | ${feature} | ${s.n} | ${pct(s.exact, s.n)} | ${pct(s.within2, s.n)} | ${pct(s.within2pct, s.n)} | ${s.worst > 0 ? '+' : ''}${s.worst} |`,
    );
  }
  const t = summarize(rows.filter((r) => !r.uncertain));
  lines.push(
    `| **all countable** | | ${t.n} | ${pct(t.exact, t.n)} | ${pct(t.within2, t.n)} | ${pct(t.within2pct, t.n)} | ${t.worst} |`,
  );
  return lines.join('\n');
}
