import type { OutputFormat } from './OutputFormat';

export type Cell = string | number | boolean | null;

/** One output field: its name (the NDJSON key and CSV header), its value, and how a table shows it. */
export interface Column<Row> {
  readonly name: string;
  readonly value: (row: Row) => Cell;
  /** Left out of tables (long or raw fields); NDJSON and CSV always carry every column. */
  readonly tableHidden?: boolean;
  /** Table text instead of the value (e.g. a shorter time). */
  readonly tableText?: (row: Row) => string;
  /** @default 48 */
  readonly tableMaxWidth?: number;
}

export interface TextOutput {
  write(text: string): unknown;
}

/**
 * Writes rows as NDJSON (one object per line, every column), RFC 4180 CSV (header line, CRLF, quoted
 * where needed), or an aligned table for people (control characters made visible, long cells cut).
 */
export function writeRows<Row>(
  out: TextOutput,
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  format: OutputFormat,
): void {
  switch (format) {
    case 'ndjson':
      for (const row of rows) {
        out.write(`${JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, c.value(row)])))}\n`);
      }
      return;
    case 'csv':
      out.write(`${columns.map((c) => csvField(c.name)).join(',')}\r\n`);
      for (const row of rows) out.write(`${columns.map((c) => csvField(c.value(row))).join(',')}\r\n`);
      return;
    case 'table':
      out.write(renderTable(rows, columns));
      return;
  }
}

/**
 * One CSV field. Quoted when it holds a comma, quote, CR or LF (quotes doubled). Text a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe: node names
 * and messages come from the logged machines and must not execute when an operator opens the file.
 */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function renderTable<Row>(rows: readonly Row[], allColumns: readonly Column<Row>[]): string {
  const columns = allColumns.filter((c) => !c.tableHidden);
  const cells = rows.map((row) =>
    columns.map((c) =>
      oneLineWithin(c.tableText ? c.tableText(row) : tableCell(c.value(row)), c.tableMaxWidth ?? 48),
    ),
  );
  const widths = columns.map((c, i) =>
    Math.max(c.name.length, ...cells.map((line) => (line[i] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    `${values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return [line(columns.map((c) => c.name)), ...cells.map(line)].join('');
}

function tableCell(cell: Cell): string {
  if (cell === null) return '-';
  return String(cell);
}

/** One line of at most `max` characters, with control characters (terminal escapes) shown as `?`. */
function oneLineWithin(text: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
  const oneLine = text.replace(/\r\n|\r|\n/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
