import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { UsageEvent } from '../../../src/usage-event.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh temp dir removed after each test. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tl-store-'));
  dirs.push(d);
  return d;
}

export function event(over: Partial<UsageEvent> = {}): UsageEvent {
  return {
    key: 'resp:resp_1',
    kind: 'request',
    tsMs: Date.UTC(2026, 7, 3, 10, 7),
    model: 'gpt-5.5',
    tier: 'standard',
    requests: 1,
    inputTokens: 1000,
    cachedInputTokens: 200,
    cacheWriteTokens: 0,
    outputTokens: 300,
    reasoningTokens: 100,
    billed: true,
    format: 'responses',
    ...over,
  };
}
