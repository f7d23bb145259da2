// `npm start`: brings dist/server.js up to date (build.mjs: when nothing changed, a hash of the
// files it was made from, ~20 ms) and runs it in this process rather than starting a second Node.
// package.json starts this with --liftoff-only: Prisma's query compiler is WebAssembly, and
// without the flag V8 also compiles its hot functions with TurboFan, in the background after the
// first queries: ~70 MB more resident memory for the life of the server, and slower to start.
// Prisma caches each query's plan, so the compiler runs once per query shape; the speed of its
// code hardly matters.
// And with --heap-growing-percent=50: after each full collection V8 lets the old generation grow
// to 1.5 × what survived before it collects again (its default goes up to 4 ×). A big round's
// desk, results or lock has ~100 MB alive for a moment; at 4 × that was a heap of 400-1,200 MB
// of garbage nobody collected, RSS 1.1-1.4 GB in `npm run bench`, and V8 keeps such a heap long
// after. Nothing is capped: a request that needs more memory still gets it, the heap grows in
// smaller steps (more full collections, each a few ms to ~100 ms, mostly concurrent).
// Measured in bench/RESULTS.md (per-scenario RSS rows).
import { pathToFileURL } from 'node:url';
import { build, SERVER } from './build.mjs';

await build();
await import(pathToFileURL(SERVER).href);
