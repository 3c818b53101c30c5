import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, withAccepted } from './errors.js';

/**
 * tokenledger.config.json. Sections owned by other modules (budgets) are validated by them; here
 * they pass through as unknown so that one bad budget does not stop `pricing list`. Unknown keys
 * are an error (a misspelt "time_zone" must not be ignored silently): a new key is added here.
 */
export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  /** A user price book (path relative to the config file) merged over the bundled one. */
  pricing: z.union([z.string(), z.array(z.string())]).optional(),
  /** Default IANA zone for reports and budgets. */
  tz: z.string().optional(),
  budgets: z.unknown().optional(),
});

export type Config = z.infer<typeof configSchema> & { readonly path?: string };

export const DEFAULT_CONFIG_FILE = 'tokenledger.config.json';

/** Reads the config from an explicit path, or ./tokenledger.config.json when present, or returns {}. */
export function loadConfig(path?: string): Config {
  const file = path ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (file === undefined) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ConfigError(`${file}: cannot read config (${(cause as Error).message})`, { cause });
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const accepted = Object.keys(configSchema.shape).join(', ');
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      throw new ConfigError(
        `${file}: ${withAccepted(`unknown config key${issue.keys.length > 1 ? 's' : ''} ${keys}`, accepted)}`,
      );
    }
    throw new ConfigError(`${file}: config key "${issue.path.join('.') || '(root)'}": ${issue.message}`);
  }
  const base = dirname(resolve(file));
  const pricing = parsed.data.pricing;
  const resolvePath = (p: string) => resolve(base, p);
  return {
    ...parsed.data,
    ...(pricing === undefined
      ? {}
      : { pricing: typeof pricing === 'string' ? resolvePath(pricing) : pricing.map(resolvePath) }),
    path: file,
  };
}
