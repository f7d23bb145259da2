// The production build, run by `npm start` (scripts/start.mjs) and by `npm ci` (`prepare`): the
// Prisma client when the schema changed (generate.mjs), then src/ and views/ bundled by esbuild into
// one ES module, dist/server.js, run by plain Node: no TypeScript compiled at start, one file to
// load instead of ~170. Packages stay outside the bundle, imported from node_modules as usual.
//
// dist/server.js sits one folder below the repository, as src/config.ts does, so every path made
// from `import.meta.url` (repoRoot: static/, prisma/migrations, data/; createRequire for htmx, the
// wasm engines, better-sqlite3) resolves the same from the bundle as from the sources.
//
// Rebuilt only when something it was made from changed: dist/.build.json records the files esbuild
// read (from its metafile) and a hash of their contents, of this script, esbuild's version and
// tsconfig.json.
// Plain JavaScript, so the check costs a bare Node start; esbuild is loaded only to build.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateClient } from './generate.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
export const OUT_DIR = path.join(repoRoot, 'dist');
export const SERVER = path.join(OUT_DIR, 'server.js');
const STAMP = path.join(OUT_DIR, '.build.json');

/** Everything the bundle is a function of besides its input files: this script, esbuild, tsconfig.json. */
const recipe = () =>
  [readFileSync(fileURLToPath(import.meta.url), 'utf8'), require('esbuild/package.json').version, readFileSync(path.join(repoRoot, 'tsconfig.json'), 'utf8')].join('\0');

/** A hash of the recipe and of the inputs' contents; null if one of them is gone. */
function fingerprint(inputs) {
  const hash = createHash('sha256').update(recipe());
  for (const input of inputs) {
    try {
      hash.update(`\0${input}\0`).update(readFileSync(path.join(repoRoot, input)));
    } catch {
      return null;
    }
  }
  return hash.digest('hex');
}

function upToDate() {
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    return existsSync(SERVER) && Array.isArray(stamp.inputs) && stamp.hash === fingerprint(stamp.inputs);
  } catch {
    return false;
  }
}

/** Builds dist/server.js unless it is up to date (or `force`). Returns whether it built. */
export async function build({ force = false } = {}) {
  generateClient();
  if (!force && upToDate()) return false;
  const esbuild = await import('esbuild');
  const result = await esbuild
    .build({
      absWorkingDir: repoRoot,
      entryPoints: ['src/server.ts'],
      outfile: SERVER,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // JSX as tsconfig.json says (hono/jsx); kept readable: a stack trace names the source file
      // in the comment above each module, and `node --enable-source-maps` maps it to the line.
      tsconfig: 'tsconfig.json',
      sourcemap: 'linked',
      keepNames: true,
      metafile: true,
      write: false,
      logLevel: 'warning',
    })
    // Its service process would otherwise live as long as the server that start.mjs runs next.
    .finally(() => esbuild.stop());
  mkdirSync(OUT_DIR, { recursive: true });
  // Written under a temporary name, then renamed: a server starting meanwhile reads a whole file.
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  const inputs = Object.keys(result.metafile.inputs).sort();
  writeFileSync(STAMP, `${JSON.stringify({ hash: fingerprint(inputs), inputs }, null, 1)}\n`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  build({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
