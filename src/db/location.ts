/**
 * `postgresql://…` or `postgres://…` (DATABASE_URL): the database is PostgreSQL; anything else
 * is the path of the embedded SQLite file. A module of its own so that deciding loads neither
 * driver: the SQLite default never loads pg, nor the PostgreSQL client.
 */
export const isPostgresqlUrl = (location: string): boolean => /^postgres(?:ql)?:\/\//i.test(location);
