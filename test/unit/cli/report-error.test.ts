import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../../src/cli/errors.js';
import { InvalidInputError } from '../../../src/errors.js';

/**
 * README "Exit codes": 1 is an unexpected internal error (a bug), said in one line without a stack
 * trace unless --debug; 2 is a usage error, one line naming the origin. (No command is known to
 * reach exit 1, so the mapping itself is tested.)
 */
function capture(error: unknown, debug: boolean): { code: number; stderr: string } {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: reportError(error, debug), stderr };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('reportError', () => {
  it('an unexpected error is exit 1, one line, no stack trace unless --debug', () => {
    const bug = new TypeError('boom');
    const plain = capture(bug, false);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(
      'tokenledger: internal error: boom (re-run with --debug for details; please report it)\n',
    );
    const debug = capture(bug, true);
    expect(debug.code).toBe(1);
    expect(debug.stderr.split('\n').length).toBeGreaterThan(3);
    expect(debug.stderr).toContain('TypeError: boom\n    at ');
  });

  it('a bad value is exit 2, one line naming its origin and the suggestion', () => {
    const r = capture(
      new InvalidInputError('"x" is not a tier', '--tier', { suggestion: 'see --help' }),
      false,
    );
    expect(r).toEqual({ code: 2, stderr: 'tokenledger: --tier: "x" is not a tier — see --help\n' });
  });
});
