/**
 * Servers as separate processes, the way an operator starts them, and what they cost: the time
 * from spawn to a healthy answer, and the memory of the process that serves (VmRSS now, VmHWM
 * its peak, read from /proc, sampled while the bench loads it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { repoRoot } from '../../src/config.ts';
import { request } from './http.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Memory { rssMb: number; hwmMb: number }

/** User + system CPU time a process has used, ms (from /proc/<pid>/stat, in clock ticks: 100 a second on Linux); null once it is gone. */
export function cpuMsOf(pid: number): number | null {
  try {
    // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** VmRSS and VmHWM of a process, in MB; null once it is gone. */
export function memoryOf(pid: number): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  const todo = [pid];
  while (todo.length > 0) {
    for (const child of childrenOf(todo.pop()!)) {
      out.push(child);
      todo.push(child);
    }
  }
  return out;
}

/** Process groups started here and not yet stopped: ended when the bench exits, however it exits. */
const running = new Set<ChildProcess>();
process.on('exit', () => { for (const child of running) kill(child, 'SIGKILL'); });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

export interface Spawned {
  child: ChildProcess;
  url: string;
  output(): string;
  /** spawn → the first healthy answer, ms. */
  startMs: number;
  /** The process that serves (npm and tsx start it as a descendant): the node process with the most memory. */
  serverPid: number;
  /** Samples VmRSS every 200 ms from now on; peak() is the highest sample or VmHWM. */
  peakMb(): number;
  /**
   * Starts a new window for windowPeakMb(): the kernel's VmHWM is reset to the current RSS
   * (`echo 5 > /proc/<pid>/clear_refs`) after peakMb() has taken the old one in.
   */
  resetWindow(): void;
  /** The highest RSS since resetWindow() (VmHWM and the 200 ms samples). */
  windowPeakMb(): number;
  memory(): Memory | null;
  /** CPU time the serving process has used so far (all its threads), ms; NaN once it is gone. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * Spawns `command args` in its own process group with DATA_DIR/PORT, waits until `healthPath`
 * answers 200 (or `timeoutMs`), and finds the serving process.
 */
export async function spawnServer(command: string, args: string[], env: Record<string, string>, healthPath: string, timeoutMs = 120_000): Promise<Spawned> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  running.add(child);
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => { exited = true; running.delete(child); resolve(); }));
  for (;;) {
    if (exited) throw new Error(`${command} ${args.join(' ')} exited before it was healthy:\n${output.slice(-3000)}`);
    if (performance.now() - started > timeoutMs) {
      kill(child);
      throw new Error(`${command} ${args.join(' ')} not healthy after ${timeoutMs} ms:\n${output.slice(-3000)}`);
    }
    const answer = await request(`${url}${healthPath}`, { timeoutMs: 2000 }).catch(() => null);
    if (answer?.status === 200) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const startMs = performance.now() - started;
  const candidates = [child.pid!, ...descendants(child.pid!)];
  const serverPid = candidates
    .map((pid) => ({ pid, rss: memoryOf(pid)?.rssMb ?? 0 }))
    .sort((a, b) => b.rss - a.rss)[0]!.pid;
  let peak = 0;
  let windowPeak = 0;
  const sample = () => {
    const m = memoryOf(serverPid);
    if (m) {
      peak = Math.max(peak, m.rssMb, m.hwmMb);
      windowPeak = Math.max(windowPeak, m.rssMb, m.hwmMb);
    }
    return m;
  };
  const sampler = setInterval(sample, 200);
  sampler.unref();
  return {
    child, url, output: () => output, startMs, serverPid,
    peakMb: () => Math.max(peak, sample()?.hwmMb ?? 0),
    resetWindow() {
      sample();
      try {
        writeFileSync(`/proc/${serverPid}/clear_refs`, '5');
      } catch {
        // not Linux, or not ours: the window's peak is then the samples' and the process's whole VmHWM
      }
      windowPeak = memoryOf(serverPid)?.rssMb ?? 0;
    },
    windowPeakMb: () => Math.max(windowPeak, sample()?.hwmMb ?? 0),
    memory: () => memoryOf(serverPid),
    cpuMs: () => cpuMsOf(serverPid) ?? Number.NaN,
    async stop() {
      const m = memoryOf(serverPid);
      if (m) peak = Math.max(peak, m.hwmMb);
      clearInterval(sampler);
      kill(child);
      if (process.env.BENCH_SERVER_LOG) gone.then(() => appendFileSync(process.env.BENCH_SERVER_LOG!, `\n=== ${command} ${args.join(' ')} (pid ${serverPid})\n${output}`));
      const timer = setTimeout(() => kill(child, 'SIGKILL'), 10_000);
      await gone;
      // npm may be gone before the server it started has closed (and let go of the data folder's lock).
      const waitUntil = performance.now() + 20_000;
      while (groupAlive(child) && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 50));
      clearTimeout(timer);
    },
  };
}

function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

/** The whole process group we started (npm → sh → node …), by its id. */
function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** How `npm start` starts the server: the command line of package.json's "start" (and its prestart). */
export function startScript(): string {
  const scripts = (JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
  return [scripts.prestart, scripts.start].filter(Boolean).join(' && ');
}
