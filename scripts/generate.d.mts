/** Generates the Prisma client unless it is there and was generated from the same inputs; returns whether it ran. */
export function generateClient(options?: { force?: boolean }): boolean;
