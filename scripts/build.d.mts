/** dist/ and the bundle the production server runs (`node dist/server.js`). */
export const OUT_DIR: string;
export const SERVER: string;
/** Generates the client if needed, then bundles src/server.ts unless up to date; returns whether it built. */
export function build(options?: { force?: boolean }): Promise<boolean>;
