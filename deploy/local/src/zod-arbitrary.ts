// fast-check arbitraries derived from zod 4 schemas (api routes, the signaling protocol, the media RPC): values
// the schema accepts, and hostile variants (wrong types, missing and extra fields, oversized, unicode, huge numbers).
// Shared test infrastructure, like the data services next to it.
import fc from 'fast-check';
import type { z } from 'zod';

interface Def {
  type: string;
  format?: string;
  checks?: { _zod: { def: { check: string; minimum?: number; maximum?: number; value?: number } } }[];
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  values?: unknown[];
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

function bound(def: Def, check: string, key: 'minimum' | 'maximum' | 'value'): number | undefined {
  return def.checks?.map((c) => c._zod.def).find((c) => c.check === check)?.[key];
}

function validString(def: Def): fc.Arbitrary<string> {
  if (def.format === 'uuid') return fc.uuid({ version: 4 });
  if (def.format === 'email') return fc.emailAddress();
  const minLength = bound(def, 'min_length', 'minimum') ?? 0;
  const maxLength = Math.min(bound(def, 'max_length', 'maximum') ?? 40, 40);
  return fc.string({ minLength: Math.max(minLength, 1), maxLength: Math.max(maxLength, minLength, 1) });
}

function validNumber(def: Def): fc.Arbitrary<number> {
  const min = bound(def, 'greater_than', 'value') ?? 0;
  const max = bound(def, 'less_than', 'value') ?? 1000;
  return fc.integer({ min, max });
}

/** Values the schema accepts (as sent on the wire, before transforms). */
export function validArbitrary(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return validString(def);
    case 'number':
      return validNumber(def);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'optional':
    case 'default':
      return fc.option(validArbitrary(def.innerType!), { nil: undefined });
    case 'nullable':
      return fc.option(validArbitrary(def.innerType!), { nil: null });
    case 'pipe':
      return validArbitrary(def.in!);
    case 'array':
      return fc.array(validArbitrary(def.element!), { maxLength: 3 });
    case 'union':
      return fc.oneof(...def.options!.map(validArbitrary));
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 3 });
    case 'object':
      return fc.record(Object.fromEntries(Object.entries(def.shape ?? {}).map(([k, v]) => [k, validArbitrary(v)])));
    default:
      return fc.anything();
  }
}

/** The field names of an object schema (or of every branch of a union of objects). */
export function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> {
  const def = defOf(schema);
  if (def.type === 'object') return def.shape ?? {};
  if (def.type === 'union') return Object.assign({}, ...def.options!.map(fieldsOf));
  if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') return fieldsOf(def.innerType!);
  return {};
}

export const NASTY_STRINGS = [
  '',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uFEFF\u202E\u200B',
  '𝒳😀👩‍👩‍👧',
  'Ω≈ç√∫',
  '../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  '<script>alert(1)</script>',
  "' OR 1=1 -- ",
  '\u0024{jndi:ldap://x}',
  '__proto__',
  'constructor',
  'NaN',
  '-0',
  '1e400',
  '18446744073709551616',
  '   ',
  '\r\n\r\nX-Injected: 1',
];

const HUGE_NUMBERS = [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 0.5, -1, 0, 2 ** 64, 5e-324];

/** Any single wrong value: other types, oversized and unicode strings, huge numbers, nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(...HUGE_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [[[[[]]]]]),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom('x'.repeat(5000), 'é'.repeat(70_000), '\uD800'.repeat(1000)),
  fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }),
);

/** Keys beyond the schema, including prototype-pollution ones. */
export const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'isAdmin', 'userId', ''), fc.string({ maxLength: 12 }));

/** A body mixing valid and hostile fields, with some fields missing and some extra. */
export function mutatedObject(schema: z.ZodType): fc.Arbitrary<Record<string, unknown>> {
  const fields = fieldsOf(schema);
  const record = fc.record(
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fc.oneof(validArbitrary(v), hostileValue)])),
    { requiredKeys: [] },
  );
  return fc
    .tuple(record, fc.dictionary(extraKey, hostileValue, { maxKeys: 3 }))
    .map(([own, extra]) => ({ ...extra, ...own }) as Record<string, unknown>);
}
