/**
 * zod as every module should import it. @hono/zod-openapi adds .openapi() to zod schemas when
 * it is loaded, and zod 4 puts methods on each schema as it is made: a schema created before
 * that import lacks .openapi() and the API module documenting it crashes. Taking z from here
 * makes the order irrelevant.
 */
export { z } from '@hono/zod-openapi';
