// Offline checks of the Kubernetes manifests: renders k8s/overlays/example (and k8s/base alone) the way
// kustomize would, validates every object against the Kubernetes schemas (kubernetes-models), then checks
// what SessionOps needs of them. No API server, no network.
//
//   node k8s/validate/validate.mjs        (from the repository root; `npm ci` in k8s/validate first)
//
// The renderer implements only the kustomize features the manifests use and refuses any other field, so a
// manifest change that it cannot follow fails here instead of being checked half-rendered.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const overlayDir = join(root, 'k8s', 'overlays', 'example');
const baseDir = join(root, 'k8s', 'base');

// ---------------------------------------------------------------------------------------------------------
// A small kustomize: resources, components, namespace, labels, images, patches (strategic merge files),
// secretGenerator (env files and literals, without the name hash).

const kustomizationFields = new Set([
  'apiVersion', 'kind', 'resources', 'components', 'namespace', 'labels', 'images', 'patches',
  'secretGenerator', 'generatorOptions',
]);

const clusterScoped = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume',
  'StorageClass', 'IngressClass', 'PriorityClass',
]);

function loadKustomization(dir) {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((name) => join(dir, name))
    .find((path) => existsSync(path));
  if (!file) throw new Error(`no kustomization file in ${relative(root, dir)}`);
  const k = yaml.load(readFileSync(file, 'utf8'));
  for (const key of Object.keys(k)) {
    if (!kustomizationFields.has(key)) {
      throw new Error(`${relative(root, file)}: '${key}' is not supported by this renderer`);
    }
  }
  return k;
}

function loadYamlFile(path) {
  return yaml.loadAll(readFileSync(path, 'utf8')).filter((doc) => doc != null);
}

function render(dir, { expectComponent = false } = {}) {
  const k = loadKustomization(dir);
  const isComponent = k.kind === 'Component';
  if (isComponent !== expectComponent) {
    throw new Error(`${relative(root, dir)}: kind ${k.kind ?? 'Kustomization'} where a ${expectComponent ? 'Component' : 'Kustomization'} is expected`);
  }

  let objects = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    objects.push(...(statSync(path).isDirectory() ? render(path) : loadYamlFile(path)));
  }
  objects.push(...generateSecrets(dir, k));
  for (const entry of k.components ?? []) {
    objects = applyComponent(resolve(dir, entry), objects);
  }
  return transform(dir, k, objects);
}

// A component adds its resources to what the including kustomization has so far, then transforms all of it.
function applyComponent(dir, objects) {
  const k = loadKustomization(dir);
  if (k.kind !== 'Component') throw new Error(`${relative(root, dir)} is listed under components but is not a Component`);
  const own = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    own.push(...(statSync(path).isDirectory() ? render(path) : loadYamlFile(path)));
  }
  own.push(...generateSecrets(dir, k));
  return transform(dir, k, [...objects, ...own]);
}

function generateSecrets(dir, k) {
  const generators = k.secretGenerator ?? [];
  if (generators.length > 0 && k.generatorOptions?.disableNameSuffixHash !== true) {
    throw new Error(`${relative(root, dir)}: secretGenerator without disableNameSuffixHash is not supported`);
  }
  return generators.map((g) => {
    const data = {};
    const put = (line) => {
      const at = line.indexOf('=');
      if (at < 0) throw new Error(`secretGenerator ${g.name}: '${line}' is not key=value`);
      data[line.slice(0, at).trim()] = Buffer.from(line.slice(at + 1)).toString('base64');
    };
    for (const file of g.envs ?? []) {
      for (const line of readFileSync(resolve(dir, file), 'utf8').split('\n')) {
        if (line.trim() !== '' && !line.trimStart().startsWith('#')) put(line);
      }
    }
    for (const literal of g.literals ?? []) put(literal);
    return { apiVersion: 'v1', kind: 'Secret', metadata: { name: g.name }, type: g.type ?? 'Opaque', data };
  });
}

