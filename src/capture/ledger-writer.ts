import { ParseContext } from '../ingest/context.js';
import { parseValue } from '../ingest/dispatch.js';
import type { Ledger } from '../store/ledger.js';
import type { UsageEvent } from '../usage-event.js';

/** A capture sink that appends to a ledger, plus `flush` to wait for what is queued. */
export interface LedgerSink {
  write(record: Record<string, unknown>): void;
  flush(): Promise<void>;
}

/**
 * Writes captured records straight into a ledger through the same parsers `ingest` uses, so a
 * captured call and the same call ingested from a log file dedupe. Records queued within one turn
 * of the event loop go in one `append`; appends run one at a time.
 */
export function ledgerSink(ledger: Ledger, onError: (error: unknown) => void): LedgerSink {
  let queue: UsageEvent[] = [];
  let chain: Promise<void> = Promise.resolve();
  let scheduled = false;
  const drain = () => {
    scheduled = false;
    const events = queue;
    queue = [];
    if (events.length === 0) return;
    chain = chain.then(() => ledger.append({ events }).then(() => undefined)).catch(onError);
  };
  return {
    write(record) {
      const now = Date.now();
      const ctx = new ParseContext('withUsageLog', now, now);
      parseValue(record, '', ctx);
      for (const r of ctx.drain()) if (r.type === 'event') queue.push(r.event);
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    async flush() {
      drain();
      await chain;
    },
  };
}
