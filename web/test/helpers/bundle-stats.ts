// Reads Vite's manifest and measures the initial JS of an entry (the chunk plus its static imports), gzipped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export function readManifest(dist: string): Manifest {
  return JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** Manifest keys of the chunks a page loads before it can run: the starts and, transitively, their static imports. */
export function staticClosure(manifest: Manifest, starts: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no chunk ${key}`);
    seen.add(key);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  for (const s of starts) visit(s);
  return seen;
}

export function gzipBytes(dist: string, manifest: Manifest, keys: Iterable<string>): number {
  let total = 0;
  for (const key of keys) {
    const file = manifest[key]!.file;
    if (file.endsWith('.js')) total += gzipSync(readFileSync(path.join(dist, file))).length;
  }
  return total;
}

/** The chunk files (not keys) in a closure, for messages. */
export function filesOf(manifest: Manifest, keys: Iterable<string>): string[] {
  return [...keys].map((k) => manifest[k]!.file);
}
