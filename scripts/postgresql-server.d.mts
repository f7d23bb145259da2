/** The newest installed PostgreSQL server's bin folder, or null. */
export function postgresqlBin(): string | null;
/** Starts a throwaway server on 127.0.0.1; its maintenance database's URL, its log, and stop(). */
export function startPostgresql(options?: { log?: (line: string) => void }): Promise<{ url: string; logFile: string; stop(): void }>;
