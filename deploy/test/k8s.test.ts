// deploy/k8s: valid YAML of the expected kinds, kustomizations that resolve, and workloads whose
// environment, ports, probes, drain and budgets match the services.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { checkEnv, MUST_SET } from '../src/env-check.js';
import { byKind, containerEnv, find, type Manifest, render, selects, unresolved, workloads } from './k8s-model.js';
import { at, filesUnder, read, repoRoot, yamlDocs } from './paths.js';
import { DRAIN_SCRIPT_ENV, type ServiceKind, schemas } from './schemas.js';

const k8sDir = at('k8s');
const kustomizations = filesUnder(k8sDir, ['kustomization.yaml']).map((f) => path.dirname(f));
const base = render(at('k8s', 'base'));
const production = render(at('k8s', 'overlays', 'production'));
const secrets = yamlDocs(at('k8s', 'base', 'secrets.example.yaml'));
const KINDS = new Set([
  'Namespace',
  'Service',
  'Deployment',
  'StatefulSet',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'ConfigMap',
  'Secret',
  'Ingress',
  'PersistentVolumeClaim',
  'PodMonitor',
  'PrometheusRule',
  'Kustomization',
]);
const KIND_OF_CONTAINER: Record<string, ServiceKind> = { 'media-node': 'media', signaling: 'signaling', api: 'api' };
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

function podContainers(docs: Manifest[]): Array<{ workload: Manifest; container: Manifest }> {
  return workloads(docs).flatMap((w) => (w.spec.template.spec.containers as Manifest[]).map((container) => ({ workload: w, container })));
}