// kustomize's order of built-in transformers: patches, namespace, labels, images.
function transform(dir, k, objects) {
  let out = objects.map((o) => structuredClone(o));
  for (const patch of k.patches ?? []) {
    if (!patch.path || patch.target || patch.patch) {
      throw new Error(`${relative(root, dir)}: only 'patches: - path: <strategic merge file>' is supported`);
    }
    for (const p of loadYamlFile(resolve(dir, patch.path))) {
      const target = out.find((o) => o.kind === p.kind && o.metadata?.name === p.metadata?.name);
      if (!target) throw new Error(`${patch.path}: no ${p.kind} ${p.metadata?.name} to patch`);
      out[out.indexOf(target)] = strategicMerge(target, p);
    }
  }
  if (k.namespace) {
    for (const o of out) {
      if (!clusterScoped.has(o.kind)) o.metadata.namespace = k.namespace;
    }
  }
  for (const set of k.labels ?? []) {
    if (set.includeSelectors || set.includeTemplates) {
      throw new Error(`${relative(root, dir)}: labels with includeSelectors/includeTemplates are not supported`);
    }
    for (const o of out) o.metadata.labels = { ...(o.metadata.labels ?? {}), ...set.pairs };
  }
  for (const image of k.images ?? []) {
    for (const container of out.flatMap(containersOf)) {
      const parsed = parseImage(container.image);
      if (parsed.name !== image.name) continue;
      const name = image.newName ?? parsed.name;
      if (image.digest) container.image = `${name}@${image.digest}`;
      else {
        const tag = image.newTag ?? parsed.tag;
        container.image = tag ? `${name}:${tag}` : name;
      }
    }
  }
  return out;
}

// Lists whose items merge by a key in a strategic merge patch (the keys Kubernetes declares for them).
const mergeKeys = { containers: 'name', initContainers: 'name', env: 'name', volumes: 'name', volumeMounts: 'mountPath', ports: 'containerPort' };

function strategicMerge(target, patch, field = '') {
  if (Array.isArray(patch)) {
    const key = mergeKeys[field];
    if (!key || !Array.isArray(target) || !patch.every((item) => item && typeof item === 'object' && key in item)) {
      return structuredClone(patch);
    }
    const merged = target.map((item) => structuredClone(item));
    for (const item of patch) {
      if ('$patch' in item) throw new Error('$patch directives are not supported');
      const at = merged.findIndex((m) => m[key] === item[key]);
      if (at >= 0) merged[at] = strategicMerge(merged[at], item);
      else merged.push(structuredClone(item));
    }
    return merged;
  }
  if (patch && typeof patch === 'object') {
    if ('$patch' in patch) throw new Error('$patch directives are not supported');
    const merged = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
    for (const [name, value] of Object.entries(patch)) {
      if (value === null) delete merged[name];
      else merged[name] = strategicMerge(merged[name], value, name);
    }
    return merged;
  }
  return patch;
}

function parseImage(image) {
  const [withoutDigest, digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash
    ? { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest }
    : { name: withoutDigest, tag: undefined, digest };
}

function podSpecOf(o) {
  return ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind) ? o.spec?.template?.spec : undefined;
}

function containersOf(o) {
  const spec = podSpecOf(o);
  return spec ? [...(spec.initContainers ?? []), ...(spec.containers ?? [])] : [];
}

// ---------------------------------------------------------------------------------------------------------
// The checks. Each is one named test; a thrown error is its failure.

