// The JWT algorithm is the key's: RS256 for an RSA key (the default), ES256 for an EC P-256 key.
// RS256 is chosen for new keys because signaling verifies a token on every join and every reconnect
// (about 20 µs per RS256 check here, 60 µs per ES256 one), while the api signs each token once
// (about 0.3 ms for RS256, 0.05 ms for ES256).
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { JwtKeys } from './jwt.js';

export type JwtAlgorithm = 'RS256' | 'ES256';

const MIN_RSA_BITS = 2048;

function algorithmOf(key: KeyObject): JwtAlgorithm | null {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= MIN_RSA_BITS) return 'RS256';
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return 'ES256';
  return null;
}

/** The algorithm of a key pair; throws when the keys are of another kind or of two kinds. */
export function jwtAlgorithm(keys: JwtKeys): JwtAlgorithm {
  const signing = algorithmOf(createPrivateKey(keys.privateKeyPem));
  const verifying = algorithmOf(createPublicKey(keys.publicKeyPem));
  if (!signing || !verifying) {
    throw new Error(`JWT keys must be RSA (${MIN_RSA_BITS} bits or more, RS256) or EC P-256 (ES256)`);
  }
  if (signing !== verifying) throw new Error(`JWT private key is ${signing} but the public key is ${verifying}`);
  return signing;
}
