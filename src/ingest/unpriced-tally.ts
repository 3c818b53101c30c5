import { EVENT_COLUMN_NAMES, inputBand, USAGE_CLASSES } from '../store/columns.js';
import { pushEventValues } from '../store/event-rows.js';
import type { UsageEvent } from '../usage-event.js';

const DAY_MS = 86_400_000;

/**
 * New usage that may be unpriced, summed per group of the facts that decide it: kind, model as
 * logged, tier, input-size band, region, UTC day (for effective-dating) and which non-text classes
 * are non-zero (plus whether the tokens are all 0: tool-only usage prices without a model). Ingest
 * judges each group once at the end of a run (unpriced-judge.ts), by the same code a report prices
 * its groups with. Unbilled and source-priced events never count, so they are left out.
 */
export interface TallyGroup {
  id: string;
  kind: string;
  model: string;
  tier: string;
  band: number;
  regional: number;
  dayMs: number;
  /** Events in the group (a bucket may count 0 requests). */
  events: number;
  /** TALLY_SUMS order: requests, the five token counts, then the non-text classes. */
  sums: number[];
}

/** One batch's groups and the group of each of its events (-1: cannot be unpriced). */
export interface BatchTallyData {
  groups: TallyGroup[];
  rowGroup: Int32Array;
}

/** The summed columns, as event fields and as event column names (for flat rows). */
const TALLY_SUMS: readonly { field: keyof UsageEvent; column: string }[] = [
  { field: 'requests', column: 'requests' },
  { field: 'inputTokens', column: 'input_tokens' },
  { field: 'cachedInputTokens', column: 'cached_input_tokens' },
  { field: 'cacheWriteTokens', column: 'cache_write_tokens' },
  { field: 'outputTokens', column: 'output_tokens' },
  { field: 'reasoningTokens', column: 'reasoning_tokens' },
  ...USAGE_CLASSES,
];
/** Where the non-text classes start in TallyGroup.sums (USAGE_CLASSES order). */
export const TALLY_CLASS_FROM = 6;
const CLASS_FROM = TALLY_CLASS_FROM;
const FIELDS = TALLY_SUMS.map((s) => s.field);
const ROW_AT = TALLY_SUMS.map((s) => EVENT_COLUMN_NAMES.indexOf(s.column));
const at = (name: string) => EVENT_COLUMN_NAMES.indexOf(name);
const C = {
  kind: at('kind'),
  model: at('model'),
  tier: at('tier'),
  tsMs: at('ts_ms'),
  input: at('input_tokens'),
  output: at('output_tokens'),
  billed: at('billed'),
  regional: at('regional'),
  reported: at('reported_cost_nano'),
};

/** Builds a batch's tally event by event (the parse worker and the in-thread reader both use it). */
export class BatchTally {
  private groups: TallyGroup[] = [];
  private rowGroup: number[] = [];
  private index = new Map<string, number>();

  private readonly scratch: unknown[] = [];

  /** Adds an event (its flat row is built here: see addRow). */
  add(e: UsageEvent): void {
    const v = this.scratch;
    v.length = 0;
    pushEventValues(e, v);
    this.addRow(v, 0);
  }

  /** Adds the flat event row (EVENT_COLUMNS order) at `at`. */
  addRow(v: readonly unknown[], at: number): void {
    if (v[at + C.billed] !== 1 || v[at + C.reported] !== null) {
      this.rowGroup.push(-1);
      return;
    }
    // Hot path (every event of an ingest): no allocation unless the group is new.
    const input = v[at + C.input] as number;
    let mask = input === 0 && v[at + C.output] === 0 ? 1 : 0;
    for (let i = CLASS_FROM; i < ROW_AT.length; i++) {
      if ((v[at + ROW_AT[i]!] as number) > 0) mask |= 1 << (i - CLASS_FROM + 1);
    }
    const kind = v[at + C.kind] as string;
    const model = v[at + C.model] as string;
    const tier = v[at + C.tier] as string;
    const band = inputBand(kind, input);
    const dayMs = Math.floor((v[at + C.tsMs] as number) / DAY_MS) * DAY_MS;
    const regional = v[at + C.regional] as number;
    const id = `${kind}\u0001${model}\u0001${tier}\u0001${band}\u0001${regional}\u0001${dayMs}\u0001${mask}`;
    let g = this.index.get(id);
    if (g === undefined) {
      g = this.groups.length;
      this.index.set(id, g);
      const sums = new Array<number>(ROW_AT.length).fill(0);
      this.groups.push({ id, kind, model, tier, band, regional, dayMs, events: 0, sums });
    }
    const group = this.groups[g]!;
    group.events++;
    const sums = group.sums;
    const classes = mask > 1 ? ROW_AT.length : CLASS_FROM;
    for (let i = 0; i < classes; i++) sums[i]! += v[at + ROW_AT[i]!] as number;
    this.rowGroup.push(g);
  }

  /** The batch so far (and a fresh tally for the next). */
  take(): BatchTallyData {
    const data = { groups: this.groups, rowGroup: Int32Array.from(this.rowGroup) };
    this.groups = [];
    this.rowGroup = [];
    this.index = new Map();
    return data;
  }
}

/** The tally of a whole run: batches merged once the ledger said which of their events were new. */
export class RunTally {
  readonly groups = new Map<string, TallyGroup>();

  /**
   * Adds a written batch: `notAdded` are the positions of its events the ledger already held
   * (duplicates), subtracted using their values (`rows`: flat event rows; else `events`).
   */
  merge(
    batch: BatchTallyData,
    notAdded: readonly number[],
    values: { rows?: readonly unknown[]; events?: readonly UsageEvent[]; width: number },
  ): void {
    for (const n of notAdded) {
      const g = batch.rowGroup[n] ?? -1;
      if (g < 0) continue;
      const group = batch.groups[g]!;
      group.events--;
      const sums = group.sums;
      const e = values.events?.[n];
      for (let i = 0; i < sums.length; i++) {
        const v = e ? (e[FIELDS[i]!] as number | undefined) : values.rows?.[n * values.width + ROW_AT[i]!];
        sums[i]! -= Number(v ?? 0);
      }
    }
    for (const g of batch.groups) {
      // A group all of whose events were duplicates adds nothing (not even "incomplete").
      if (g.events === 0) continue;
      const into = this.groups.get(g.id);
      if (!into) this.groups.set(g.id, g);
      else {
        into.events += g.events;
        for (let k = 0; k < g.sums.length; k++) into.sums[k]! += g.sums[k]!;
      }
    }
  }
}
