// A real OpenID provider (the `oidc-provider` package) on port 0, with its dev login and consent pages,
// plus a tiny browser (cookie jar, manual redirects) that signs in through them.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestProvider {
  issuer: string;
  close(): Promise<void>;
}

export async function startOidcProvider(client: { id: string; secret: string; redirectUri: string }): Promise<TestProvider> {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    cookies: { keys: ['test-cookie-key'] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@example.test`, email_verified: true, name: `Olive ${id}` }),
    }),
  });
  server.on('request', provider.callback());
  return {
    issuer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Follows redirects by hand, keeping cookies per origin, until `stopAt` (the api's callback) is reached. */
export class TinyBrowser {
  #cookies = new Map<string, Map<string, string>>();

  async go(url: string, stopAt: string, init: RequestInit = {}): Promise<string> {
    let next = url;
    let request = init;
    for (let hop = 0; hop < 20; hop++) {
      if (next.startsWith(stopAt)) return next;
      const res = await fetch(next, { ...request, redirect: 'manual', headers: { ...request.headers, cookie: this.#cookieHeader(next) } });
      this.#store(next, res.headers.getSetCookie());
      const location = res.headers.get('location');
      if (!location) return next;
      next = new URL(location, next).toString();
      request = {};
    }
    throw new Error('too many redirects');
  }

  async postForm(url: string, form: Record<string, string>, stopAt: string): Promise<string> {
    return this.go(url, stopAt, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  #cookieHeader(url: string): string {
    const jar = this.#cookies.get(new URL(url).origin);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  #store(url: string, setCookies: string[]): void {
    const origin = new URL(url).origin;
    const jar = this.#cookies.get(origin) ?? new Map<string, string>();
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
    }
    this.#cookies.set(origin, jar);
  }
}
