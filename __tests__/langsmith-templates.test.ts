import { createHash } from 'crypto';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { BLOB_STORAGE_COMPONENTS, BLOB_STORAGE_VALUE_PATHS, blobServiceAccountNames } from '../lib/core/naming';
import { AgentServerRelease } from '../lib/k8s/agent-server-release';
import { agentFeaturePostgresService, ADMIN_PASSWORD_SPECIALS, LangSmithRelease, LangSmithReleaseProps } from '../lib/k8s/langsmith-release';
import { MOZILLA_ROOTS_SHA256, MOZILLA_ROOT_CERTIFICATES } from '../lib/k8s/mozilla-roots';
import { parseDeployments } from '../stacks/config';
import { unknownLangGraphCloudKeys, unknownLangSmithKeys } from './chart-keys';
import workloads from './fixtures/langsmith-0.16.11.common-env-workloads.json';
import { buildDeployments, demoStackJson, langsmithValues, resourcesOf, synthJson } from './helpers';

/**
 * Issue 18: what the charts do with our values and secrets, read the way their templates
 * read them (langsmith 0.16.11, langgraph-cloud 0.3.2; file and line cited per test).
 */

/** langsmith templates/_helpers.tpl:1458 `langsmith.hostnameWithProtocol`. */
function hostnameWithProtocol(hostname: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(hostname)) return hostname;
  if (/^(localhost|127\.0\.0\.1|\[::1\])(?::[0-9]+)?(?:\/.*)?$/.test(hostname)) return `http://${hostname}`;
  return `https://${hostname}`;
}
/** langsmith templates/_helpers.tpl:1285 `langsmith.hostnameWithoutProtocol`. */
const hostnameWithoutProtocol = (hostname: string) => hostname.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '');
/** langgraph-cloud templates/_helpers.tpl:268 `langGraphCloud.image`. */
function langGraphCloudImage(values: any, component: string): string {
  const c = values.images[component];
  return values.images.registry ? `${values.images.registry}/${c.repository}:${c.tag}` : `${c.repository}:${c.tag}`;
}
/** Dotted path lookup. */
const at = (v: any, path: string) => path.split('.').reduce((n, k) => (n === undefined ? undefined : n[k]), v);

function secretsByName(json: any): Record<string, any> {
  return Object.fromEntries(Object.values(resourcesOf(json, 'kubernetes_secret_v1')).map((s: any) => [s.metadata.name, s]));
}

function releaseStack(props: Partial<LangSmithReleaseProps> = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 't');
  new KubernetesProvider(stack, 'k8s', { configPath: '~/.kube/config' });
  new HelmProvider(stack, 'helm', { kubernetes: { configPath: '~/.kube/config' } });
  new RandomProvider(stack, 'random');
  const license = new TerraformVariable(stack, 'license', { type: 'string', sensitive: true }).stringValue;
  const release = new LangSmithRelease(stack, 'LangSmith', { licenseKey: license, size: 'dev', ...props });
  return { stack, release, license };
}

const k8sPlatform = {
  name: 'plat', mode: 'full-platform', cloud: 'kubernetes', hostname: 'ls.example.com',
  exposure: { type: 'ingress', className: 'nginx', tlsSecretName: 'ls-tls' }, platform: { watchNamespaces: ['agents', 'team-b'] },
};

