// Sign-in through an OpenID Connect provider (Google by default): authorization code with PKCE.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import * as client from 'openid-client';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { keys } from '../../keys.js';

const STATE_TTL_SECONDS = 600;
const LOGIN_CODE_TTL_SECONDS = 60;

/** What begin() keeps in Redis for the callback (parsed, like every Redis value read back). */
const storedStateSchema = z.object({ verifier: z.string().min(1), nonce: z.string().min(1) });

export interface OidcIdentity {
  subject: string;
  email: string | null;
  name: string;
}

export class OidcLogin {
  #config: Promise<client.Configuration> | null = null;

  constructor(
    private readonly settings: Config,
    private readonly redis: Redis,
  ) {}

  get enabled(): boolean {
    return Boolean(this.settings.OIDC_ISSUER && this.settings.OIDC_CLIENT_ID);
  }

  redirectUri(apiBaseUrl: string): string {
    return new URL('/auth/google/callback', this.settings.PUBLIC_API_URL ?? apiBaseUrl).toString();
  }

  /** Discovery runs once; a failure is retried on the next login. */
  #discover(): Promise<client.Configuration> {
    if (!this.enabled) throw new AppError('oidc_disabled', 503, 'Sign-in with Google is not configured');
    if (!this.#config) {
      const s = this.settings;
      const options = s.OIDC_ALLOW_INSECURE ? { execute: [client.allowInsecureRequests] } : undefined;
      this.#config = client.discovery(new URL(s.OIDC_ISSUER!), s.OIDC_CLIENT_ID!, s.OIDC_CLIENT_SECRET, undefined, options);
      this.#config.catch(() => {
        this.#config = null;
      });
    }
    return this.#config;
  }

  async authorizationUrl(redirectUri: string): Promise<string> {
    const config = await this.#discover();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await this.redis.set(keys.oidcState(state), JSON.stringify({ verifier, nonce }), 'EX', STATE_TTL_SECONDS);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return url.toString();
  }

  /** Exchanges the code for tokens; checks state, nonce and PKCE; returns who signed in. */
  async complete(callbackUrl: URL): Promise<OidcIdentity> {
    const config = await this.#discover();
    const state = callbackUrl.searchParams.get('state') ?? '';
    const stored = await this.redis.getdel(keys.oidcState(state));
    if (!stored) throw new AppError('oidc_state_invalid', 400, 'This sign-in link has expired; try again');
    const parsed = storedStateSchema.safeParse(JSON.parse(stored));
    if (!parsed.success) throw new AppError('oidc_state_invalid', 400, 'This sign-in link has expired; try again');
    const { verifier, nonce } = parsed.data;
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const subject = tokens.claims()!.sub;
    const info = await client.fetchUserInfo(config, tokens.access_token, subject);
    // An unverified email must not take over an account that owns that address.
    const email = info.email && info.email_verified === true ? info.email.toLowerCase() : null;
    const name = (info.name ?? info.email ?? 'New user').slice(0, 100);
    return { subject, email, name };
  }

  /** A one-time code the web app exchanges for a session, so tokens never travel in a URL. */
  async issueLoginCode(userId: string): Promise<string> {
    const code = randomBytes(24).toString('base64url');
    await this.redis.set(keys.oidcLoginCode(code), userId, 'EX', LOGIN_CODE_TTL_SECONDS);
    return code;
  }

  async redeemLoginCode(code: string): Promise<string> {
    const userId = await this.redis.getdel(keys.oidcLoginCode(code));
    if (!userId) throw new AppError('invalid_login_code', 401, 'This sign-in has expired; try again');
    return userId;
  }
}