describe('kubernetes manifests', () => {
  it('every file is valid YAML whose documents have apiVersion, kind and a name of an expected kind', () => {
    const files = filesUnder(k8sDir, ['.yaml', '.yml']);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const doc of parseAllDocuments(read(file))) {
        expect(doc.errors, file).toEqual([]);
        const m = doc.toJS() as Manifest;
        if (Array.isArray(m)) continue; // a JSON6902 patch
        expect(KINDS.has(m.kind), `${file}: kind ${m.kind}`).toBe(true);
        expect(m.apiVersion, file).toBeTruthy();
        if (m.kind !== 'Kustomization') expect(m.metadata?.name, file).toBeTruthy();
      }
    }
  });

  it('every kustomization lists resources, patches and generator files that exist', () => {
    expect(kustomizations.map((d) => path.relative(k8sDir, d)).sort()).toEqual(['base', 'monitoring', 'overlays/production']);
    for (const dir of kustomizations) expect(unresolved(dir), dir).toEqual([]);
  });

  it(
    kubectl
      ? 'kubectl kustomize builds base, production and monitoring'
      : 'base and production render from their resources (kubectl absent: patches not applied)',
    () => {
      if (kubectl) {
        for (const dir of kustomizations) {
          const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
          expect(r.status, `${dir}: ${r.stderr}`).toBe(0);
          expect(r.stdout).toContain('kind:');
        }
      }
      const kinds = new Set(production.map((m) => m.kind));
      for (const k of ['StatefulSet', 'Deployment', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Ingress', 'Service']) {
        expect(kinds.has(k), k).toBe(true);
      }
    },
  );

  it.each([
    ['base', base],
    ['production', production],
  ])('%s: each container environment is in its zod schema, complete, and parses', (_name, docs) => {
    const checked: string[] = [];
    for (const { container } of podContainers(docs)) {
      const kind = KIND_OF_CONTAINER[container.name];
      if (!kind) continue;
      const env = containerEnv(container, docs, secrets);
      for (const k of kind === 'media' ? DRAIN_SCRIPT_ENV : []) delete env[k];
      expect(checkEnv(schemas[kind], env, MUST_SET[kind]), container.name).toEqual({ unknown: [], missing: [], missingExplicit: [] });
      checked.push(kind);
    }
    expect(checked.sort()).toEqual(['api', 'media', 'signaling']);
  });

  it('containers listen on their configured port, and probes, Services and scrape annotations use it', () => {
    for (const { workload, container } of podContainers(base)) {
      const env = containerEnv(container, base, secrets);
      const port = Number(env.MEDIA_RPC_PORT ?? env.SIGNALING_PORT ?? env.API_PORT ?? 8080);
      const named = Object.fromEntries((container.ports as Manifest[]).map((p) => [p.name, p.containerPort]));
      expect(Object.values(named), container.name).toContain(port);
      const probePort = (p: Manifest) => named[p.httpGet.port] ?? p.httpGet.port;
      expect(probePort(container.readinessProbe), container.name).toBe(port);
      const annotations = workload.spec.template.metadata.annotations ?? {};
      if (annotations['prometheus.io/port']) expect(Number(annotations['prometheus.io/port'])).toBe(port);
      if (KIND_OF_CONTAINER[container.name]) {
        expect(container.readinessProbe.httpGet.path, container.name).toBe('/readyz');
        expect(container.livenessProbe.httpGet.path, container.name).toBe('/healthz');
        expect(probePort(container.livenessProbe)).toBe(port);
      }
    }
    for (const svc of byKind(base, 'Service').filter((s) => s.spec.type !== 'ExternalName')) {
      const w = workloads(base).find((x) => selects(svc.spec.selector, x.spec.template.metadata.labels));
      expect(w, `Service ${svc.metadata.name} selects a workload`).toBeDefined();
      const ports = (w!.spec.template.spec.containers as Manifest[]).flatMap((c) => c.ports as Manifest[]);
      for (const p of svc.spec.ports as Manifest[]) {
        const target = p.targetPort ?? p.port;
        expect(ports.some((cp) => cp.name === target || cp.containerPort === target), `${svc.metadata.name}:${target}`).toBe(true);
      }
    }
  });

  it('Ingress backends and HPA targets exist; HPA custom metrics are served by an adapter rule', () => {
    for (const ing of byKind(base, 'Ingress')) {
      for (const rule of ing.spec.rules as Manifest[]) {
        for (const p of rule.http.paths as Manifest[]) {
          const svc = find(base, 'Service', p.backend.service.name);
          expect((svc.spec.ports as Manifest[]).some((sp) => sp.name === p.backend.service.port.name)).toBe(true);
        }
      }
    }
    const adapter = read(at('k8s', 'monitoring', 'prometheus-adapter-config.yaml'));
    for (const hpa of byKind(base, 'HorizontalPodAutoscaler')) {
      find(base, hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name);
      for (const m of hpa.spec.metrics as Manifest[]) {
        if (m.type === 'Pods') expect(adapter, m.pods.metric.name).toContain(`as: ${m.pods.metric.name}`);
      }
    }
  });

  it('signaling and api have readiness on /readyz and a PodDisruptionBudget; media nodes too', () => {
    const pdbs = byKind(base, 'PodDisruptionBudget');
    for (const name of ['signaling', 'api', 'media-node']) {
      const w = workloads(base).find((x) => x.metadata.name === name)!;
      expect(w.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/readyz');
      expect(pdbs.some((p) => selects(p.spec.selector.matchLabels, w.spec.template.metadata.labels)), name).toBe(true);
    }
    expect(find(base, 'Deployment', 'signaling').spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it('media nodes use host networking, drain in preStop, and get longer than the drain to stop', () => {
    const sts = find(base, 'StatefulSet', 'media-node');
    const pod = sts.spec.template.spec;
    expect(pod.hostNetwork).toBe(true);
    const env = containerEnv(pod.containers[0], base, secrets);
    const drainMs = Number(env.MEDIA_DRAIN_DEADLINE_MS) + Number(env.MEDIA_DRAIN_GRACE_MS);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(drainMs + 10_000);
    const command: string[] = pod.containers[0].lifecycle.preStop.exec.command;
    const script = command.find((c) => c.endsWith('media-drain.mjs'))!;
    expect(command).toContain('--experimental-websocket');
    // The image copies the repo to /app, so the script path is /app/<path in the repo>.
    expect(script.startsWith('/app/')).toBe(true);
    expect(read(path.join(repoRoot, 'deploy', 'docker', 'media-node.Dockerfile'))).toContain(
      `COPY ${script.slice(5)} ${script.slice(5)}`,
    );
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
  });

  it('key files are mounted where the environment points, and signaling never sees the private key', () => {
    for (const { container, workload } of podContainers(base)) {
      const env = containerEnv(container, base, secrets);
      const volumes = workload.spec.template.spec.volumes as Manifest[];
      for (const key of ['JWT_PUBLIC_KEY_FILE', 'JWT_PRIVATE_KEY_FILE']) {
        if (!env[key]) continue;
        const mount = (container.volumeMounts as Manifest[]).find((m) => env[key]!.startsWith(`${m.mountPath}/`));
        expect(mount, `${container.name} ${key}`).toBeDefined();
        const vol = volumes.find((v) => v.name === mount!.name)!;
        const file = path.basename(env[key]!);
        const source = vol.secret ? find(secrets, 'Secret', vol.secret.secretName).stringData : find(secrets, 'ConfigMap', vol.configMap.name).data;
        expect(Object.keys(source), `${container.name} ${key}`).toContain(file);
      }
    }
    const signalingVolumes = find(base, 'Deployment', 'signaling').spec.template.spec.volumes as Manifest[];
    expect(signalingVolumes.some((v) => v.secret?.secretName === 'coope-jwt-private')).toBe(false);
  });
});
