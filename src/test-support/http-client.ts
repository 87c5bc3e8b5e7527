import type { App } from '../platform/http/server.js';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

/** Drives the API through Fastify's inject, keeping the session cookie and CSRF token like a browser. */
export class ApiClient {
  private cookie: string | null = null;
  csrf: string | null = null;

  constructor(
    private readonly app: App,
    private readonly ip = '127.0.0.1',
  ) {}

  async request<T = Record<string, unknown>>(
    method: string,
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      remoteAddress: this.ip,
      headers: {
        ...(this.cookie && { cookie: this.cookie }),
        ...(this.csrf && method !== 'GET' && { 'x-csrf-token': this.csrf }),
        ...(payload !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(payload !== undefined && { payload: JSON.stringify(payload) }),
    });
    const setCookie = res.headers['set-cookie'];
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = c.split(';');
      if (!pair?.startsWith('vedetta_session=')) continue;
      this.cookie =
        /Expires=Thu, 01 Jan 1970/i.test(c) || pair === 'vedetta_session=' ? null : pair;
    }
    const text = res.body;
    let body: unknown = text;
    if ((res.headers['content-type'] ?? '').toString().includes('json') && text)
      body = JSON.parse(text);
    return { status: res.statusCode, body: body as T, headers: res.headers };
  }

  /** Sends a raw body (a PDF, a file chunk) with its content type. */
  async raw<T = Record<string, unknown>>(
    method: string,
    url: string,
    body: Buffer,
    contentType: string,
  ): Promise<Reply<T>> {
    const res = await this.app.inject({
      method: method as 'POST',
      url,
      remoteAddress: this.ip,
      headers: {
        ...(this.cookie && { cookie: this.cookie }),
        ...(this.csrf && { 'x-csrf-token': this.csrf }),
        'content-type': contentType,
      },
      payload: body,
    });
    const text = res.body;
    const json = (res.headers['content-type'] ?? '').toString().includes('json') && text;
    return {
      status: res.statusCode,
      body: (json ? JSON.parse(text) : text) as T,
      headers: res.headers,
    };
  }

  /** A GET whose body is binary (a PDF, a ZIP): the bytes as sent. */
  async getBytes(url: string): Promise<Reply<Buffer>> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.ip,
      headers: { ...(this.cookie && { cookie: this.cookie }) },
    });
    return { status: res.statusCode, body: res.rawPayload, headers: res.headers };
  }

  get<T = Record<string, unknown>>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = Record<string, unknown>>(url: string, payload?: unknown) {
    return this.request<T>('POST', url, payload ?? {});
  }

  /** Logs in (password only) and loads the CSRF token from the session. */
  async login(username: string, password: string): Promise<Reply<Record<string, unknown>>> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status === 200) await this.refreshSession();
    return res;
  }

  async refreshSession(): Promise<Record<string, unknown>> {
    const s = await this.get('/api/session');
    this.csrf = typeof s.body.csrfToken === 'string' ? s.body.csrfToken : null;
    return s.body;
  }

  get hasSession(): boolean {
    return this.cookie !== null;
  }
}
