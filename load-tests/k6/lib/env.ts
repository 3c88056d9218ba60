// Settings every scenario reads from the environment (`k6 run -e NAME=value` or exported variables).

export function envString(name: string, fallback: string): string {
  const v = __ENV[name];
  return v === undefined || v === '' ? fallback : v;
}

export function envNumber(name: string, fallback: number): number {
  const v = __ENV[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${v}"`);
  return n;
}

/** The api's base URL, e.g. https://coope.example.com/api (local cluster: http://127.0.0.1:4000). */
export const API_URL = envString('API_URL', 'http://127.0.0.1:4000').replace(/\/+$/, '');

/** Comma-separated signaling base URLs; clients spread over them round-robin. */
export const SIGNALING_URLS = envString('SIGNALING_URLS', 'http://127.0.0.1:4101,http://127.0.0.1:4102')
  .split(',')
  .map((u) => u.trim())
  .filter(Boolean);

export function signalingUrlFor(index: number): string {
  return SIGNALING_URLS[index % SIGNALING_URLS.length]!;
}

/** Accounts the scenarios create or reuse: <prefix>+<n>@<domain>, all with one password. */
export const USER_PREFIX = envString('USER_PREFIX', 'k6-load');
export const USER_DOMAIN = envString('USER_DOMAIN', 'example.com');
export const USER_PASSWORD = envString('USER_PASSWORD', 'k6-load-password');

export function userEmail(n: number): string {
  return `${USER_PREFIX}+${n}@${USER_DOMAIN}`;
}
