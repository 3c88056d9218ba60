// Request bodies that no JSON serializer would produce: broken JSON, deep nesting, prototype keys,
// numbers beyond float range, oversized payloads, and bodies with the wrong content type.
import fc from 'fast-check';

export interface RawBody {
  contentType: string;
  payload: string | Buffer;
}

const deep = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);

const JSON_TEXTS = [
  '',
  '{',
  '{"a":',
  '[1,2',
  'null',
  'true',
  '"just a string"',
  '12345678901234567890123456789',
  '{"email":1e400,"password":-1e400}',
  '{"__proto__":{"role":"admin","isAdmin":true}}',
  '{"constructor":{"prototype":{"role":"admin"}}}',
  '{"a":1,"a":2}',
  '{"name":"\\ud800","title":"\\u0000"}',
  '\u0000\u0001\u0002',
  '\uFEFF{"name":"bom"}',
  deep(5000, '[', ']'),
  deep(5000, '{"a":', '}'),
  deep(200_000, '[', ']'),
  `{"body":"${'x'.repeat(1_100_000)}"}`,
];

const OTHER_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/octet-stream', ''];

export const rawBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc.constantFrom(...JSON_TEXTS).map((payload) => ({ contentType: 'application/json', payload })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((payload) => ({ contentType: 'application/json', payload })),
  fc
    .tuple(fc.constantFrom(...OTHER_TYPES), fc.oneof(fc.string({ maxLength: 100 }), fc.constantFrom(...JSON_TEXTS.slice(0, 12))))
    .map(([contentType, payload]) => ({ contentType, payload })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ contentType: 'multipart/form-data; boundary=----b', payload: Buffer.from(bytes) })),
);
