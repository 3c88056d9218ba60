// Captures every route the api registers (with its zod schemas), and builds fast-check arbitraries of
// hostile requests for one route: path params, query string and body derived from its schemas, then mutated.
import fc from 'fast-check';
import type { FastifyPluginAsync, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { z } from 'zod';
import { multipart, PNG } from '../../helpers/fixtures.js';
import { type RawBody, rawBody } from './raw-bodies.js';
import { extraKey, fieldsOf, hostileValue, mutatedObject, NASTY_STRINGS, validArbitrary } from '../../../../deploy/local/src/zod-arbitrary.js';

export interface CapturedRoute {
  method: string;
  url: string;
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
  multipart: boolean;
}

/** A plugin (passed where the app takes its collab plugin, so it is registered before the routes). */
export function routeCapture(into: CapturedRoute[]): FastifyPluginAsync {
  return fp(async (app) => {
    app.addHook('onRoute', (route: RouteOptions) => {
      const schema = (route.schema ?? {}) as Record<string, unknown>;
      for (const method of [route.method].flat()) {
        if (method === 'HEAD' || route.url.startsWith('/docs')) continue;
        into.push({
          method,
          url: route.url,
          body: schema.body as z.ZodType | undefined,
          querystring: schema.querystring as z.ZodType | undefined,
          params: schema.params as z.ZodType | undefined,
          multipart: ((schema.consumes as string[] | undefined) ?? []).includes('multipart/form-data'),
        });
      }
    });
  });
}

export interface FuzzRequest {
  method: string;
  url: string;
  actor: 'anon' | 'user' | 'admin' | 'garbage-token';
  /** The Authorization header of a 'garbage-token' request. */
  garbage?: string;
  json?: unknown;
  raw?: RawBody;
}

/** encodeURIComponent, except that lone surrogates (which it refuses) go out as their raw UTF-8 bytes. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

const hostileText = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('x'.repeat(3000), '-1', '0', '1.5', '99999999999999999999', 'true', '[]', '{}'),
);
const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'undefined');

function paramsArb(route: CapturedRoute, realIds: string[]): fc.Arbitrary<string> {
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const one = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...realIds).map(encode) },
    { weight: 1, arbitrary: fc.uuid().map(encode) },
    { weight: 2, arbitrary: hostileText.map(encode) },
    { weight: 1, arbitrary: fc.constantFrom('..', '.', '%2e%2e', '..%2F..', '%', '%E0%A4%A', '%00', '%C0%AF', 'a;b', '*') },
  );
  return fc.tuple(...names.map(() => one)).map((values) => {
    let i = 0;
    return route.url.replace(/:(\w+)/g, () => values[i++]!);
  });
}

function queryArb(route: CapturedRoute): fc.Arbitrary<string> {
  const fields = route.querystring ? fieldsOf(route.querystring) : {};
  const value = (schema?: z.ZodType) =>
    fc.oneof(schema ? validArbitrary(schema).map(asText) : hostileText, hostileText, fc.array(hostileText, { minLength: 2, maxLength: 3 }));
  const pairs = fc.record(
    Object.fromEntries(Object.keys(fields).map((k) => [k, value(fields[k])])),
    { requiredKeys: [] },
  );
  const structured = fc.tuple(pairs, fc.dictionary(extraKey, value(), { maxKeys: 2 })).map(([own, extra]) => {
    const parts: string[] = [];
    for (const [k, v] of Object.entries({ ...extra, ...own })) for (const one of [v].flat()) parts.push(`${encode(k)}=${encode(String(one))}`);
    return parts.length ? `?${parts.join('&')}` : '';
  });
  const raw = fc.constantFrom('?%', '?a=%E0%A4%A', '?&&&=&', '?q[]=1&q[a]=2&limit[__proto__]=1', `?${'a=1&'.repeat(3000)}`, '?__proto__[role]=admin', '?limit=1e400&page=-0');
  return fc.oneof({ weight: 4, arbitrary: structured }, { weight: 1, arbitrary: raw });
}

function bodyArb(route: CapturedRoute): fc.Arbitrary<Pick<FuzzRequest, 'json' | 'raw'>> {
  if (route.method === 'GET' || route.method === 'DELETE') {
    return fc.oneof(fc.constant({}), rawBody.map((raw) => ({ raw })));
  }
  if (route.multipart) {
    const file = fc.tuple(fc.oneof(fc.constant(PNG), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b))), hostileText, fc.constantFrom('image/png', 'text/html', '../x', ''));
    const upload = file.map(([data, name, type]) => {
      const m = multipart(data, name.replace(/["\r\n]/g, ''), type);
      return { raw: { contentType: m.headers['content-type'], payload: m.payload } };
    });
    return fc.oneof(upload, rawBody.map((raw) => ({ raw })));
  }
  const json = route.body
    ? fc.oneof({ weight: 1, arbitrary: validArbitrary(route.body) }, { weight: 4, arbitrary: mutatedObject(route.body) }, { weight: 1, arbitrary: hostileValue })
    : hostileValue;
  return fc.oneof({ weight: 3, arbitrary: json.map((j) => ({ json: j })) }, { weight: 1, arbitrary: rawBody.map((raw) => ({ raw })) });
}

/** Authorization headers that are not a valid bearer token: wrong schemes, broken JWTs, huge values. */
const garbageAuth = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).map((t) => `Bearer ${t}`),
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'bearer x.y.z',
    'Basic YWRtaW46YWRtaW4=',
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    'Bearer eyJhbGciOiJFUzI1NiJ9.e30.',
    `Bearer ${'A'.repeat(20_000)}`,
    'Bearer a.b.c.d.e',
  ),
);

export function requestArb(route: CapturedRoute, realIds: string[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(paramsArb(route, realIds), queryArb(route), bodyArb(route), fc.constantFrom('anon', 'user', 'user', 'user', 'admin', 'garbage-token'), garbageAuth)
    .map(([path, query, body, actor, garbage]) => ({ method: route.method, url: path + query, actor: actor as FuzzRequest['actor'], garbage, ...body }));
}
