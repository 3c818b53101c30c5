/**
 * The recorded-traffic corpus (test/fixtures/recorded): real request bodies with the input count the
 * API reported, each with its source. Folders (the 26 shared reference pairs) and harvest/*.jsonl
 * (one case per line, extracted from public vcrpy cassettes).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusCase {
  id: string;
  url: string;
  endpoint: 'chat' | 'responses';
  split: 'fit' | 'holdout';
  request: Record<string, unknown>;
  reportedInput: number;
  /** Folder of the case (relative image paths), when it has one. */
  dir?: string;
}

export const CORPUS_DIR = join(import.meta.dirname, '..', 'fixtures', 'recorded');

type Usage = { prompt_tokens?: number; input_tokens?: number };

export function loadCorpus(dir = CORPUS_DIR): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const name of readdirSync(dir).sort()) {
    const folder = join(dir, name);
    if (!existsSync(join(folder, 'request.json'))) continue;
    const source = readFileSync(join(folder, 'source.txt'), 'utf8');
    const usage = JSON.parse(readFileSync(join(folder, 'usage.json'), 'utf8')) as Usage;
    cases.push({
      id: name,
      url: /^url: (.*)$/m.exec(source)?.[1] ?? '',
      endpoint: /^endpoint: .*\/responses$/m.test(source) ? 'responses' : 'chat',
      split: 'fit',
      request: JSON.parse(readFileSync(join(folder, 'request.json'), 'utf8')),
      reportedInput: usage.prompt_tokens ?? usage.input_tokens ?? Number.NaN,
      dir: folder,
    });
  }
  const harvest = join(dir, 'harvest');
  for (const file of existsSync(harvest) ? readdirSync(harvest).sort() : []) {
    if (!file.endsWith('.jsonl')) continue;
    for (const line of readFileSync(join(harvest, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const c = JSON.parse(line) as {
        id: string;
        source: { url: string };
        endpoint: 'chat' | 'responses';
        split: 'fit' | 'holdout';
        request: Record<string, unknown>;
        usage: Usage;
      };
      const reported = c.usage.prompt_tokens ?? c.usage.input_tokens ?? Number.NaN;
      // A few cassettes hold a usage of 0 input tokens (a mocked or failed call): not evidence.
      if (!(reported > 0)) continue;
      cases.push({
        id: c.id,
        url: c.source.url,
        endpoint: c.endpoint,
        split: c.split,
        request: c.request,
        reportedInput: reported,
      });
    }
  }
  return cases;
}
