import { COL, EVENT_COLUMN_COUNT, EVENT_COLUMNS } from '../store/columns.js';
import { pushEventValues } from '../store/event-rows.js';
import type { UsageEvent } from '../usage-event.js';

/**
 * Compact hand-over of event rows from the parse worker to the writer: numbers in a Float64Array
 * (NaN = NULL), the other text columns as ids into a per-batch dictionary of distinct strings, keys
 * as one string array. Typed arrays are transferred, not copied, and the receiving thread builds no
 * per-row strings: far less to clone and to collect than plain row arrays.
 */
export interface EncodedRows {
  keys: string[];
  dict: string[];
  /** NUM_COLS values per row. */
  nums: Float64Array;
  /** STR_COLS ids per row, -1 = NULL. */
  ids: Int32Array;
}

/** reported_cost_nano travels as decimal text (a bigint may exceed 2^53) and is turned back into a bigint. */
const COST_COL = COL.reportedCostNano;
/** EVENT_COLUMNS positions of the numeric and the (non-key) text columns, from the declared types. */
const NUM_COLS = EVENT_COLUMNS.flatMap((c, i) => (c.type === 'int' && i !== COST_COL ? [i] : []));
const STR_COLS = EVENT_COLUMNS.flatMap((c, i) =>
  (c.type === 'text' && i !== COL.key) || i === COST_COL ? [i] : [],
);

export class RowEncoder {
  private keys: string[] = [];
  private dict: string[] = [];
  private index = new Map<string, number>();
  // Filled in place and grown by doubling: no per-value boxing, one copy per batch at most.
  private nums = new Float64Array(1024 * NUM_COLS.length);
  private ids = new Int32Array(1024 * STR_COLS.length);
  private readonly values: unknown[] = [];
  private lastValue: (string | undefined)[] = new Array(STR_COLS.length);
  private lastId: number[] = new Array(STR_COLS.length);

  get count(): number {
    return this.keys.length;
  }

  /** Adds an event; returns its flat row (EVENT_COLUMNS order), valid until the next call. */
  add(e: UsageEvent): readonly unknown[] {
    const v = this.values;
    v.length = 0;
    pushEventValues(e, v);
    const row = this.keys.length;
    this.keys.push(e.key);
    if ((row + 1) * NUM_COLS.length > this.nums.length) this.grow();
    const nums = this.nums;
    let at = row * NUM_COLS.length;
    for (const c of NUM_COLS) {
      const n = v[c];
      nums[at++] = n === null ? Number.NaN : (n as number);
    }
    const ids = this.ids;
    at = row * STR_COLS.length;
    for (let j = 0; j < STR_COLS.length; j++) {
      const s = v[STR_COLS[j]!];
      ids[at++] = s === null ? -1 : this.id(j, typeof s === 'string' ? s : String(s));
    }
    return v;
  }

  /** The rows so far (resetting the encoder) and the buffers to transfer with them. */
  take(): { rows: EncodedRows; transfer: ArrayBuffer[] } {
    const n = this.keys.length;
    const rows: EncodedRows = {
      keys: this.keys,
      dict: this.dict,
      nums: this.nums.slice(0, n * NUM_COLS.length),
      ids: this.ids.slice(0, n * STR_COLS.length),
    };
    this.keys = [];
    this.dict = [];
    this.index = new Map();
    this.lastValue = new Array(STR_COLS.length);
    return { rows, transfer: [rows.nums.buffer as ArrayBuffer, rows.ids.buffer as ArrayBuffer] };
  }

  private grow(): void {
    const nums = new Float64Array(this.nums.length * 2);
    nums.set(this.nums);
    this.nums = nums;
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.ids = ids;
  }

  /** Dictionary id of a column's value; a column repeating its previous value skips the lookup. */
  private id(col: number, value: string): number {
    if (this.lastValue[col] === value) return this.lastId[col]!;
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.dict.length;
      this.dict.push(value);
      this.index.set(value, id);
    }
    this.lastValue[col] = value;
    this.lastId[col] = id;
    return id;
  }
}

/** Flat column values (EVENT_COLUMNS order, what Ledger.append takes as `rows`) of encoded rows. */
export function decodeRows(r: EncodedRows): unknown[] {
  const n = r.keys.length;
  const out: unknown[] = new Array(n * EVENT_COLUMN_COUNT);
  const { dict, nums, ids } = r;
  for (let row = 0; row < n; row++) {
    const at = row * EVENT_COLUMN_COUNT;
    out[at + COL.key] = r.keys[row];
    const nb = row * NUM_COLS.length;
    for (let j = 0; j < NUM_COLS.length; j++) {
      const v = nums[nb + j]!;
      out[at + NUM_COLS[j]!] = Number.isNaN(v) ? null : v;
    }
    const sb = row * STR_COLS.length;
    for (let j = 0; j < STR_COLS.length; j++) {
      const id = ids[sb + j]!;
      out[at + STR_COLS[j]!] = id < 0 ? null : dict[id];
    }
    const cost = out[at + COST_COL];
    if (cost !== null) out[at + COST_COL] = BigInt(cost as string);
  }
  return out;
}