describe('1. watched namespaces exist before the release (operator/rbac.yaml puts a Role and RoleBinding in each)', () => {
  test('every namespace of operator.watchNamespaces is created by this stack and the release waits for it', () => {
    const json = synthJson(buildDeployments([k8sPlatform]).stacks.plat.app);
    const values = langsmithValues(json);
    // operator/rbac.yaml:3 `splitList "," .Values.operator.watchNamespaces`, each `| trim`.
    const watched = (values.operator.watchNamespaces as string).split(',').map((s) => s.trim());
    expect(watched).toEqual(['langsmith', 'agents', 'team-b']);
    const namespaces = resourcesOf(json, 'kubernetes_namespace_v1');
    const release = Object.values(resourcesOf(json, 'helm_release')).find((r: any) => r.chart === 'langsmith') as any;
    for (const ns of watched) {
      const [id] = Object.entries(namespaces).find(([, n]: any) => n.metadata.name === ns) ?? [];
      expect({ ns, id: id !== undefined }).toEqual({ ns, id: true });
      expect(release.depends_on).toContain(`kubernetes_namespace_v1.${id}`);
    }
  });

  test('the release namespace is always watched: the listener creates agents there (listener/rbac.yaml: a namespaced Role)', () => {
    const values = langsmithValues(synthJson(buildDeployments([{ ...k8sPlatform, platform: { watchNamespaces: ['agents'] } }]).stacks.plat.app));
    expect(values.operator.watchNamespaces).toBe('langsmith,agents');
  });
});

describe('3. external ClickHouse ports follow tls (the loader)', () => {
  const base = 'deployments:\n  - name: ch\n    mode: observability\n    cloud: kubernetes\n    clickhouse:\n      type: external\n      host: ch.internal\n';
  test('tls: false gets 8123/9000, tls true 8443/9440, explicit ports stay', () => {
    const [plain] = parseDeployments(`${base}      tls: false\n`, 'd.yaml');
    expect([plain.clickhouse.port, plain.clickhouse.nativePort]).toEqual([8123, 9000]);
    const [secure] = parseDeployments(base, 'd.yaml');
    expect([secure.clickhouse.port, secure.clickhouse.nativePort]).toEqual([8443, 9440]);
    const [own] = parseDeployments(`${base}      tls: false\n      port: 18123\n`, 'd.yaml');
    expect([own.clickhouse.port, own.clickhouse.nativePort]).toEqual([18123, 9000]);
  });

  test('the secret the chart reads (clickhouse_port, clickhouse_native_port, clickhouse_tls: _helpers.tpl:269-298) agrees', () => {
    const { stacks } = buildDeployments([{ name: 'ch', mode: 'observability', cloud: 'kubernetes', clickhouse: { type: 'external', host: 'ch.internal', tls: false } }]);
    const data = secretsByName(synthJson(stacks.ch.app))['langsmith-clickhouse'].data;
    expect(data).toMatchObject({ clickhouse_port: '8123', clickhouse_native_port: '9000', clickhouse_tls: 'false' });
  });
});

