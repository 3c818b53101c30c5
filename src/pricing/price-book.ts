import type { Decimal } from '../money.js';
import type { Effort } from '../usage-event.js';
import type { GatewayData, ModelData, PriceVersionData, ToolFeeData } from './schema.js';

/** One price version of a model, in force from `effectiveFromMs` until the next one. */
export interface PriceVersion {
  readonly effectiveFrom: string;
  readonly effectiveFromMs: number;
  /** Exclusive end, if the book states one (a retired model). */
  readonly effectiveUntilMs: number | undefined;
  readonly sources: readonly string[];
  readonly data: PriceVersionData;
  /** The file this version came from (bundled or --pricing). */
  readonly origin: string;
}

export interface ModelEntry {
  readonly id: string;
  readonly family: string;
  readonly aliases: readonly string[];
  readonly encoding: string;
  readonly contextWindow: number;
  readonly maxOutputTokens: number;
  readonly efforts: readonly Effort[];
  readonly defaultEffort: Effort | undefined;
  readonly dataResidencyUplift: Decimal | undefined;
  readonly notes: readonly string[];
  /** Sorted by effectiveFromMs ascending. */
  readonly versions: readonly PriceVersion[];
  readonly raw: ModelData;
}

export interface GatewayEntry {
  readonly id: string;
  readonly data: GatewayData;
}

/** A per-call / per-session / per-GB-day fee with its versions (sorted by effectiveFromMs). */
export interface ToolFeeEntry {
  readonly data: ToolFeeData;
  readonly versions: readonly (ToolFeeData['versions'][number] & { readonly effectiveFromMs: number })[];
  readonly origin: string;
}

/** The loaded, validated and merged price book. Build it with `loadPriceBook`. */
export interface PriceBook {
  /** The day the bundled book (or the newest override that states one) was checked against its sources. */
  readonly asOf: string | undefined;
  /** Built-in tool and storage fees. */
  readonly tools: readonly ToolFeeEntry[];
  readonly models: ReadonlyMap<string, ModelEntry>;
  /** Lower-cased id or alias → canonical id. */
  readonly index: ReadonlyMap<string, string>;
  readonly gateways: ReadonlyMap<string, GatewayEntry>;
  /** Files merged into this book, in order. */
  readonly files: readonly string[];
}
