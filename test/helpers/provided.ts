// Values the projects' globalSetup files hand to test files through vitest's provide/inject.
export type TestDbKind = 'pglite' | 'postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** integration-postgres: admin URL of the run's PostgreSQL server (database `postgres`, superuser). */
    pgAdminUrl: string;
    /** integration-postgres: name of a migrated database to copy (CREATE DATABASE … TEMPLATE). */
    pgTemplateDatabase: string;
    /** integration-postgres: major version of the server binaries. */
    pgMajor: number;
    /** integration-postgres: directory of the server's Unix socket. */
    pgSocketDir: string;
    /** integration-pglite: tarball of a migrated PGlite cluster. */
    pgliteMigratedTemplate: string;
    /** integration-pglite: tarball of an initialized, unmigrated PGlite cluster. */
    pgliteEmptyTemplate: string;
  }
}
