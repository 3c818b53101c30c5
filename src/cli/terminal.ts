/**
 * The terminal's width: stdout's columns when it is a TTY, else the COLUMNS variable (set by
 * shells and by tests), else undefined (a pipe or file: nothing is cut).
 */
export function terminalWidth(): number | undefined {
  if (process.stdout.isTTY && process.stdout.columns > 0) return process.stdout.columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : undefined;
}

/**
 * Colour on a TTY unless NO_COLOR is set (no-color.org: any non-empty value); FORCE_COLOR set to
 * anything but "0" or "false" turns it on even in a pipe and wins over NO_COLOR.
 */
export function useColor(): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (process.env.NO_COLOR) return false;
  return process.stdout.isTTY === true;
}
