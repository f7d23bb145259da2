import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from '../../src/config.ts';

/** The real server (src/server.ts through tsx, or `args` given to Node) as a child process, for tests that kill it. */
export interface ServerProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
  /** Resolves with the base URL once it listens; rejects if it exits first. */
  ready: Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

const LISTENING = /running at (https?:\/\/localhost:\d+)/;

export function startServer(dataDir: string, env: Record<string, string> = {}, args = ['--import', 'tsx', 'src/server.ts']): ServerProcess {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const ready = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  ready.catch(() => {}); // a caller that expects the exit need not wait for this
  return {
    child,
    output: () => output,
    exited,
    ready,
    kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