const results = [];
async function check(name, body) {
  try {
    const note = await body();
    results.push({ ok: true, name: note ? `${name} # ${note}` : name });
  } catch (error) {
    results.push({ ok: false, name, reason: error.message });
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const id = (o) => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
const workloads = (objs) => objs.filter((o) => podSpecOf(o));
const container = (o, name) => o.spec.template.spec.containers.find((c) => c.name === name);
const envOf = (c) => c.env ?? [];
const envNamed = (c, name) => envOf(c).find((e) => e.name === name);
const portNumber = (c, port) => (typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort);
const seconds = (value) => Number.parseInt(value, 10);

let objects = [];
let baseObjects = [];
const byName = (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);

await check('the example overlay renders (resources, components, patches, namespace, labels, images, secretGenerator)', () => {
  objects = render(overlayDir);
  assert(objects.length > 0, 'nothing rendered');
  return `${objects.length} objects`;
});

await check('the base renders on its own', () => {
  baseObjects = render(baseDir);
  assert(baseObjects.length > 0, 'nothing rendered');
  return `${baseObjects.length} objects`;
});

await check('this renderer agrees with `kubectl kustomize` on the example overlay', () => {
  let output;
  try {
    output = execFileSync('kubectl', ['kustomize', overlayDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    if (error.code === 'ENOENT') return 'SKIP kubectl not installed';
    throw new Error(`kubectl kustomize failed: ${error.stderr || error.message}`);
  }
  const canonical = (o) => JSON.stringify(o, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
  // kubectl folds long base64 values over lines; compare the decoded bytes.
  const normalize = (o) => (o.kind === 'Secret' ? { ...o, data: Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, v.replace(/\s/g, '')])) } : o);
  const theirs = new Map(yaml.loadAll(output).filter(Boolean).map((o) => [id(o), canonical(normalize(o))]));
  const ours = new Map(objects.map((o) => [id(o), canonical(normalize(o))]));
  const differing = [...new Set([...theirs.keys(), ...ours.keys()])].filter((key) => theirs.get(key) !== ours.get(key));
  assert(differing.length === 0, `differs on ${differing.join(', ')}`);
});

// One check per object, so a schema error names the object.
const models = {};
if (objects.length === 0) {
  await check('schema: every rendered object', () => assert(false, 'nothing was rendered'));
}
for (const o of [...objects]) {
  await check(`schema: ${id(o)} (${o.apiVersion})`, async () => {
    const module = (models[o.apiVersion] ??= await import(`kubernetes-models/${o.apiVersion}`));
    const Model = module[o.kind];
    assert(Model, `kubernetes-models has no ${o.apiVersion} ${o.kind}`);
    new Model(o).validate();
  });
}

const silo = () => byName('Deployment', 'sessionops-silo');
const gateway = () => byName('Deployment', 'sessionops-gateway');
const siloContainer = () => container(silo(), 'silo');
const gatewayContainer = () => container(gateway(), 'gateway');

await check('every namespaced object is in the overlay\'s namespace, and that Namespace is part of the overlay', () => {
  const stray = objects.filter((o) => !clusterScoped.has(o.kind) && o.metadata.namespace !== 'sessionops');
  assert(stray.length === 0, `not in sessionops: ${stray.map(id).join(', ')}`);
  assert(byName('Namespace', 'sessionops'), 'no Namespace sessionops');
});

await check('every image is pinned to a tag other than latest; the SessionOps images are sessionops/silo and sessionops/gateway', () => {
  for (const c of objects.flatMap(containersOf)) {
    const { tag, digest } = parseImage(c.image);
    assert(digest || (tag && tag !== 'latest'), `${c.name}: image ${c.image} has no pinned tag`);
  }
  assert(parseImage(siloContainer().image).name.endsWith('sessionops/silo'), `silo image ${siloContainer().image}`);
  assert(parseImage(gatewayContainer().image).name.endsWith('sessionops/gateway'), `gateway image ${gatewayContainer().image}`);
});

await check('every container of every workload has cpu and memory requests and limits, requests within limits', () => {
  const toNumber = (q) => {
    const m = /^([0-9.]+)(m|Ki|Mi|Gi|Ti)?$/.exec(String(q));
    assert(m, `unreadable quantity ${q}`);
    const factor = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 }[m[2]] ?? 1;
    return Number(m[1]) * factor;
  };
  for (const o of workloads(objects)) {
    for (const c of containersOf(o)) {
      for (const r of ['cpu', 'memory']) {
        const request = c.resources?.requests?.[r];
        const limit = c.resources?.limits?.[r];
        assert(request !== undefined && limit !== undefined, `${id(o)} ${c.name}: ${r} request and limit are required`);
        assert(toNumber(request) <= toNumber(limit), `${id(o)} ${c.name}: ${r} request ${request} exceeds limit ${limit}`);
      }
    }
  }
});

function assertHttpProbe(o, c, probeName, path) {
  const probe = c[probeName];
  assert(probe?.httpGet, `${id(o)}: no HTTP ${probeName}`);
  assert(probe.httpGet.path === path, `${id(o)}: ${probeName} on ${probe.httpGet.path}, expected ${path}`);
  return portNumber(c, probe.httpGet.port);
}

await check('silo probes: startup, liveness and readiness GET /healthz on the port its web host listens on (Urls)', () => {
  const o = silo();
  const c = siloContainer();
  const urls = envNamed(c, 'Urls')?.value;
  assert(urls, 'the silo needs a Urls variable: its appsettings.json sets Urls, which ASPNETCORE_URLS cannot override');
  const listening = Number(/:(\d+)\/?$/.exec(urls)?.[1]);
  for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
    const port = assertHttpProbe(o, c, probe, '/healthz');
    assert(port === listening, `${probe} on port ${port}, the web host listens on ${listening}`);
  }
});

