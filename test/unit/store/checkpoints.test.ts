import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fingerprint,
  fingerprints,
  planResume,
  READ_HASH_PREFIX,
  ReadHash,
} from '../../../src/store/checkpoints.js';
import type { Checkpoint } from '../../../src/store/types.js';
import { tempDir } from './helpers.js';

const cp: Checkpoint = { file: '/x', size: 100, mtimeMs: 5, offset: 100, line: 4, headHash: 'H' };
const same = () => 'H';

describe('planResume', () => {
  it('reads a new file from the start', () => {
    expect(planResume(undefined, { size: 1, mtimeMs: 1 }, same)).toEqual({
      action: 'restart',
      reason: 'new',
    });
  });
  it('skips an unchanged, completely read file', () => {
    expect(planResume(cp, { size: 100, mtimeMs: 5 }, same)).toEqual({ action: 'skip' });
  });
  it('resumes an appended file at the offset', () => {
    expect(planResume(cp, { size: 150, mtimeMs: 9 }, same)).toEqual({
      action: 'resume',
      offset: 100,
      line: 4,
    });
  });
  it('resumes an interrupted read of an unchanged file', () => {
    const half = { ...cp, offset: 40, line: 2 };
    expect(planResume(half, { size: 100, mtimeMs: 5 }, same)).toEqual({
      action: 'resume',
      offset: 40,
      line: 2,
    });
  });
  it('restarts a truncated or rotated file', () => {
    expect(planResume(cp, { size: 50, mtimeMs: 9 }, same)).toMatchObject({
      action: 'restart',
      reason: 'truncated',
    });
    expect(planResume(cp, { size: 150, mtimeMs: 9 }, () => 'other')).toMatchObject({
      action: 'restart',
      reason: 'changed',
    });
  });
  it('restarts a same-size file rewritten in place (new mtime)', () => {
    expect(planResume(cp, { size: 100, mtimeMs: 6 }, same)).toMatchObject({
      action: 'restart',
      reason: 'changed',
    });
  });
  it('restarts when --format differs from the one the file was read with (auto when detected)', () => {
    const forced = { ...cp, format: 'chat' };
    expect(planResume(forced, { size: 100, mtimeMs: 5 }, same)).toEqual({
      action: 'restart',
      reason: 'format',
    });
    expect(planResume(forced, { size: 100, mtimeMs: 5 }, same, 'chat')).toEqual({ action: 'skip' });
    expect(planResume({ ...cp, format: 'auto' }, { size: 100, mtimeMs: 5 }, same)).toEqual({
      action: 'skip',
    });
  });
  it('fingerprints the whole consumed region: a fix anywhere before the checkpoint changes it', () => {
    const dir = tempDir();
    const a = join(dir, 'a');
    const body = `${'x'.repeat(10_000)}\nline 2\n${'z'.repeat(10_000)}\n`;
    writeFileSync(a, body);
    const before = fingerprint(a, body.length);
    writeFileSync(a, `${body}appended\n`);
    expect(fingerprint(a, body.length)).toBe(before); // an append leaves the region alone
    writeFileSync(a, body.replace('line 2', 'line 3'));
    expect(fingerprint(a, body.length)).not.toBe(before); // same size, fixed in the middle
    writeFileSync(a, `${body.replace('line 2', 'line 2 fixed')}`);
    expect(fingerprint(a, body.length)).not.toBe(before); // longer: every byte after shifts
  });
  it('over 16 MiB still hashes the whole region: a same-length change in the middle is noticed', () => {
    const dir = tempDir();
    const a = join(dir, 'a');
    const big = Buffer.alloc(20 * 1024 * 1024, 0x61);
    writeFileSync(a, big);
    const before = fingerprint(a, big.length);
    big[10 * 1024 * 1024] = 0x62;
    writeFileSync(a, big);
    expect(fingerprint(a, big.length)).not.toBe(before);
  });
  it('fingerprints of several prefixes in one read equal one fingerprint each', () => {
    const dir = tempDir();
    const a = join(dir, 'a');
    const body = Buffer.alloc(3 * 1024 * 1024 + 17, 0x7a);
    body[2 * 1024 * 1024] = 0x30;
    writeFileSync(a, body);
    const lengths = [0, 5, 1024 * 1024, 2 * 1024 * 1024 + 1, body.length];
    expect(fingerprints(a, lengths)).toEqual(lengths.map((n) => fingerprint(a, n)));
  });
  it('a fingerprint taken while reading equals the one taken from the file, for any prefix read', () => {
    const dir = tempDir();
    const a = join(dir, 'a');
    const body = Buffer.alloc(2 * 1024 * 1024 + 5, 0x61);
    body[1_000_000] = 0x0a;
    writeFileSync(a, body);
    const read = new ReadHash();
    for (let at = 0; at < body.length; at += 700_001) {
      read.update(body.subarray(at, Math.min(at + 700_001, body.length)));
      expect(read.value()).toBe(fingerprint(a, read.length));
    }
    expect(read.value().startsWith(READ_HASH_PREFIX)).toBe(true);
    // The format of checkpoints written before ReadHash stays verifiable (and differs).
    expect(fingerprint(a, body.length, true)).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint(a, body.length, true)).not.toBe(fingerprint(a, body.length));
  });
});
