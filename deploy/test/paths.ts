// Paths of the deployment files under test, and small readers shared by the test files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const deployDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(deployDir, '..');
export const at = (...parts: string[]): string => path.join(deployDir, ...parts);

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}

/** Every YAML document of a file; throws on a syntax error with the file name. */
export function yamlDocs(file: string): Array<Record<string, unknown>> {
  const docs = parseAllDocuments(read(file));
  const out: Array<Record<string, unknown>> = [];
  for (const d of docs) {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]!.message}`);
    const js = d.toJS() as Record<string, unknown> | null;
    if (js) out.push(js);
  }
  return out;
}

/** Files under a directory (recursive) whose names end with one of the extensions. */
export function filesUnder(dir: string, exts: readonly string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => exts.some((e) => f.endsWith(e)))
    .map((f) => path.join(dir, f))
    .sort();
}
