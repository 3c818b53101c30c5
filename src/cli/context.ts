import type { Command } from 'commander';
import { type Config, loadConfig } from '../config.js';
import { loadPriceBook } from '../pricing/load.js';
import type { PriceBook } from '../pricing/price-book.js';

/** Global options shared by every command (DESIGN.md: --db, --pricing, --config, --json). */
export interface GlobalOptions {
  db: string;
  /** Where `db` came from, for error messages: the flag, or the environment variable. */
  dbOrigin: '--db' | 'TOKENLEDGER_DB';
  pricing?: string;
  config?: string;
  json: boolean;
  debug: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  const o = command.optsWithGlobals() as Partial<GlobalOptions>;
  return {
    // An empty TOKENLEDGER_DB (a CI secret that is not set) means the default, not a file named ''.
    db: o.db ?? (process.env.TOKENLEDGER_DB || './tokenledger.db'),
    dbOrigin: o.db === undefined && process.env.TOKENLEDGER_DB ? 'TOKENLEDGER_DB' : '--db',
    ...(o.pricing === undefined ? {} : { pricing: o.pricing }),
    ...(o.config === undefined ? {} : { config: o.config }),
    json: o.json ?? false,
    debug: o.debug ?? false,
  };
}

/** Lazily loaded config and price book for one CLI run. */
export class RunContext {
  private configCache: Config | undefined;
  private bookCache: PriceBook | undefined;

  constructor(readonly options: GlobalOptions) {}

  get config(): Config {
    this.configCache ??= loadConfig(this.options.config);
    return this.configCache;
  }

  /** Bundled prices, then the config's "pricing" file(s), then --pricing (the flag wins). */
  get book(): PriceBook {
    if (!this.bookCache) {
      const fromConfig = this.config.pricing;
      const overrides = [
        ...(fromConfig === undefined ? [] : typeof fromConfig === 'string' ? [fromConfig] : fromConfig),
        ...(this.options.pricing === undefined ? [] : [this.options.pricing]),
      ];
      this.bookCache = loadPriceBook({ overrides });
    }
    return this.bookCache;
  }
}

export function createContext(command: Command): RunContext {
  return new RunContext(globalOptions(command));
}
