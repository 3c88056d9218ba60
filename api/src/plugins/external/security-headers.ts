// The headers @fastify/helmet would set with our options (no CSP: the api serves JSON and uploads;
// CORP cross-origin: the web app loads uploads). They never vary per request, so they are set as one
// precomputed object instead of helmet's chain of middlewares (about 9 % of a request's CPU).
// test/security-headers.test.ts checks this list against helmet itself.
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'cross-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/** The options the list above corresponds to, for the comparison test. */
export const HELMET_OPTIONS = {
  contentSecurityPolicy: false,
  crossOriginResourcePolicy: { policy: 'cross-origin' },
} as const;
