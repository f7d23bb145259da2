import type { TestApp } from './app.ts';

/**
 * A tiny browser stand-in for app.request(): keeps cookies, follows nothing automatically,
 * and knows how to pick the CSRF token out of the last page, as a real form post would send it.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  lastHtml = '';
  /** From the last page that had a form; fragments without one leave it as it was. */
  #csrfToken = '';

  /**
   * The peer address the app sees (src/http/client-address.ts), as node-server would report
   * it: the machine itself unless a test plays a tablet or laptop elsewhere on the LAN.
   */
  readonly address: string;

  constructor(
    private readonly target: TestApp,
    private readonly baseHeaders: Record<string, string> = {},
    options: { address?: string } = {},
  ) {
    this.address = options.address ?? '127.0.0.1';
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, { method: 'GET', headers });
  }

  /** Posts a urlencoded form; the CSRF token from the last page is added unless given. A list repeats its name (ticked checkboxes). */
  async post(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries({ _csrf: this.csrfToken(), ...fields })) {
      for (const one of [value].flat()) body.append(name, one);
    }
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: body.toString(),
    });
  }

  /** Posts JSON as the tablet's script does: the CSRF token in its header unless given; a string is sent as it is. */
  async postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': this.csrfToken(), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** Posts a multipart form (file uploads), with the CSRF token like a browser form. */
  async postMultipart(path: string, form: FormData): Promise<Response> {
    if (!form.has('_csrf')) form.append('_csrf', this.csrfToken());
    return this.send(path, { method: 'POST', headers: {}, body: form });
  }

  csrfToken(): string {
    return this.#csrfToken;
  }

  private async send(path: string, init: { method: string; headers: Record<string, string>; body?: string | FormData }) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.target.app.request(path, {
      ...init,
      headers: { ...this.baseHeaders, ...(cookie ? { cookie } : {}), ...init.headers },
    }, peer(this.address));
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    if (response.headers.get('content-type')?.includes('text/html')) {
      this.lastHtml = await response.clone().text();
      this.#csrfToken = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)?.[1] ?? this.#csrfToken;
    }
    return response;
  }
}

/** A TestClient's target that is a real server at `base`: redirects are the client's to follow, as with app.request(). */
export const remoteTarget = (base: string) => ({
  app: { request: (url: string, init: RequestInit = {}) => fetch(new URL(url, base), { ...init, redirect: 'manual' }) },
}) as unknown as TestApp;

/** node-server's bindings as getConnInfo reads them, for app.request()'s environment argument. */
export function peer(address: string): { incoming: { socket: { remoteAddress: string } } } {
  return { incoming: { socket: { remoteAddress: address } } };
}

/**
 * Signs in on the password form and follows the redirect, as a browser does (the session's CSRF
 * token comes from the page it lands on). Fails the test unless the sign-in is accepted.
 */
export async function passwordClient(target: TestApp, username: string, password: string, language = 'en'): Promise<TestClient> {
  const client = new TestClient(target, { 'accept-language': language });
  await client.get('/login');
  const response = await client.post('/login', { username, password });
  if (response.status !== 303) throw new Error(`${username} does not sign in: ${response.status}`);
  await client.get(response.headers.get('location')!);
  return client;
}
