// Copies the PostgreSQL benchmark dataset into the PGlite one, table by table with COPY (text format), after
// PGlite's own migrations. Used because the import path runs at a few dozen License IDs a second on PGlite (every
// createLicenseId is a savepoint, an audit append and three role grants with e-mails), so 100,000 of them would take
// hours; the copy holds exactly the rows the import wrote on PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrateDatabase, wrapPglite } from '../src/db/client.js';

type Log = (line: string) => void;
/** COPY text is cut at row ends into pieces of about this size, so PGlite never holds a whole big table at once. */
const PIECE_BYTES = 32 * 1024 * 1024;

export async function copyToPglite(options: {
  postgresUrl: string;
  /** a directory the PostgreSQL server may write to (server-side COPY TO a file) */
  exchangeDir: string;
  pgliteDir: string;
  log: Log;
}): Promise<void> {
  const { log } = options;
  const source = new pg.Client({ connectionString: options.postgresUrl });
  await source.connect();
  fs.mkdirSync(options.pgliteDir, { recursive: true });
  const target = await PGlite.create(options.pgliteDir);
  try {
    await migrateDatabase(wrapPglite(target, 'bench copy'));
    const { rows: tables } = await source.query<{ table_name: string; columns: string }>(`
      select table_name, string_agg(quote_ident(column_name), ', ' order by ordinal_position) as columns
      from information_schema.columns
      where table_schema = 'public' and table_name in (
        select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE')
      group by table_name order by table_name`);
    // What the migrations seeded (programs) comes with the copy: start from empty tables, foreign keys unchecked
    // (the rows are a consistent snapshot) so the order of tables does not matter.
    await target.exec(`truncate ${tables.map((t) => `public.${quoteIdent(t.table_name)}`).join(', ')} cascade`);
    await target.exec('set session_replication_role = replica');
    for (const { table_name: table, columns } of tables) {
      const started = performance.now();
      const file = path.join(options.exchangeDir, `${table}.copy`);
      await source.query(`copy public.${quoteIdent(table)} (${columns}) to '${file}'`);
      let rows = 0;
      for (const piece of pieces(file)) {
        const result = await target.query(`copy public.${quoteIdent(table)} (${columns}) from '/dev/blob'`, [], {
          blob: new Blob([Uint8Array.from(piece)]),
        });
        rows += result.affectedRows ?? 0;
      }
      fs.rmSync(file);
      if (rows > 0)
        log(`  ${table}: ${rows.toLocaleString('en')} rows (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    await target.exec('set session_replication_role = origin');
    // Serial columns continue after the copied rows.
    const { rows: serials } = await target.query<{ t: string; c: string; s: string }>(`
      select c.table_name as t, c.column_name as c, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) as s
      from information_schema.columns c
      where c.table_schema = 'public' and pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) is not null`);
    for (const { t, c, s } of serials)
      await target.exec(
        `select setval('${s}', coalesce((select max(${quoteIdent(c)}) from public.${quoteIdent(t)}), 0) + 1, false)`,
      );
    await target.exec('vacuum analyze'); // as bench/generate.ts leaves the PostgreSQL dataset
  } finally {
    await source.end();
    await target.close();
  }
}

/** The file's bytes in pieces that end at a row end. */
function* pieces(file: string): Generator<Buffer> {
  const fd = fs.openSync(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    const buffer = Buffer.alloc(PIECE_BYTES);
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, PIECE_BYTES, null);
      if (read === 0) break;
      const data = Buffer.concat([carry, buffer.subarray(0, read)]);
      const end = data.lastIndexOf(0x0a) + 1;
      if (end > 0) yield data.subarray(0, end);
      carry = Buffer.from(data.subarray(end));
    }
    if (carry.length > 0) yield carry;
  } finally {
    fs.closeSync(fd);
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
