import Database from 'better-sqlite3';

/** Read-only access to another program's SQLite file (simonw/llm's logs.db): tables, never SQL, cross the boundary. */
export interface SqliteTableReader {
  /** Column names of `table` ([] when it does not exist). */
  columns(table: string): string[];
  /** Streams `columns` of every row of `table`, in rowid order. */
  rows(table: string, columns: readonly string[]): IterableIterator<Record<string, unknown>>;
  close(): void;
}

/** Opens a SQLite file read-only for reading whole tables (the file must exist; nothing is written). */
export function openSqliteTableReader(path: string): SqliteTableReader {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return {
    columns: (table) =>
      (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map(
        (r) => r.name,
      ),
    rows: (table, columns) =>
      db
        .prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} ORDER BY rowid`)
        .iterate() as IterableIterator<Record<string, unknown>>,
    close: () => db.close(),
  };
}
