// The few parts of oidc-provider (which ships no types) that the test provider uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: {
      clients: Array<Record<string, unknown>>;
      cookies?: { keys: string[] };
      claims?: Record<string, string[]>;
      ttl?: Record<string, number>;
      findAccount(ctx: unknown, id: string): Promise<Account>;
    });
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
