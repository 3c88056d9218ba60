// Reads deploy/k8s the way the tests need it: the resources of a kustomization (recursively),
// its generated ConfigMaps (with overlay merges), and each container's effective environment.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { read, yamlDocs } from './paths.js';

// biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes objects, checked field by field
export type Manifest = Record<string, any>;

interface Kustomization {
  resources?: string[];
  patches?: Array<{ path?: string }>;
  configMapGenerator?: Array<{ name: string; behavior?: string; literals?: string[]; files?: string[] }>;
}

export function readKustomization(dir: string): Kustomization {
  return parse(read(path.join(dir, 'kustomization.yaml'))) as Kustomization;
}

/** Paths a kustomization refers to that do not exist (resources, patches, generator files). */
export function unresolved(dir: string): string[] {
  const k = readKustomization(dir);
  const refs = [
    ...(k.resources ?? []),
    ...(k.patches ?? []).flatMap((p) => (p.path ? [p.path] : [])),
    ...(k.configMapGenerator ?? []).flatMap((g) => g.files ?? []),
  ];
  return refs.filter((r) => {
    const full = path.join(dir, r);
    if (!existsSync(full)) return true;
    return statSync(full).isDirectory() && !existsSync(path.join(full, 'kustomization.yaml'));
  });
}

/** Resources and generated ConfigMaps of a kustomization; patches are not applied. */
export function render(dir: string): Manifest[] {
  const k = readKustomization(dir);
  const out: Manifest[] = [];
  for (const r of k.resources ?? []) {
    const full = path.join(dir, r);
    if (statSync(full).isDirectory()) out.push(...render(full));
    else out.push(...yamlDocs(full));
  }
  for (const g of k.configMapGenerator ?? []) {
    const data = Object.fromEntries((g.literals ?? []).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const existing = out.find((m) => m.kind === 'ConfigMap' && m.metadata?.name === g.name);
    if (g.behavior === 'merge' || g.behavior === 'replace') {
      if (!existing) throw new Error(`${dir}: generator ${g.name} ${g.behavior}s a ConfigMap the base does not have`);
      existing.data = g.behavior === 'merge' ? { ...existing.data, ...data } : data;
    } else {
      out.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: g.name }, data });
    }
  }
  return out;
}

export function byKind(docs: Manifest[], kind: string): Manifest[] {
  return docs.filter((d) => d.kind === kind);
}

export function find(docs: Manifest[], kind: string, name: string): Manifest {
  const m = docs.find((d) => d.kind === kind && d.metadata?.name === name);
  if (!m) throw new Error(`no ${kind} ${name}`);
  return m;
}

/** Placeholder values for downward-API fields, as the kubelet would fill them. */
const FIELD_VALUES: Record<string, string> = {
  'metadata.name': 'pod-0',
  'metadata.namespace': 'coope',
  'status.hostIP': '10.0.0.5',
  'status.podIP': '10.1.0.7',
};

/**
 * The environment a container starts with: envFrom ConfigMaps, then env entries in order
 * (`$(NAME)` expanded), secrets taken from `secrets` (the example objects).
 */
export function containerEnv(container: Manifest, docs: Manifest[], secrets: Manifest[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, find(docs, 'ConfigMap', from.configMapRef.name).data);
    if (from.secretRef) Object.assign(env, find(secrets, 'Secret', from.secretRef.name).stringData);
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = String(e.value).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n: string) => env[n] ?? m);
      continue;
    }
    const v = e.valueFrom;
    if (v?.fieldRef) env[e.name] = FIELD_VALUES[v.fieldRef.fieldPath] ?? 'unknown-field';
    else if (v?.secretKeyRef) {
      const value = find(secrets, 'Secret', v.secretKeyRef.name).stringData?.[v.secretKeyRef.key];
      if (value === undefined) throw new Error(`secret ${v.secretKeyRef.name} has no key ${v.secretKeyRef.key}`);
      if (value !== '' || !v.secretKeyRef.optional) env[e.name] = value;
    } else if (v?.configMapKeyRef) env[e.name] = find(docs, 'ConfigMap', v.configMapKeyRef.name).data[v.configMapKeyRef.key];
  }
  return env;
}

/** Workloads (Deployment, StatefulSet, DaemonSet) with their pod spec. */
export function workloads(docs: Manifest[]): Manifest[] {
  return docs.filter((d) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(d.kind));
}

/** True when every key of `selector` has the same value in `labels`. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}