describe('4. the generated admin password meets templates/validate.yaml:274-289', () => {
  test('specials only from the chart\'s set, and every class the policy asks for is guaranteed', () => {
    const { stack } = releaseStack({ hostname: 'ls.example.com' });
    const pw = Object.entries(resourcesOf(synthJson(stack), 'random_password')).find(([id]) => id.includes('InitialAdminPassword'))![1] as any;
    const chartSymbol = /[!#$%()+,./:?@[\]\\^_{~}-]/;
    expect([...pw.override_special].filter((ch: string) => !chartSymbol.test(ch))).toEqual([]);
    expect(pw.override_special).toBe(ADMIN_PASSWORD_SPECIALS);
    expect(pw).toMatchObject({ special: true });
    expect(pw.length).toBeGreaterThanOrEqual(12);
    expect(pw.min_special).toBeGreaterThanOrEqual(1);
    expect(pw.min_upper).toBeGreaterThanOrEqual(1);
    expect(pw.min_lower).toBeGreaterThanOrEqual(1);
  });
});

describe('5. public URLs carry the scheme the edge really serves', () => {
  test('no TLS at the edge: the chart derives http:// URLs, the url output says the same', () => {
    const { stacks } = buildDeployments([{ name: 'obs', mode: 'observability', cloud: 'kubernetes', hostname: 'ls.example.com', exposure: { type: 'ingress', className: 'nginx' } }]);
    const json = synthJson(stacks.obs.app);
    const values = langsmithValues(json);
    // config-map.yaml:44 LANGSMITH_PUBLIC_API_ENDPOINT = hostnameWithProtocol + /api.
    expect(hostnameWithProtocol(values.config.hostname)).toBe('http://ls.example.com');
    expect(json.output.url.value).toBe('http://ls.example.com');
    // ingress.yaml:27 the rule host strips the scheme.
    expect(hostnameWithoutProtocol(values.config.hostname)).toBe('ls.example.com');
  });

  test('TLS at the edge: https', () => {
    const { stacks } = buildDeployments([{ name: 'obs', mode: 'observability', cloud: 'kubernetes', hostname: 'ls.example.com', exposure: { type: 'ingress', className: 'nginx', tlsSecretName: 'ls-tls' } }]);
    const json = synthJson(stacks.obs.app);
    expect(hostnameWithProtocol(langsmithValues(json).config.hostname)).toBe('https://ls.example.com');
    expect(json.output.url.value).toBe('https://ls.example.com');
  });
});

describe('6. every workload that receives the blob settings runs as a service account the cloud trusts', () => {
  const values = langsmithValues(synthJson(buildDeployments([{ ...k8sPlatform, blobStorage: { engine: 'S3', bucket: 'acme-traces', serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/x' } } }]).stacks.plat.app));
  const flag = (path: string) => at(values, path) ?? (workloads.chartDefaults as Record<string, boolean>)[path];
  const rendered = workloads.workloads.filter((w) => w.enabledBy.length === 0 || w.enabledBy.some(flag));

  test('the rendered commonEnv workloads (from the templates) are exactly the named components', () => {
    const paths = [...new Set(rendered.map((w) => w.serviceAccount))].sort();
    expect(paths).toEqual(BLOB_STORAGE_COMPONENTS.map((c) => BLOB_STORAGE_VALUE_PATHS[c]).sort());
  });

  test('each of them gets the explicit name and the identity annotations', () => {
    const names = blobServiceAccountNames();
    for (const c of BLOB_STORAGE_COMPONENTS) {
      expect(at(values, `${BLOB_STORAGE_VALUE_PATHS[c]}.serviceAccount`)).toEqual({ name: names[c], annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/x' } });
    }
    expect(unknownLangSmithKeys(values)).toEqual([]);
  });

  test('the cloud trusts every one of them (AWS IRSA, GCP workload identity, Azure federation)', () => {
    // The full-platform demo of each cloud (stacks/deployments.yaml, namespace langsmith), from the shared synth.
    const names = Object.values(blobServiceAccountNames());
    for (const id of ['aws-platform', 'gcp-platform', 'azure-platform']) {
      const infra = JSON.stringify(demoStackJson(`${id}-infra`));
      const missing = names.filter((n) => !infra.includes(`system:serviceaccount:langsmith:${n}`) && !infra.includes(`[langsmith/${n}]`));
      expect({ id, missing }).toEqual({ id, missing: [] });
      const app = langsmithValues(demoStackJson(`${id}-app`));
      for (const c of BLOB_STORAGE_COMPONENTS) expect(at(app, `${BLOB_STORAGE_VALUE_PATHS[c]}.serviceAccount.name`)).toBe(blobServiceAccountNames()[c]);
    }
  });
});

describe('7. Insights and Polly stores: sized, on our storage class, generated credentials', () => {
  const { stacks } = buildDeployments([{ name: 'obs', mode: 'observability', cloud: 'kubernetes', kubernetes: { storageClassName: 'fast-ssd' } }]);
  const json = synthJson(stacks.obs.app);
  const values = langsmithValues(json);

  test('every StatefulSet and Deployment of both features has requests and limits; volumes use the storage class', () => {
    for (const product of ['engineInsightsAgent', 'polly']) {
      for (const part of ['apiServer', 'queue']) expect(Object.keys(at(values, `${product}.${part}.deployment.resources`))).toEqual(['requests', 'limits']);
      for (const store of ['postgres', 'redis']) {
        expect(Object.keys(at(values, `${product}.${store}.statefulSet.resources`))).toEqual(['requests', 'limits']);
        // agent-features/*/postgres/statefulset.yaml:176 renders storageClassName only when set.
        expect(at(values, `${product}.${store}.statefulSet.persistence.storageClassName`)).toBe('fast-ssd');
      }
    }
    expect(unknownLangSmithKeys(values)).toEqual([]);
  });

  test('Postgres credentials come from our secret with the keys the StatefulSet and the API read', () => {
    const secrets = secretsByName(json);
    for (const [product, name, service] of [['engineInsightsAgent', 'langsmith-insights-postgres', 'langsmith-standalone-insights-postgres'], ['polly', 'langsmith-polly-postgres', 'langsmith-standalone-polly-postgres']] as const) {
      expect(at(values, `${product}.postgres.external.existingSecretName`)).toBe(name);
      expect(at(values, `${product}.postgres.external.enabled`)).toBeUndefined(); // the StatefulSet stays (statefulset.yaml:2)
      const data = secrets[name].data;
      // statefulset.yaml:63-78 postgres_db/postgres_password/postgres_user; _helpers.tpl:1135 postgres_connection_url.
      expect(Object.keys(data).sort()).toEqual(['postgres_connection_url', 'postgres_db', 'postgres_password', 'postgres_user']);
      expect(data.postgres_password).toMatch(/^\$\{random_password\.[^}]+\.result\}$/);
      expect(data.postgres_connection_url).toBe(`postgres://postgres:${data.postgres_password}@${service}.langsmith.svc.cluster.local:5432/postgres?sslmode=disable`);
    }
  });

  test('the service name follows langsmith.agentFeatures.componentName (truncated prefix)', () => {
    expect(agentFeaturePostgresService('langsmith', 'insights')).toBe('langsmith-standalone-insights-postgres');
    expect(agentFeaturePostgresService('acme', 'polly')).toBe('acme-langsmith-standalone-polly-postgres');
    // prefix = fullname | trunc (51 - len "standalone-insights-postgres") | trimSuffix "-" (_helpers.tpl:1028-1038)
    expect(agentFeaturePostgresService('a-very-long-release-name-for-tests', 'insights')).toBe('a-very-long-release-nam-standalone-insights-postgres');
  });
});

describe('8. the agent image renders as given (langgraph-cloud templates/_helpers.tpl:268)', () => {
  const entry = (image: string, extra: Record<string, unknown> = {}) => ({ name: 'agent', mode: 'standalone', cloud: 'kubernetes', agentServer: { image }, ...extra });
  const agentValues = (json: any) => JSON.parse((Object.values(resourcesOf(json, 'helm_release')).find((r: any) => r.chart === 'langgraph-cloud') as any).values[0]);

  test('a digest stays a digest', () => {
    const image = 'registry.example.com/acme/agent@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    const v = agentValues(synthJson(buildDeployments([entry(image)]).stacks.agent.app));
    expect(langGraphCloudImage(v, 'apiServerImage')).toBe(image);
  });

  test('images.registry mirrors the chart\'s own images, never the agent image', () => {
    const v = agentValues(synthJson(buildDeployments([entry('123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:2.0.1', { images: { registry: 'mirror.example.com' } })]).stacks.agent.app));
    expect(langGraphCloudImage(v, 'apiServerImage')).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:2.0.1');
    expect(v.images.postgresImage.repository).toBe('mirror.example.com/pgvector/pgvector');
    expect(v.images.redisImage.repository).toBe('mirror.example.com/docker.io/redis');
    expect(unknownLangGraphCloudKeys(v)).toEqual([]);
  });
});

describe('9. the standalone agent API authenticates', () => {
  const exposed = { name: 'agent', mode: 'standalone', cloud: 'kubernetes', hostname: 'agent.example.com', exposure: { type: 'ingress', className: 'nginx', tlsSecretName: 'a-tls' } };

  test('the loader refuses an exposed agent server without auth, and accepts the image\'s own', () => {
    expect(() => buildDeployments([{ ...exposed, agentServer: { image: 'registry.example/b:1' } }])).toThrow(/agentServer\.auth.*required when the agent server is exposed/);
    expect(() => buildDeployments([{ ...exposed, agentServer: { image: 'registry.example/b:1', auth: { type: 'none' } } }])).toThrow(/agentServer\.auth/);
    expect(() => buildDeployments([{ ...exposed, agentServer: { image: 'registry.example/b:1', auth: { type: 'image' } } }])).not.toThrow();
    expect(() => buildDeployments([{ name: 'agent', mode: 'standalone', cloud: 'kubernetes', agentServer: { image: 'registry.example/b:1' } }])).not.toThrow();
  });

  test('LangSmith auth reaches config.auth (api-server/deployment.yaml:93-100)', () => {
    const json = synthJson(buildDeployments([{ ...exposed, agentServer: { image: 'registry.example/b:1', auth: { type: 'langsmith', endpoint: 'https://api.smith.langchain.com', tenantId: '00000000-0000-4000-8000-000000000000' } } }]).stacks.agent.app);
    const v = JSON.parse((Object.values(resourcesOf(json, 'helm_release'))[0] as any).values[0]);
    expect(v.config.auth).toEqual({ enabled: true, langSmithAuthEndpoint: 'https://api.smith.langchain.com', langSmithTenantId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownLangGraphCloudKeys(v)).toEqual([]);
  });

  test('the construct refuses it too', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    const lic = new TerraformVariable(stack, 'lic', { type: 'string', sensitive: true }).stringValue;
    expect(() => new AgentServerRelease(stack, 'A', { image: 'registry.example/b:1', licenseKey: lic, exposure: { type: 'load-balancer', sourceRanges: ['10.0.0.0/8'] } })).toThrow("s/A: field 'auth' is missing");
  });
});

describe('10. decided one by one', () => {
  test('PDB only where a replica can go: minAvailable 1 over one replica would block every drain (pdb.yaml)', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    const lic = new TerraformVariable(stack, 'lic', { type: 'string', sensitive: true }).stringValue;
    expect(new AgentServerRelease(stack, 'One', { image: 'registry.example/b:1', licenseKey: lic, replicas: 1 }).values.apiServer.pdb).toEqual({ enabled: false });
    expect(new AgentServerRelease(stack, 'Two', { image: 'registry.example/b:1', licenseKey: lic, replicas: 2 }).values.apiServer.pdb).toEqual({ enabled: true, minAvailable: 1 });
    expect(new AgentServerRelease(stack, 'Hpa', { image: 'registry.example/b:1', licenseKey: lic, replicas: 3, autoscaling: { minReplicas: 1, maxReplicas: 3 } }).values.apiServer.pdb).toEqual({ enabled: false });
  });

  test('the default admin email is on a real domain; special-use domains are refused', () => {
    const values = langsmithValues(synthJson(buildDeployments([{ name: 'dev', mode: 'observability', cloud: 'kubernetes' }]).stacks.dev.app));
    expect(values.config.initialOrgAdminEmail).toBe('admin@example.com');
    expect(() => releaseStack({ auth: { type: 'basic', adminEmail: 'admin@langsmith.local' } })).toThrow(/auth\.adminEmail.*special-use/);
  });

  test('in-cluster stores on an existing cluster state their TLS explicitly in the demos (the default stays on)', () => {
    const demos = parseDeployments(require('fs').readFileSync(require('path').join(__dirname, '..', 'stacks', 'deployments.yaml'), 'utf8'), 'deployments.yaml');
    const raw = require('yaml').parse(require('fs').readFileSync(require('path').join(__dirname, '..', 'stacks', 'deployments.yaml'), 'utf8')).deployments as any[];
    for (const d of raw.filter((x) => x.cloud === 'kubernetes')) {
      for (const store of ['postgres', 'redis']) {
        if (d[store] && /\.svc(\.cluster\.local)?$/.test(d[store].host)) expect({ name: d.name, store, tls: typeof d[store].tls }).toEqual({ name: d.name, store, tls: 'boolean' });
      }
    }
    expect(demos.find((d) => d.name === 'demo-k8s-ext')!.postgres!.tls).toBe(true);
  });

  test('a changed secret rolls the pods: one pod annotation per existingSecretName secret, a version replaced with its data', () => {
    const json = synthJson(buildDeployments([{ name: 'obs', mode: 'observability', cloud: 'kubernetes', clickhouse: { type: 'external', host: 'ch.internal' } }]).stacks.obs.app);
    const values = langsmithValues(json);
    const secretIds = Object.keys(resourcesOf(json, 'kubernetes_secret_v1'));
    const versions = resourcesOf(json, 'terraform_data');
    // Each annotation is the id of a terraform_data replaced when that Secret's data change
    // (unknown in the plan that changes the Secret, so the release rolls in the same apply).
    const triggeredBy = Object.values(values.commonPodAnnotations as Record<string, string>).map((a) => versions[/^\$\{terraform_data\.([^.]+)\.id\}$/.exec(a)![1]].triggers_replace.data);
    expect(triggeredBy.sort()).toEqual(secretIds.map((id) => `\${kubernetes_secret_v1.${id}.data}`).sort());
    expect(Object.keys(values.commonPodAnnotations).every((k) => /^cdktf-langsmith\.io\/secret-[a-z0-9-]+$/.test(k))).toBe(true);
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    const lic = new TerraformVariable(stack, 'lic', { type: 'string', sensitive: true }).stringValue;
    const server = new AgentServerRelease(stack, 'A', { image: 'registry.example/b:1', licenseKey: lic });
    // langgraph-cloud api-server/deployment.yaml:29 puts deployment.annotations on the pod template.
    expect(Object.keys(server.values.apiServer.deployment.annotations)).toEqual(['cdktf-langsmith.io/secret-app-secret']);
  });

  test('the deployments health check through the public hostname is off (the operator\'s readiness checks stay)', () => {
    const values = langsmithValues(synthJson(buildDeployments([k8sPlatform]).stacks.plat.app));
    // _helpers.tpl:455 ENABLE_LGP_DEPLOYMENT_HEALTH_CHECK.
    expect(values.config.deployment.ingressHealthCheckEnabled).toBe(false);
  });
});

describe('11. the CA bundle comes from a pinned source, not the running Node', () => {
  test('the pinned roots are the declared ones', () => {
    expect(createHash('sha256').update(MOZILLA_ROOT_CERTIFICATES.join('\n')).digest('hex')).toBe(MOZILLA_ROOTS_SHA256);
    expect(MOZILLA_ROOT_CERTIFICATES.every((c) => c.startsWith('-----BEGIN CERTIFICATE-----'))).toBe(true);
  });

  test('whatever tls.rootCertificates this Node has, the bundle is the pinned roots plus the private CA', () => {
    jest.isolateModules(() => {
      jest.doMock('tls', () => ({ ...jest.requireActual('tls'), rootCertificates: ['-----BEGIN CERTIFICATE-----\nnot-this-node\n-----END CERTIFICATE-----'] }));
      const { LangSmithRelease: Release } = require('../lib/k8s/langsmith-release');
      const app = Testing.app();
      const stack = new TerraformStack(app, 't');
      const lic = new TerraformVariable(stack, 'lic', { type: 'string', sensitive: true }).stringValue;
      new Release(stack, 'L', { licenseKey: lic, size: 'dev', customCaCertificates: ['${var.ca}'] });
      const bundle = secretsByName(synthJson(stack))['langsmith-custom-ca'].data['ca-bundle.crt'];
      expect(bundle).toBe([...MOZILLA_ROOT_CERTIFICATES, '${var.ca}'].join('\n'));
      jest.dontMock('tls');
    });
  });
});

describe('issue 15 item 6: every Helm release waits for the cloud add-ons', () => {
  test('KEDA, LangSmith and the agent server depend on every add-on release (AWS: the load balancer controller webhook)', () => {
    // The AWS full-platform and standalone demos (stacks/deployments.yaml), from the shared synth.
    for (const id of ['aws-platform', 'aws-agent']) {
      const releases = resourcesOf(demoStackJson(`${id}-app`), 'helm_release');
      const addOns = Object.keys(releases).filter((k) => !['keda', 'langsmith', 'langgraph-cloud'].includes(releases[k].chart));
      const ours = Object.keys(releases).filter((k) => ['keda', 'langsmith', 'langgraph-cloud'].includes(releases[k].chart));
      expect(ours.length).toBeGreaterThan(0);
      for (const r of ours) for (const a of addOns) expect({ r, deps: releases[r].depends_on }).toEqual({ r, deps: expect.arrayContaining([`helm_release.${a}`]) });
      if (id === 'aws-platform') expect(addOns.length).toBeGreaterThan(0);
    }
  });
});

describe('own review: the standalone agent behind a cloud load balancer is health-checked where it answers', () => {
  test('readiness is the API\'s /ok over HTTP (one handler: the chart\'s exec removed), and the ALB checks /ok', () => {
    const { stacks } = buildDeployments([{ name: 'awsa', mode: 'standalone', cloud: 'aws', region: 'us-east-1', hostname: 'agent.example.com', agentServer: { image: 'registry.example/b:1', auth: { type: 'image' } }, aws: { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef' } }]);
    const json = synthJson(stacks.awsa.app);
    const v = JSON.parse((Object.values(resourcesOf(json, 'helm_release')).find((r: any) => r.chart === 'langgraph-cloud') as any).values[0]);
    // Helm merges values: null deletes the chart's `exec` (values.yaml apiServer.deployment.readinessProbe).
    expect(v.apiServer.deployment.readinessProbe).toEqual({ exec: null, httpGet: { path: '/ok', port: 8000 } });
    expect(v.ingress.annotations['alb.ingress.kubernetes.io/healthcheck-path']).toBe('/ok');
    expect(unknownLangGraphCloudKeys(v)).toEqual([]);
  });

  test('watched namespaces that always exist are refused (creating them would fail)', () => {
    expect(() => releaseStack({ hostname: 'ls.example.com', deployments: { watchNamespaces: ['kube-system'] } })).toThrow(/watchNamespaces.*kube-system/);
  });
});

describe('own review: the agent server\'s in-cluster stores (dev on an existing cluster) are sized', () => {
  test('Postgres and Redis get the preset\'s requests and the storage class, not the chart\'s 2 CPU / 8Gi', () => {
    const json = synthJson(buildDeployments([{ name: 'agent', mode: 'standalone', cloud: 'kubernetes', kubernetes: { storageClassName: 'standard' }, agentServer: { image: 'registry.example/b:1' } }]).stacks.agent.app);
    const v = JSON.parse((Object.values(resourcesOf(json, 'helm_release'))[0] as any).values[0]);
    expect(v.postgres.statefulSet.resources.requests).toEqual({ cpu: '200m', memory: '500Mi' });
    expect(v.postgres.statefulSet.persistence).toEqual({ size: '8Gi', storageClassName: 'standard' });
    expect(v.redis.deployment.resources.requests).toEqual({ cpu: '200m', memory: '500Mi' });
    expect(unknownLangGraphCloudKeys(v)).toEqual([]);
  });
});