await check('gateway probes: liveness and startup on /healthz, readiness on /readyz, on the port of ASPNETCORE_URLS', () => {
  const o = gateway();
  const c = gatewayContainer();
  const listening = Number(/:(\d+)\/?$/.exec(envNamed(c, 'ASPNETCORE_URLS')?.value ?? '')?.[1]);
  assert(listening, 'no ASPNETCORE_URLS with a port');
  const ports = [
    assertHttpProbe(o, c, 'startupProbe', '/healthz'),
    assertHttpProbe(o, c, 'livenessProbe', '/healthz'),
    assertHttpProbe(o, c, 'readinessProbe', '/readyz'),
  ];
  assert(ports.every((p) => p === listening), `probe ports ${ports.join(', ')}, the web host listens on ${listening}`);
  assert(c.readinessProbe.timeoutSeconds > 5, '/readyz waits up to 5 s for the cluster: the readiness timeout must be longer');
});

const downward = {
  POD_NAME: 'metadata.name',
  POD_NAMESPACE: 'metadata.namespace',
  POD_IP: 'status.podIP',
  ORLEANS_SERVICE_ID: "metadata.labels['orleans/serviceId']",
  ORLEANS_CLUSTER_ID: "metadata.labels['orleans/clusterId']",
};

await check('silo env: POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_SERVICE_ID, ORLEANS_CLUSTER_ID from the downward API', () => {
  const c = siloContainer();
  for (const [name, path] of Object.entries(downward)) {
    const actual = envNamed(c, name)?.valueFrom?.fieldRef?.fieldPath;
    assert(actual === path, `${name} comes from ${actual ?? 'nowhere'}, expected fieldRef ${path}`);
  }
});

function assertReferences(c, expected) {
  const env = envOf(c);
  for (const [name, value] of Object.entries(expected)) {
    const at = env.findIndex((e) => e.name === name);
    assert(at >= 0, `${name} is missing`);
    assert(env[at].value === value, `${name} is '${env[at].value}', expected '${value}'`);
    // The kubelet expands $(VAR) only from variables defined earlier in the list.
    for (const [, ref] of value.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
      const defined = env.findIndex((e) => e.name === ref);
      assert(defined >= 0 && defined < at, `${name} refers to $(${ref}), which is not defined before it`);
    }
  }
}

await check('silo env: Orleans__ServiceId, Orleans__ClusterId and Orleans__AdvertisedIP come from those variables, defined before them', () => {
  assertReferences(siloContainer(), {
    Orleans__ServiceId: '$(ORLEANS_SERVICE_ID)',
    Orleans__ClusterId: '$(ORLEANS_CLUSTER_ID)',
    Orleans__AdvertisedIP: '$(POD_IP)',
  });
});

