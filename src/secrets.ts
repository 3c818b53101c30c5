/**
 * The one secret-masking rule, for everything the ledger stores (dimensions, tags, rejected raw
 * lines): OpenAI-style keys (`sk-…`, `sk-proj-…`) and bearer tokens in any case (`Bearer …`,
 * `bearer …`, `BEARER …`) become `[redacted]`. Over-masking a look-alike is the safe failure.
 */
const SECRET_RE = /sk-[A-Za-z0-9_-]{6,}|bearer\s+[A-Za-z0-9._~+/=-]{6,}/gi;
const MAYBE_RE = /sk-|bearer/i;
/** The shortest secret the pattern matches: "sk-" + 6 characters. */
const MIN_SECRET = 9;

/** The text with anything that looks like an API key or bearer token replaced by `[redacted]`. */
export function maskSecrets(value: string): string {
  // Cheap pre-checks: the replacing regex only runs on strings that could hold a secret.
  if (value.length < MIN_SECRET || !MAYBE_RE.test(value)) return value;
  return value.replace(SECRET_RE, '[redacted]');
}
