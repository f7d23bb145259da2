export const repoRoot: string;
export const SQLITE_SCHEMA: string;
export const SQLITE_CLIENT: string;
export const POSTGRESQL_CLIENT: string;
export const POSTGRESQL_SCHEMA: string;
/** The PostgreSQL schema for the SQLite schema's text, its client generated into `output` (default POSTGRESQL_CLIENT). */
export function postgresqlSchema(sqliteSchema: string, output?: string): string;
