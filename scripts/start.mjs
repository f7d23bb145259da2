// `npm start`: brings dist/server.js up to date (build.mjs: when nothing changed, a hash of the
// files it was made from, ~20 ms) and runs it in this process rather than starting a second Node.
// package.json starts this with --liftoff-only: Prisma's query compiler is WebAssembly, and
// without the flag V8 also compiles its hot functions with TurboFan, in the background after the
// first queries: ~70 MB more resident memory for the life of the server, and slower to start.
// Prisma caches each query's plan, so the compiler runs once per query shape; the speed of its
// code hardly matters.
import { pathToFileURL } from 'node:url';
import { build, SERVER } from './build.mjs';

await build();
await import(pathToFileURL(SERVER).href);
