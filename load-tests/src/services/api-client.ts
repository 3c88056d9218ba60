// The few api calls the harness needs (sign-up, friends, workspaces, documents, call tickets), over fetch.

export interface ApiSession {
  userId: string;
  name: string;
  accessToken: string;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    let res: Response;
    // Sign-up and login are rate limited per IP; a harness creating many accounts waits its turn.
    for (let attempt = 0; ; attempt++) {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status !== 429 || attempt >= 30) break;
      await res.body?.cancel();
      await new Promise((r) => setTimeout(r, 1000 * Math.min(60, Number(res.headers.get('retry-after') ?? 5))));
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  async signup(email: string, password: string, name: string): Promise<ApiSession> {
    const s = await this.request<{ accessToken: string; user: { id: string; name: string } }>('POST', '/auth/signup', { email, password, name });
    return { userId: s.user.id, name: s.user.name, accessToken: s.accessToken };
  }

  async login(email: string, password: string): Promise<ApiSession> {
    const s = await this.request<{ accessToken: string; user: { id: string; name: string } }>('POST', '/auth/login', { email, password });
    return { userId: s.user.id, name: s.user.name, accessToken: s.accessToken };
  }

  async befriend(a: ApiSession, b: ApiSession): Promise<void> {
    const fr = await this.request<{ id: string }>('POST', '/friends/requests', { userId: b.userId }, a.accessToken);
    await this.request('POST', `/friends/requests/${fr.id}/accept`, {}, b.accessToken);
  }

  async createWorkspace(s: ApiSession, name: string): Promise<string> {
    return (await this.request<{ id: string }>('POST', '/workspaces', { name }, s.accessToken)).id;
  }

  async addMember(owner: ApiSession, workspaceId: string, member: ApiSession, role = 'editor'): Promise<void> {
    const invite = await this.request<{ id: string }>('POST', `/workspaces/${workspaceId}/invites`, { userId: member.userId, role }, owner.accessToken);
    await this.request('POST', `/invites/${invite.id}/accept`, {}, member.accessToken);
  }

  async createDocument(s: ApiSession, workspaceId: string, title: string): Promise<string> {
    return (await this.request<{ id: string }>('POST', `/workspaces/${workspaceId}/documents`, { title }, s.accessToken)).id;
  }

  async workspaceTicket(s: ApiSession, workspaceId: string): Promise<{ token: string; roomId: string }> {
    return this.request('POST', '/calls/tickets', { kind: 'workspace', workspaceId }, s.accessToken);
  }
}
