import stringWidth from 'string-width';

/** A plain aligned text table: text columns left-aligned, numeric columns right-aligned. */
export interface Column {
  header: string;
  align?: 'left' | 'right';
}

export interface TableOptions {
  /** Fit into this many terminal columns by shortening text cells (with "…"); unset: no limit. */
  maxWidth?: number;
  /** Rows (by index) drawn as subtotals: a rule above them. */
  ruleBefore?: ReadonlySet<number>;
  /** ANSI styling: bold header and footer, dim rules. */
  color?: boolean;
}

const GAP = 2;

/**
 * Formats a table whose cells are measured by display width (CJK and emoji take two columns), with
 * control characters from log data made visible so they cannot move the cursor or recolour the
 * terminal. With `maxWidth`, text columns give up width (widest first) until the table fits.
 */
export function formatTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  footer?: readonly string[],
  options: TableOptions = {},
): string {
  const clean = (cells: readonly string[]) => columns.map((_, i) => escapeControl(cells[i] ?? ''));
  const head = clean(columns.map((c) => c.header));
  const body = rows.map(clean);
  const foot = footer ? clean(footer) : undefined;
  const all = [head, ...body, ...(foot ? [foot] : [])];
  const widths = columns.map((_, i) => Math.max(...all.map((r) => stringWidth(r[i]!))));
  if (options.maxWidth !== undefined) shrink(widths, columns, head, options.maxWidth);
  const style = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => pad(fitWidth(cell, widths[i]!), widths[i]!, columns[i]?.align ?? 'left'))
      .join(' '.repeat(GAP))
      .trimEnd();
  const rule = style('2', widths.map((w) => '-'.repeat(w)).join(' '.repeat(GAP)));
  const out = [style('1', line(head)), rule];
  body.forEach((r, i) => {
    if (options.ruleBefore?.has(i)) out.push(rule);
    out.push(line(r));
  });
  if (foot) out.push(rule, style('1', line(foot)));
  return out.join('\n');
}

/** Narrows text columns (never below their header or 6 columns) until the whole line fits. */
function shrink(
  widths: number[],
  columns: readonly Column[],
  head: readonly string[],
  maxWidth: number,
): void {
  const total = () => widths.reduce((s, w) => s + w, 0) + GAP * (widths.length - 1);
  while (total() > maxWidth) {
    let widest = -1;
    widths.forEach((w, i) => {
      const floor = Math.max(6, stringWidth(head[i]!));
      if (columns[i]?.align !== 'right' && w > floor && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) return;
    widths[widest]! -= 1;
  }
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const room = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'right' ? room + text : text + room;
}

/** Cuts a cell to `width` display columns, ending in "…" when something was cut. */
export function fitWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(`${out}${ch}`) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * Makes C0/C1 control characters and bidirectional overrides visible ("\n", "\x1b", "\u202e"):
 * names and tags come from log files, and an escape sequence in one must not reach the terminal.
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** 1234567 → "1,234,567". */
export function formatCount(n: number | bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Word-wraps a note to `width` display columns (continuation lines indented by two spaces). */
export function wrapText(text: string, width: number | undefined): string {
  if (width === undefined || stringWidth(text) <= width) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (stringWidth(next) > width && line !== '') {
      lines.push(line);
      line = `  ${word}`;
    } else line = next;
  }
  lines.push(line);
  return lines.join('\n');
}