await check('silo env: Orleans__SiloPort and Orleans__GatewayPort are the container\'s silo and gateway ports', () => {
  const c = siloContainer();
  for (const [key, portName] of [['Orleans__SiloPort', 'silo'], ['Orleans__GatewayPort', 'orleans-gw']]) {
    const value = Number(envNamed(c, key)?.value);
    assert(value && value === portNumber(c, portName), `${key}=${value}, container port ${portName} is ${portNumber(c, portName)}`);
  }
});

await check('gateway env: cluster mode, and the Orleans ids from the same pod labels as the silos', () => {
  const c = gatewayContainer();
  assert(envNamed(c, 'SessionOps__Mode')?.value === 'cluster', 'SessionOps__Mode must be cluster');
  for (const name of ['ORLEANS_SERVICE_ID', 'ORLEANS_CLUSTER_ID']) {
    assert(envNamed(c, name)?.valueFrom?.fieldRef?.fieldPath === downward[name], `${name} must come from fieldRef ${downward[name]}`);
  }
  assertReferences(c, { Orleans__ServiceId: '$(ORLEANS_SERVICE_ID)', Orleans__ClusterId: '$(ORLEANS_CLUSTER_ID)' });
});

await check('pod templates of silos and Gateways carry orleans/serviceId and orleans/clusterId, with the same values', () => {
  const labels = [silo(), gateway()].map((o) => o.spec.template.metadata.labels ?? {});
  for (const [i, l] of labels.entries()) {
    for (const key of ['orleans/serviceId', 'orleans/clusterId']) {
      assert(l[key], `${['silo', 'gateway'][i]} pod template has no ${key} label`);
      assert(l[key] === labels[0][key], `gateway's ${key} is ${l[key]}, the silos' is ${labels[0][key]}`);
    }
  }
});

await check('every workload\'s selector matches its own pod template, and no other workload\'s', () => {
  for (const o of workloads(objects)) {
    const selector = o.spec.selector?.matchLabels;
    assert(selector && Object.keys(selector).length > 0, `${id(o)} has no matchLabels`);
    assert(matches(selector, o.spec.template.metadata.labels), `${id(o)}: selector does not match its pod template`);
    const others = workloads(objects).filter((w) => w !== o && matches(selector, w.spec.template.metadata.labels));
    assert(others.length === 0, `${id(o)}: selector also matches ${others.map(id).join(', ')}`);
  }
});

await check('every PodDisruptionBudget selects exactly one workload\'s pods, and silos and Gateways each have one', () => {
  const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  for (const pdb of pdbs) {
    const selected = workloads(objects).filter((w) => matches(pdb.spec.selector?.matchLabels, w.spec.template.metadata.labels));
    assert(selected.length === 1, `${id(pdb)} selects ${selected.length} workloads`);
  }
  for (const w of [silo(), gateway()]) {
    const covered = pdbs.filter((p) => matches(p.spec.selector.matchLabels, w.spec.template.metadata.labels));
    assert(covered.length === 1, `${id(w)} is covered by ${covered.length} PodDisruptionBudgets`);
    const pdb = covered[0].spec;
    const allowed = pdb.maxUnavailable ?? (w.spec.replicas - pdb.minAvailable);
    assert(allowed >= 1 && allowed < w.spec.replicas, `${id(covered[0])} allows ${allowed} of ${w.spec.replicas} pods down: drains must be possible and one pod must stay`);
  }
});

await check('every Service selects exactly one workload\'s pods, on ports its containers declare', () => {
  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    const selected = workloads(objects).filter((w) => matches(svc.spec.selector, w.spec.template.metadata.labels));
    assert(svc.spec.selector && selected.length === 1, `${id(svc)} selects ${selected.length} workloads`);
    const declared = selected[0].spec.template.spec.containers.flatMap((c) => c.ports ?? []);
    for (const port of svc.spec.ports) {
      const target = port.targetPort ?? port.port;
      assert(declared.some((p) => p.name === target || p.containerPort === target), `${id(svc)}: targetPort ${target} is not a container port of ${id(selected[0])}`);
    }
  }
});

