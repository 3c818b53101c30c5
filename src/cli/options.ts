import type { Command } from 'commander';
import { z } from 'zod';
import { invalidValue } from '../errors.js';

/**
 * Flags declared once: each has its commander spelling, its help text and a zod schema that turns
 * the raw value into a typed one. `--help` and every error message take "accepted" from the same
 * spec, so they cannot drift (the shadcn CLI's one-schema-per-command pattern).
 *
 * @example
 *   const FLAGS = { tier: flag('--tier <tier>', 'service tier served', tierValue, { default: 'standard' }) };
 *   addFlags(program.command('cost'), FLAGS).action((raw) => { const flags = parseFlags(FLAGS, raw); … });
 */
export interface FlagSpec<T> {
  readonly flags: string;
  readonly help: string;
  readonly value: FlagValue<T>;
  readonly default?: string;
  readonly required?: boolean;
  /** May be given several times (`--tag a=1 --tag b=2`): parsed to a list, [] when absent. */
  readonly repeatable?: boolean;
}

/** A kind of value: what it accepts (for help and errors) and a schema from the raw string. */
export interface FlagValue<T> {
  readonly accepted: string;
  readonly schema: z.ZodType<T>;
}

type Specs = Record<string, FlagSpec<unknown>>;
type Parsed<S extends Specs> = {
  [K in keyof S]: S[K] extends FlagSpec<infer T>
    ? S[K]['repeatable'] extends true
      ? T[]
      : S[K]['default'] extends string
        ? T
        : S[K]['required'] extends true
          ? T
          : T | undefined
    : never;
};

/** Declares one flag. A boolean switch (no `<arg>`) uses `switchValue`. */
export function flag<
  T,
  const O extends { default?: string; required?: boolean; repeatable?: boolean } = object,
>(flags: string, help: string, value: FlagValue<T>, options?: O): FlagSpec<T> & O {
  return { flags, help, value, ...(options ?? ({} as O)) };
}

/**
 * A value kind from a parse function: `undefined` from `parse` means "not accepted", and
 * `problem` says what is wrong with the text ("\"1.5\" is not a token count").
 */
export function parsedValue<T>(
  accepted: string,
  parse: (text: string) => T | undefined,
  problem: (text: string) => string = (text) => `unknown value "${text}"`,
): FlagValue<T> {
  const schema = z.string().transform((text, ctx) => {
    const parsed = parse(text);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: problem(text) });
      return z.NEVER;
    }
    return parsed;
  });
  return { accepted, schema: schema as unknown as z.ZodType<T> };
}

/** One of a fixed list of names (case-insensitive), with optional aliases. */
export function oneOf<const V extends string>(
  noun: string,
  values: readonly V[],
  aliases: Readonly<Record<string, V>> = {},
): FlagValue<V> {
  return parsedValue<V>(
    values.join(', '),
    (text) => {
      const v = text.trim().toLowerCase();
      return (values as readonly string[]).includes(v) ? (v as V) : aliases[v];
    },
    (text) => `unknown ${noun} "${text}"`,
  );
}

/** A presence switch such as `--region`. */
export const switchValue: FlagValue<boolean> = { accepted: '', schema: z.boolean() };

/** Adds the flags to a command; help text ends with what each one accepts. */
export function addFlags(command: Command, specs: Specs): Command {
  for (const spec of Object.values(specs)) {
    const accepted =
      spec.value.accepted && !spec.help.includes(spec.value.accepted) ? ` (${spec.value.accepted})` : '';
    const help = `${spec.help}${accepted}`;
    if (spec.repeatable) command.option(spec.flags, help, (v: string, acc: string[]) => [...acc, v], []);
    else if (spec.required) command.requiredOption(spec.flags, help, spec.default);
    else command.option(spec.flags, help, spec.default);
  }
  return command;
}

/** Parses commander's raw options with each flag's schema; the first bad value throws one error. */
export function parseFlags<S extends Specs>(specs: S, raw: Record<string, unknown>): Parsed<S> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const input = raw[key];
    if (spec.repeatable) {
      out[key] = (Array.isArray(input) ? input : input === undefined ? [] : [input]).map((one) =>
        parseOne(spec, one),
      );
    } else out[key] = input === undefined ? undefined : parseOne(spec, input);
  }
  return out as Parsed<S>;
}

/** One raw value through its flag's schema; a bad one is the shared one-line error (exit 2). */
function parseOne(spec: FlagSpec<unknown>, input: unknown): unknown {
  const result = spec.value.schema.safeParse(input);
  if (!result.success) {
    const problem = result.error.issues[0]?.message ?? `invalid value "${String(input)}"`;
    throw invalidValue(flagName(spec.flags), problem, spec.value.accepted);
  }
  return result.data;
}

/** "--cache-write <n>" → "--cache-write". */
export function flagName(flags: string): string {
  return flags.split(/[ ,]/).find((part) => part.startsWith('--')) ?? flags;
}
