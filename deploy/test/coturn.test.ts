// deploy/coturn/turnserver.conf: a TURN example that is safe to start from.
import { describe, expect, it } from 'vitest';
import { at, read } from './paths.js';

/** key → values (a key may repeat, e.g. denied-peer-ip); flags map to ['']. */
function options(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const raw of read(at('coturn', 'turnserver.conf')).split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [key, ...rest] = line.split('=');
    out.set(key!, [...(out.get(key!) ?? []), rest.join('=')]);
  }
  return out;
}

describe('coturn example', () => {
  const o = options();

  it('listens for TURN and TURN over TLS (also on 443) with a relay port range', () => {
    expect(o.get('listening-port')).toEqual(['3478']);
    expect(o.get('tls-listening-port')).toEqual(['5349']);
    expect(o.get('alt-tls-listening-port')).toEqual(['443']);
    const [min, max] = [Number(o.get('min-port')![0]), Number(o.get('max-port')![0])];
    expect(min).toBeGreaterThanOrEqual(49152);
    expect(max).toBeGreaterThan(min);
    expect(o.get('cert') && o.get('pkey')).toBeTruthy();
  });

  it('uses time-limited REST credentials, not static users', () => {
    expect(o.has('use-auth-secret')).toBe(true);
    expect(o.get('static-auth-secret')![0]!.length).toBeGreaterThan(16);
    expect(o.has('user')).toBe(false);
    expect(o.has('lt-cred-mech')).toBe(false);
  });

  it('cannot be used to reach private networks or loopback', () => {
    const denied = o.get('denied-peer-ip') ?? [];
    for (const range of ['10.0.0.0-10.255.255.255', '172.16.0.0-172.31.255.255', '192.168.0.0-192.168.255.255', '127.0.0.0-127.255.255.255']) {
      expect(denied).toContain(range);
    }
    for (const flag of ['no-multicast-peers', 'no-tcp-relay', 'no-cli', 'fingerprint']) expect(o.has(flag), flag).toBe(true);
    // Removed in coturn 4.5.2 (loopback is refused by default); coturn rejects it as bad format.
    expect(o.has('no-loopback-peers')).toBe(false);
    expect(o.has('allow-loopback-peers')).toBe(false);
  });
});