await check('the Ingress routes every path to the gateway Service on a port that Service defines', () => {
  const ingress = objects.filter((o) => o.kind === 'Ingress');
  assert(ingress.length === 1, `${ingress.length} Ingress objects`);
  const service = byName('Service', 'sessionops-gateway');
  assert(service && matches(service.spec.selector, gateway().spec.template.metadata.labels), 'sessionops-gateway Service does not select the Gateways');
  const paths = ingress[0].spec.rules.flatMap((r) => r.http?.paths ?? []);
  assert(paths.length > 0, 'no paths');
  for (const p of paths) {
    const backend = p.backend.service;
    assert(backend?.name === 'sessionops-gateway', `path ${p.path} goes to ${backend?.name}`);
    assert(service.spec.ports.some((sp) => sp.name === backend.port.name || sp.port === backend.port.number), `path ${p.path}: port ${backend.port.name ?? backend.port.number} is not on the Service`);
  }
});

await check('the Ingress keeps WebSockets open (proxy timeouts of at least an hour) and uses cookie affinity for SignalR', () => {
  const a = objects.find((o) => o.kind === 'Ingress').metadata.annotations ?? {};
  for (const key of ['proxy-read-timeout', 'proxy-send-timeout']) {
    const value = seconds(a[`nginx.ingress.kubernetes.io/${key}`]);
    assert(value >= 3600, `${key} is ${a[`nginx.ingress.kubernetes.io/${key}`] ?? 'the controller default (60 s)'}`);
  }
  assert(a['nginx.ingress.kubernetes.io/affinity'] === 'cookie', 'no cookie affinity: negotiate and connect could reach different Gateways');
});

await check('silos: terminationGracePeriodSeconds >= 60, longer than the host\'s shutdown timeout; rolling updates never remove a silo first', () => {
  const o = silo();
  const grace = o.spec.template.spec.terminationGracePeriodSeconds;
  assert(grace >= 60, `terminationGracePeriodSeconds is ${grace ?? 'the default 30'}`);
  const hostTimeout = Number(envNamed(siloContainer(), 'shutdownTimeoutSeconds')?.value ?? 30);
  assert(hostTimeout < grace, `shutdownTimeoutSeconds ${hostTimeout} is not below the grace period ${grace}`);
  assert(hostTimeout > 30, `shutdownTimeoutSeconds ${hostTimeout}: the host's 30 s default cuts the graceful stop short`);
  assert(o.spec.strategy?.rollingUpdate?.maxUnavailable === 0, 'rollingUpdate.maxUnavailable must be 0');
  assert(o.spec.replicas >= 2 && gateway().spec.replicas >= 2, 'silos and Gateways need at least 2 replicas each');
});

const secretRefs = (objs) => workloads(objs).flatMap((o) => containersOf(o).flatMap((c) => [
  ...envOf(c).filter((e) => e.valueFrom?.secretKeyRef).map((e) => ({ o, env: e.name, ...e.valueFrom.secretKeyRef })),
  ...(c.envFrom ?? []).filter((e) => e.secretRef).map((e) => ({ o, env: '(envFrom)', name: e.secretRef.name })),
]));

await check('base: no Secret objects or inlined secret values; Redis and the signing key come from sessionops-secrets', () => {
  const secrets = baseObjects.filter((o) => o.kind === 'Secret');
  assert(secrets.length === 0, `base contains ${secrets.map(id).join(', ')}`);
  for (const o of workloads(baseObjects)) {
    for (const c of containersOf(o)) {
      for (const e of envOf(c)) {
        if (/Redis|SigningKey|Password|Secret/i.test(e.name)) {
          assert(e.valueFrom?.secretKeyRef, `${id(o)} ${c.name}: ${e.name} is not taken from a Secret`);
        }
      }
    }
  }
  const configMaps = baseObjects.filter((o) => o.kind === 'ConfigMap');
  for (const cm of configMaps) {
    const suspicious = Object.keys(cm.data ?? {}).filter((k) => /Redis|SigningKey|Password|Secret/i.test(k));
    assert(suspicious.length === 0, `${id(cm)} holds ${suspicious.join(', ')}`);
  }
  const expected = new Set(['sessionops-silo/ConnectionStrings__Redis/redis-connection', 'sessionops-gateway/ConnectionStrings__Redis/redis-connection', 'sessionops-gateway/Auth__SigningKey/signing-key']);
  const refs = secretRefs(baseObjects);
  for (const r of refs) assert(r.name === 'sessionops-secrets', `${id(r.o)} ${r.env} refers to Secret ${r.name}`);
  const found = new Set(refs.map((r) => `${r.o.metadata.name}/${r.env}/${r.key}`));
  const missing = [...expected].filter((e) => !found.has(e));
  assert(missing.length === 0, `missing secret references: ${missing.join(', ')}`);
});

