import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../../src/config.ts';

// In a fresh process, so that no other suite has already loaded the modules in a kind order.
test('schema modules can be loaded before the API that documents them', () => {
  const script = "await import('./src/judging/commands.ts'); await import('./src/registration/schemas.ts'); await import('./src/api/index.ts'); console.log('ok')";
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  assert.is(output.trim(), 'ok');
});

test.run();
