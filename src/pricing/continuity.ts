import type { ModelEntry, PriceBook } from './price-book.js';
import { findModel } from './resolve-model.js';

const DAY_MS = 86_400_000;
/** gpt-4o-2024-08-06 → 2024-08-06; gpt-4-0613 → 2023-06-13; gpt-3.5-turbo-0125 → 2024-01-25. */
const ISO_SUFFIX = /-(\d{4})-(\d{2})-(\d{2})$/;
const MMDD_SUFFIX = /-(0[1-9]|1[0-2])(\d{2})$/;

function snapshotDayMs(alias: string): number | undefined {
  const iso = ISO_SUFFIX.exec(alias);
  if (iso) return Date.parse(`${iso[1]}-${iso[2]}-${iso[3]}T00:00:00Z`);
  const mmdd = MMDD_SUFFIX.exec(alias);
  if (!mmdd) return undefined;
  // Four-digit snapshot names ran from 0301 (March 2023) to 0125 (January 2024).
  const year = Number(mmdd[1]) <= 2 ? 2024 : 2023;
  return Date.parse(`${year}-${mmdd[1]}-${mmdd[2]}T00:00:00Z`);
}

/**
 * Where a model's price versions overlap or leave a gap: an end after the next start (overlap), an
 * end before it or before its own start (gap), a dated snapshot alias older than the first price
 * (its first days would be unpriced), a derived model priced before its base. Empty when sound.
 */
export function versionProblems(book: PriceBook, model: ModelEntry): string[] {
  const problems: string[] = [];
  const vs = model.versions;
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i]!;
    const next = vs[i + 1];
    if (next && next.effectiveFromMs <= v.effectiveFromMs) {
      problems.push(
        `${model.id}: versions ${v.effectiveFrom} and ${next.effectiveFrom} overlap (not in date order)`,
      );
    }
    if (v.effectiveUntilMs === undefined) continue;
    if (v.effectiveUntilMs <= v.effectiveFromMs) {
      problems.push(`${model.id}: version ${v.effectiveFrom} ends before it starts`);
    } else if (next && v.effectiveUntilMs > next.effectiveFromMs) {
      problems.push(
        `${model.id}: version ${v.effectiveFrom} runs past the next one (${next.effectiveFrom}): overlap`,
      );
    } else if (next && v.effectiveUntilMs < next.effectiveFromMs) {
      problems.push(`${model.id}: gap between version ${v.effectiveFrom}'s end and ${next.effectiveFrom}`);
    }
  }
  const first = vs[0];
  for (const alias of first ? model.aliases : []) {
    const day = snapshotDayMs(alias);
    // A day's slack: snapshot names are dated in US time, prices start at UTC midnight.
    if (day !== undefined && day + DAY_MS <= first!.effectiveFromMs) {
      problems.push(
        `${model.id}: snapshot ${alias} is older than the first price (${first!.effectiveFrom}): gap`,
      );
    }
  }
  for (const v of vs) {
    const from = v.data.derive?.from;
    if (!from) continue;
    const base = findModel(book, from);
    const baseFirst = base?.versions[0]?.effectiveFromMs;
    if (baseFirst !== undefined && baseFirst > v.effectiveFromMs) {
      problems.push(
        `${model.id}: derives from ${base!.id} at ${v.effectiveFrom}, before ${base!.id} has a price: gap`,
      );
    }
  }
  return problems;
}
