/**
 * HTTP over loopback for the bench: one request with its status, size and time; a server-sent
 * events client on node:http (what a browser's EventSource does, from a chosen local address);
 * and autocannon runs summarised as the table needs them.
 */
import http from 'node:http';
import autocannon from 'autocannon';

export interface Answer {
  status: number;
  bytes: number;
  ms: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  agent?: http.Agent | false;
  localAddress?: string;
  signal?: AbortSignal;
}

export const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request; rejects on a network error or after timeoutMs (default 120 s). */
export function request(url: string, options: RequestOptions = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: options.method ?? 'GET',
      headers: { ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
      agent: options.agent ?? keepAlive,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, bytes: body.length, ms: performance.now() - started, body: body.toString(), headers: res.headers });
      });
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 120_000, () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 120_000} ms`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** A request that must answer 2xx; otherwise an error naming the status and the start of the body. */
export async function ok(url: string, options: RequestOptions = {}): Promise<Answer> {
  const answer = await request(url, options);
  if (answer.status < 200 || answer.status >= 300) {
    // An error page: its text, not its head.
    const main = /<main[\s\S]*?<\/main>/.exec(answer.body)?.[0] ?? answer.body;
    const text = main.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<(script|style)[\s\S]*?<\/\1>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    throw new Error(`HTTP ${answer.status} from ${options.method ?? 'GET'} ${new URL(url).pathname}: ${text.slice(0, 160)}`);
  }
  return answer;
}

export interface SseClient {
  /** Resolves once the stream answered 200 and sent its first line. */
  connected: Promise<void>;
  /** Called with the event name and data of every event. */
  onEvent: ((event: string, data: string) => void) | null;
  close(): void;
}

/** A live stream like a browser's EventSource (no reconnection: the bench wants to see a drop). */
export function sseClient(url: string, headers: Record<string, string>, localAddress?: string, connectTimeoutMs = 30_000): SseClient {
  let resolveConnected!: () => void;
  let rejectConnected!: (error: Error) => void;
  const connected = new Promise<void>((resolve, reject) => { resolveConnected = resolve; rejectConnected = reject; });
  connected.catch(() => {});
  const timer = setTimeout(() => { rejectConnected(new Error(`stream not open after ${connectTimeoutMs} ms`)); req.destroy(); }, connectTimeoutMs);
  void connected.finally(() => clearTimeout(timer)).catch(() => {});
  const client: SseClient = { connected, onEvent: null, close: () => req.destroy() };
  const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false, ...(localAddress ? { localAddress } : {}) }, (res) => {
    if (res.statusCode !== 200) {
      rejectConnected(new Error(`stream answered ${res.statusCode}`));
      res.resume();
      return;
    }
    res.setEncoding('utf8');
    let buffer = '';
    let first = true;
    res.on('data', (chunk: string) => {
      if (first) { first = false; resolveConnected(); }
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length > 0 || event !== 'message') client.onEvent?.(event, data.join('\n'));
      }
    });
  });
  req.on('error', (error) => rejectConnected(error));
  return client;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Requests that completed with 2xx (or 304). */
  ok: number;
  non2xx: number;
  /** Connection errors and resets (timeouts included), and timeouts alone. */
  errors: number;
  timeouts: number;
  statuses: string;
}

type Requests = NonNullable<autocannon.Options['requests']>;

const dropBodies = (client: unknown) => {
  (client as { pipelinedRequests: { addBody(chunk: Buffer): void } }).pipelinedRequests.addBody = () => undefined;
};

/** An autocannon run over loopback. */
export async function load(options: { url: string; connections: number; durationSec: number; timeoutSec?: number; headers?: Record<string, string>; requests?: Requests; method?: string; body?: string }): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSec,
    timeout: options.timeoutSec ?? 20,
    headers: options.headers ?? {},
    ...(options.method ? { method: options.method as autocannon.Request['method'] } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(options.requests ? { requests: options.requests } : {}),
    // autocannon 9 appends every body chunk to a string (PipelinedRequestsQueue.addBody: `body +=
    // chunk`): for a gzipped page that UTF-8 decoding costs the client more than the server's
    // answer, and the figure would measure the client. Bodies are dropped unless a request's
    // onResponse reads them; bytes are still counted (on the socket).
    ...(options.requests ? {} : { setupClient: dropBodies }),
  });
  const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => `${code}×${s.count ?? 0}`).join(' ');
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'] + (result.statusCodeStats?.['304']?.count ?? 0),
    non2xx: result.non2xx - (result.statusCodeStats?.['304']?.count ?? 0),
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
  };
}
