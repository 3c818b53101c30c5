import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tl } from './ingest-helpers.js';

const HEAD =
  'start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens';
const row = (n: number, input: number) =>
  `1793491200,1793577600,2026-11-01T00:00:00+00:00,2026-11-02T00:00:00+00:00,proj_a,${n},,,gpt-5.5,FALSE,default,${input},10,0`;

describe('dashboard usage export: equal groupings in one file', () => {
  it('keeps both rows; an overlapping export adds only its new row', () => {
    const dir = tempDir();
    const db = join(dir, 'l.db');
    writeFileSync(join(dir, 'oct.csv'), `${[HEAD, row(1, 100), row(2, 300)].join('\n')}\n`);
    writeFileSync(
      join(dir, 'oct-again.csv'),
      `${[HEAD, row(1, 100), row(2, 300), row(5, 900)].join('\n')}\n`,
    );
    const first = tl(['ingest', '--db', db, '--json', join(dir, 'oct.csv')]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ inserted: 2, duplicates: 0 });
    const second = tl(['ingest', '--db', db, '--json', join(dir, 'oct-again.csv')]);
    expect(JSON.parse(second.stdout)).toMatchObject({ inserted: 1, duplicates: 2 });
    const report = tl(['report', '--db', db, '--json', '--since', '2026-11-01', '--until', '2026-11-01']);
    expect(JSON.parse(report.stdout).total).toMatchObject({ requests: 8, input_tokens: 1300 });
  });
});
