// Verifies a compact ES256 JWS with node:crypto's synchronous verify. jose's WebCrypto path costs about
// twice the CPU per token (async job, algorithm normalisation), and a join verifies one ticket each time.
// The algorithm is pinned: the header must say ES256, whatever else it says.
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

export class JwtError extends Error {
  constructor(readonly reason: 'invalid' | 'expired') {
    super(reason === 'expired' ? 'token expired' : 'invalid token');
  }
}

const MAX_TOKEN_LENGTH = 8_192;

export class Es256Verifier {
  readonly #key: KeyObject;
  /** Header segments already accepted: the api sends the same one in every token, so it is decoded once. */
  readonly #goodHeaders = new Set<string>();

  constructor(publicKeyPem: string) {
    this.#key = createPublicKey(publicKeyPem);
    if (this.#key.asymmetricKeyType !== 'ec' || this.#key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new Error('JWT public key must be an EC P-256 key (ES256)');
    }
  }

  #checkHeader(segment: string): void {
    if (this.#goodHeaders.has(segment)) return;
    const header = decodeJson(segment);
    if (header.alg !== 'ES256' || header.crit !== undefined) throw new JwtError('invalid');
    if (this.#goodHeaders.size >= 16) this.#goodHeaders.clear();
    this.#goodHeaders.add(segment);
  }

  /** The payload of a token signed by our key, with `exp` and `sub` present and `exp`/`nbf` honoured. */
  verify(token: string, nowSec = Date.now() / 1000): Record<string, unknown> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new JwtError('invalid');
    const first = token.indexOf('.');
    const second = token.indexOf('.', first + 1);
    if (first <= 0 || second <= first + 1 || token.indexOf('.', second + 1) !== -1) throw new JwtError('invalid');
    this.#checkHeader(token.slice(0, first));
    const signature = Buffer.from(token.slice(second + 1), 'base64url');
    if (signature.length !== 64) throw new JwtError('invalid');
    const signed = Buffer.from(token.slice(0, second), 'latin1');
    if (!verify('sha256', signed, { key: this.#key, dsaEncoding: 'ieee-p1363' }, signature)) throw new JwtError('invalid');
    const payload = decodeJson(token.slice(first + 1, second));
    const { exp, nbf, sub } = payload;
    if (typeof exp !== 'number' || typeof sub !== 'string') throw new JwtError('invalid');
    if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSec)) throw new JwtError('invalid');
    if (exp <= nowSec) throw new JwtError('expired');
    return payload;
  }
}

function decodeJson(part: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) throw new JwtError('invalid');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('invalid');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JwtError('invalid');
  return value as Record<string, unknown>;
}
