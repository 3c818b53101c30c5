/**
 * The error tree. Core modules throw these; only `cli/` maps them to exit codes and stderr.
 * Every message names the bad value, where it came from, and what is accepted.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_model'
  | 'config'
  | 'pricing_data'
  | 'context_overflow'
  | 'budget_exceeded'
  | 'rejected_lines'
  | 'remote_service'
  | 'internal';

/** Exit codes of the CLI contract (DESIGN.md). */
export const EXIT = { ok: 0, internal: 1, usage: 2, budget: 3, rejects: 4, remote: 5 } as const;

export class TokenledgerError extends Error {
  readonly code: ErrorCode;
  readonly suggestion: string | undefined;
  readonly exitCode: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { suggestion?: string; cause?: unknown; exitCode?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.suggestion = options.suggestion;
    this.exitCode = options.exitCode ?? EXIT.usage;
  }
}

/** A bad value from a flag, a file line or a config key. `origin` says where: "--input", "log.jsonl:12". */
export class InvalidInputError extends TokenledgerError {
  readonly origin: string | undefined;
  constructor(message: string, origin?: string, options: { suggestion?: string; cause?: unknown } = {}) {
    super('invalid_input', origin ? `${origin}: ${message}` : message, options);
    this.origin = origin;
  }
}

export class UnknownModelError extends TokenledgerError {
  readonly model: string;
  readonly nearest: readonly string[];
  constructor(model: string, nearest: readonly string[], origin?: string) {
    const hint = nearest.length > 0 ? ` (nearest known: ${nearest.join(', ')})` : '';
    super('unknown_model', `${origin ? `${origin}: ` : ''}unknown model "${model}"${hint}`, {
      suggestion: 'add it with --pricing FILE, or see `tokenledger pricing list`',
    });
    this.model = model;
    this.nearest = nearest;
  }
}

/** A tier, effort or long-context combination the model does not offer. */
export class NotOfferedError extends TokenledgerError {
  constructor(message: string) {
    super('invalid_input', message);
  }
}

export class ConfigError extends TokenledgerError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('config', message, options);
  }
}

/** The bundled or a user price book failed validation: names file, model and field. */
export class PricingDataError extends TokenledgerError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('pricing_data', message, options);
  }
}

export class ContextOverflowError extends TokenledgerError {
  constructor(message: string) {
    super('context_overflow', message);
  }
}

export class BudgetExceededError extends TokenledgerError {
  constructor(message: string) {
    super('budget_exceeded', message, { exitCode: EXIT.budget });
  }
}

/** A remote service (the OpenAI admin API) failed after the retry budget: exit 5, work done so far kept. */
export class RemoteServiceError extends TokenledgerError {
  constructor(message: string, options: { suggestion?: string; cause?: unknown } = {}) {
    super('remote_service', message, { ...options, exitCode: EXIT.remote });
  }
}

/**
 * The one shape of a "bad value" message: `problem (accepted: …)`, e.g.
 * `--tier: unknown tier "turbo" (accepted: standard, batch, flex, priority)` with its origin. Flags
 * (cli/options.ts), config keys, file lines and price data all go through it.
 */
export function withAccepted(problem: string, accepted: string): string {
  return accepted ? `${problem} (accepted: ${accepted})` : problem;
}

/** A bad value with its origin: `origin: problem (accepted: …)` (see withAccepted). */
export function invalidValue(
  origin: string,
  problem: string,
  accepted: string,
  options: { suggestion?: string; cause?: unknown } = {},
): InvalidInputError {
  return new InvalidInputError(withAccepted(problem, accepted), origin, options);
}

/** The ledger could not be written (read-only file or folder, disk full): the run stops, exit 2. */
export class LedgerWriteError extends TokenledgerError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('invalid_input', `cannot write the ledger: ${message}`, {
      ...options,
      suggestion: 'check that the --db file and its folder are writable and the disk has room',
    });
  }
}

/** A filesystem error in words ("symlink loop", "permission denied"…), never a stack. */
export function errnoText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ELOOP':
      return 'symlink loop';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EIO':
      return 'input/output error';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
