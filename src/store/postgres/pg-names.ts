/**
 * A quoted PostgreSQL identifier. Every identifier is quoted: "user", "key" and "offset" are
 * reserved words, and quoting them all keeps one rule.
 */
export const q = (name: string): string => `"${name}"`;
