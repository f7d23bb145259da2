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

  constructor(
    private readonly target: TestApp,
    private readonly baseHeaders: Record<string, string> = {},
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, { method: 'GET', headers });
  }

  /** Posts a urlencoded form; the CSRF token from the last page is added unless given. */
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrfToken(), ...fields });
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: body.toString(),
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
    });
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
