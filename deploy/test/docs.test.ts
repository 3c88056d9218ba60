// DEPLOY.md and the runbooks name only environment variables that exist, and the ports they
// give match the deployment files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../src/compose-model.js';
import { at, filesUnder, read, repoRoot } from './paths.js';
import { DRAIN_SCRIPT_ENV, schemas } from './schemas.js';

const known = new Set([
  ...Object.values(schemas).flatMap((s) => Object.keys(s.shape)),
  ...DRAIN_SCRIPT_ENV,
  ...Object.keys(parseEnvFile(read(at('compose', 'env.example')))), // compose's .env
  'SIGNALING_URLS', // the web image's build argument
]);
const ENV_NAME = /\b((?:MEDIA|SIGNALING|API|JWT|REDIS|DATABASE|PUBLIC|STORAGE|OPENAI|OIDC|S3|ACCESS|REFRESH|RATE|UPLOAD|AUDIO|ARGON2)_[A-Z0-9_]*[A-Z0-9])\b/g;

function envNames(text: string): string[] {
  return [...new Set([...text.matchAll(ENV_NAME)].map((m) => m[1]!))];
}

describe('operator docs', () => {
  it.each([path.join(repoRoot, 'DEPLOY.md'), ...filesUnder(at('runbooks'), ['.md'])].map((f) => [path.relative(repoRoot, f), f]))(
    '%s names only variables the services read',
    (_name, file) => {
      expect(envNames(readFileSync(file, 'utf8')).filter((n) => !known.has(n))).toEqual([]);
    },
  );

  it('DEPLOY.md gives the ports and drain timing the deployment files use', () => {
    const doc = read(path.join(repoRoot, 'DEPLOY.md'));
    const compose = read(at('compose', 'docker-compose.yml'));
    for (const range of ['40000-40009', '40010-40019', '41000-41099', '41100-41199']) {
      expect(compose).toContain(`'${range}:${range}/udp'`);
      expect(doc).toContain(range.replace('-', '–'));
    }
    expect(compose).toContain('stop_grace_period: 75s');
    expect(doc).toContain('`stop_grace_period` is 75 s');
    expect(read(at('k8s', 'base', 'media-node.yaml'))).toContain('terminationGracePeriodSeconds: 90');
    expect(doc).toContain('`terminationGracePeriodSeconds` (90 s)');
  });
});
