// Opens the database: PGlite (embedded, default) or PostgreSQL through `pg`. Both speak the same SQL and the same
// Drizzle API, so everything above this file is written once.
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type ExtractTablesWithRelations, type SQL, type SQLWrapper } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { migrationsDir } from '../paths.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Database | Transaction;

export type DbHandle = {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Where it lives, for logs (never with a password). */
  description: string;
  ping(): Promise<void>;
  close(): Promise<void>;
};

/** A startup failure with one line a person can act on (printed without a stack trace). */
export class StartupError extends Error {}

// Serializes migrations between processes that start at the same moment against one PostgreSQL.
const MIGRATION_LOCK_ID = 7_351_002;

export async function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<DbHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

async function openPglite(dataDir: string): Promise<DbHandle> {
  const dir = path.join(dataDir, 'pgdata');
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.access(dir, fs.constants.W_OK);
  } catch (error) {
    throw new StartupError(
      `DATA_DIR ${dataDir} is not writable (${(error as NodeJS.ErrnoException).code ?? error}): choose another DATA_DIR or fix its permissions`,
    );
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dir);
  } catch (error) {
    throw new StartupError(`cannot open the embedded database in ${dir}: ${(error as Error).message}`);
  }
  return wrapPglite(client, `embedded PGlite in ${dir}`);
}

/** A handle over an open PGlite instance (also used by tests that load a prepared data dir). */
export function wrapPglite(client: PGlite, description: string): DbHandle {
  return {
    db: drizzlePglite(client, { schema }),
    kind: 'pglite',
    description,
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

/**
 * Where DATABASE_URL points, for messages (never the password): `host:port/database`, or the Unix socket. Read by the
 * parser `pg` itself uses: it accepts libpq's forms, such as a socket (`postgres://user@/db?host=/run/postgresql`),
 * which the WHATWG URL parser refuses.
 */
function databaseLocation(databaseUrl: string): string {
  let parsed: ReturnType<typeof parseConnectionString>;
  try {
    parsed = parseConnectionString(databaseUrl);
  } catch (error) {
    throw new StartupError(`DATABASE_URL cannot be read: ${(error as Error).message}`);
  }
  const { host, port, database } = parsed;
  const portNumber = port || '5432';
  return host?.startsWith('/')
    ? `the socket ${host.replace(/\/$/, '')}/.s.PGSQL.${portNumber}, database ${database ?? ''}`
    : `${host || 'localhost'}:${portNumber}/${database ?? ''}`;
}

async function openPostgres(databaseUrl: string): Promise<DbHandle> {
  const where = databaseLocation(databaseUrl);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: 5000,
    // No JIT compilation: it pays off on long analytic queries, and ours are short. PostgreSQL starts it by the plan's
    // estimated cost, and a statement estimated high but finished in milliseconds (the contracts list read in index
    // order, stopping at one page) would spend a quarter of a second compiling first.
    options: '-c jit=off',
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    const e = error as NodeJS.ErrnoException;
    throw new StartupError(
      `cannot reach the database at ${where} (${e.code ?? e.message}): check DATABASE_URL and that PostgreSQL is running`,
    );
  }
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    description: `PostgreSQL at ${where}`,
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}

/** Applies the forward-only SQL migrations in src/db/migrations. Safe to run from several processes at once. */
export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.kind === 'pglite') {
    await migratePglite(handle.db as never, { migrationsFolder: migrationsDir });
    return;
  }
  // The lock is per connection: take it and migrate on one dedicated client.
  const pool = (handle.db as unknown as { $client: pg.Pool }).$client;
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder: migrationsDir });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {});
    client.release();
  }
}

/** Runs raw SQL and returns its rows (the result shapes of PGlite and `pg` differ only in type). */
export async function queryRows<T extends Record<string, unknown>>(executor: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await executor.execute(query);
  return (result as { rows: T[] }).rows;
}

/**
 * `column = any($1::type[])`: membership in a list sent as ONE array parameter. drizzle's `inArray` sends one bind
 * parameter per value, and PostgreSQL takes at most 65,535 per statement — lists that grow with the caller's License
 * IDs (a licensing desk may hold a role on 100,000) use this instead; it also keeps one statement text for any length.
 */
export function isAnyOf(column: SQLWrapper, values: readonly string[], type: 'uuid' | 'text'): SQL {
  return sql`${column} = any(${sql.param([...values])}::${sql.raw(type)}[])`;
}