await check('the example overlay supplies every Secret and ConfigMap key the workloads refer to, and ships no signing key value', () => {
  for (const r of secretRefs(objects)) {
    const secret = byName('Secret', r.name);
    assert(secret, `${id(r.o)} refers to Secret ${r.name}, which the overlay does not create`);
    if (r.key) assert(r.key in (secret.data ?? {}) || r.key in (secret.stringData ?? {}), `Secret ${r.name} has no key ${r.key}`);
  }
  for (const o of workloads(objects)) {
    for (const c of containersOf(o)) {
      for (const ref of (c.envFrom ?? []).filter((e) => e.configMapRef)) {
        assert(byName('ConfigMap', ref.configMapRef.name), `${id(o)} refers to ConfigMap ${ref.configMapRef.name}, which is not rendered`);
      }
    }
  }
  // A key written in the repository is known to everyone (the Gateway refuses it): the operator makes one per environment.
  const key = Buffer.from(byName('Secret', 'sessionops-secrets').data['signing-key'] ?? '', 'base64').toString();
  assert(key === '', 'the example overlay carries a signing key value; it must ship empty (docs/kubernetes.md says how to make one)');
});

await check('Redis (optional component): redis-server with --appendonly yes --appendfsync always, its --dir on a volumeClaimTemplate', () => {
  const redis = objects.filter((o) => o.kind === 'StatefulSet' && containersOf(o).some((c) => parseImage(c.image).name.endsWith('redis')));
  if (redis.length === 0) return 'SKIP the overlay does not include k8s/optional/redis';
  for (const o of redis) {
    const c = containersOf(o).find((x) => parseImage(x.image).name.endsWith('redis'));
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const option = (name) => { const at = argv.indexOf(name); return at >= 0 ? argv[at + 1] : undefined; };
    assert(argv.includes('redis-server'), `${id(o)} does not run redis-server`);
    assert(option('--appendonly') === 'yes', `${id(o)}: --appendonly is ${option('--appendonly')}`);
    assert(option('--appendfsync') === 'always', `${id(o)}: --appendfsync is ${option('--appendfsync')}`);
    const dir = option('--dir') ?? '/data';
    const claims = (o.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name);
    assert(claims.length > 0, `${id(o)} has no volumeClaimTemplate`);
    const mount = (c.volumeMounts ?? []).find((m) => m.mountPath === dir);
    assert(mount && claims.includes(mount.name), `${id(o)}: ${dir} is not on a volumeClaimTemplate`);
    const overlaySecret = Buffer.from(byName('Secret', 'sessionops-secrets').data['redis-connection'], 'base64').toString();
    const services = objects.filter((s) => s.kind === 'Service' && s.spec.clusterIP !== 'None' && matches(s.spec.selector, o.spec.template.metadata.labels));
    assert(services.some((s) => overlaySecret.split(',')[0].startsWith(`${s.metadata.name}:`)), `redis-connection '${overlaySecret}' does not point at a Service of ${id(o)}`);
  }
});

// ---------------------------------------------------------------------------------------------------------

for (const r of results) {
  console.log(r.ok ? `ok - ${r.name}` : `not ok - ${r.name}: ${r.reason}`);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`k8s: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
