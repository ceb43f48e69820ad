import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AgentServerRelease } from '../lib/k8s/agent-server-release';
import { buildAgentServerValues, splitImage } from '../lib/k8s/agent-server-values';
import { SIZE_PRESETS } from '../lib/core/sizing';
import { unknownLangGraphCloudKeys, unknownLangSmithKeys } from './chart-keys';
import { buildDeployments, langsmithValues, resourcesOf, synthJson } from './helpers';

const k8s = { cloud: 'kubernetes' };

describe('mode: full-platform', () => {
  const entry = { ...k8s, name: 'plat', mode: 'full-platform', hostname: 'ls.example.com', exposure: { type: 'ingress', className: 'nginx', certManagerIssuer: 'letsencrypt' }, platform: { watchNamespaces: ['agents'] } };

  test('installs KEDA (pinned) before the LangSmith release', () => {
    const json = synthJson(buildDeployments([entry]).stacks.plat.app);
    const releases = resourcesOf(json, 'helm_release');
    const [kedaId, keda] = Object.entries(releases).find(([, r]: any) => r.chart === 'keda') as [string, any];
    expect(keda).toMatchObject({ repository: 'https://kedacore.github.io/charts', version: '2.19.0', namespace: 'keda', create_namespace: true });
    const ls = Object.values(releases).find((r: any) => r.chart === 'langsmith') as any;
    expect(ls.depends_on).toContain(`helm_release.${kedaId}`);
  });

  test('enables LangSmith Deployments with the operator, KEDA, watch namespaces and TLS at the edge', () => {
    const values = langsmithValues(synthJson(buildDeployments([entry]).stacks.plat.app));
    expect(values.config.hostname).toBe('https://ls.example.com');
    expect(values.config.deployment).toEqual({ enabled: true, tlsEnabled: true, ingressHealthCheckEnabled: false });
    expect(values.operator).toMatchObject({ enabled: true, kedaEnabled: true, watchNamespaces: 'langsmith,agents' });
    expect(values.ingress).toMatchObject({ enabled: true, ingressClassName: 'nginx', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' }, tls: [{ secretName: 'langsmith-tls', hosts: ['ls.example.com'] }] });
    expect(values.listener.deployment.replicas).toBe(1);
    expect(unknownLangSmithKeys(values)).toEqual([]);
  });

  test('without TLS at the edge, deployments are told so', () => {
    const values = langsmithValues(synthJson(buildDeployments([{ ...entry, exposure: { type: 'ingress' } }]).stacks.plat.app));
    expect(values.config.deployment.tlsEnabled).toBe(false);
  });

  test('a gateway works in place of an ingress', () => {
    const values = langsmithValues(synthJson(buildDeployments([{ ...entry, exposure: { type: 'gateway', gatewayName: 'eg', gatewayNamespace: 'envoy' } }]).stacks.plat.app));
    expect(values.gateway).toEqual({ enabled: true, name: 'eg', namespace: 'envoy' });
    expect(values.ingress).toBeUndefined();
  });

  test('the KEDA version is configurable', () => {
    const json = synthJson(buildDeployments([{ ...entry, platform: { kedaVersion: '2.14.0' } }]).stacks.plat.app);
    expect(Object.values(resourcesOf(json, 'helm_release')).find((r: any) => r.chart === 'keda')).toMatchObject({ version: '2.14.0' });
  });

  test('observability mode installs no KEDA and no Deployments', () => {
    const json = synthJson(buildDeployments([{ ...entry, mode: 'observability', platform: undefined }]).stacks.plat.app);
    expect(Object.values(resourcesOf(json, 'helm_release')).map((r: any) => r.chart)).toEqual(['langsmith']);
    expect(langsmithValues(json).config.deployment).toBeUndefined();
  });
});

describe('mode: standalone', () => {
  const entry = {
    ...k8s, name: 'agent', mode: 'standalone', size: 'small', namespace: 'agents',
    agentServer: { image: 'registry.example.com/acme/agent:1.4.2', replicas: 3, autoscaling: { minReplicas: 2, maxReplicas: 6 }, langsmithEndpoint: 'https://api.smith.langchain.com' },
    postgres: { host: 'pg.internal', database: 'agents', user: 'agents' },
    redis: { host: 'redis.internal' },
  };

  function agentValues(json: any): any {
    const r = Object.values(resourcesOf(json, 'helm_release')).find((x: any) => x.chart === 'langgraph-cloud') as any;
    return JSON.parse(r.values[0]);
  }

  test('deploys the pinned langgraph-cloud chart with the image, replicas, preset resources, probes kept and a PDB', () => {
    const json = synthJson(buildDeployments([entry]).stacks.agent.app);
    const r = Object.values(resourcesOf(json, 'helm_release')).find((x: any) => x.chart === 'langgraph-cloud') as any;
    expect(r).toMatchObject({ version: '0.3.2', repository: 'https://langchain-ai.github.io/helm/', namespace: 'agents' });
    const v = agentValues(json);
    expect(v.images.apiServerImage).toEqual({ repository: 'registry.example.com/acme/agent', tag: '1.4.2', pullPolicy: 'IfNotPresent' });
    expect(v.apiServer.deployment.replicaCount).toBe(3);
    expect(v.apiServer.deployment.resources).toEqual({ requests: SIZE_PRESETS.small.agentServer.requests, limits: SIZE_PRESETS.small.agentServer.limits });
    expect(v.apiServer.pdb).toEqual({ enabled: true, minAvailable: 1 });
    expect(v.apiServer.autoscaling).toMatchObject({ enabled: true, minReplicas: 2, maxReplicas: 6 });
    expect(v.apiServer.deployment.startupProbe).toBeUndefined(); // the chart's health probes stay in force
    expect(v.apiServer.service.type).toBe('ClusterIP');
    expect(unknownLangGraphCloudKeys(v)).toEqual([]);
  });

  test('Postgres, Redis, license and tracing key reach the chart through secrets fed by sensitive variables', () => {
    const json = synthJson(buildDeployments([entry]).stacks.agent.app);
    const secrets = Object.fromEntries(Object.values(resourcesOf(json, 'kubernetes_secret_v1')).map((s: any) => [s.metadata.name, s.data]));
    expect(secrets['agent-server-config']).toEqual({ langgraph_cloud_license_key: '${var.langsmith_license_key}', api_key: '${var.langsmith_api_key}' });
    expect(secrets['agent-server-postgres'].postgres_connection_url).toBe('postgres://agents:${urlencode(var.postgres_password)}@pg.internal:5432/agents?sslmode=require');
    expect(secrets['agent-server-redis'].redis_connection_url).toBe('rediss://:${urlencode(var.redis_password)}@redis.internal:6379');
    const v = agentValues(json);
    expect(v.config.existingSecretName).toBe('agent-server-config');
    expect(v.postgres.external).toEqual({ enabled: true, existingSecretName: 'agent-server-postgres' });
    expect(v.redis.external).toEqual({ enabled: true, existingSecretName: 'agent-server-redis' });
    expect(v.apiServer.deployment.extraEnv).toEqual([{ name: 'LANGSMITH_ENDPOINT', value: 'https://api.smith.langchain.com' }, { name: 'LANGSMITH_TRACING', value: 'true' }]);
    expect(json.variable.langsmith_api_key).toMatchObject({ sensitive: true });
  });

  test('without an endpoint there is no tracing and no API key variable', () => {
    const json = synthJson(buildDeployments([{ ...entry, agentServer: { image: 'registry.example/b:1' } }]).stacks.agent.app);
    expect(json.variable.langsmith_api_key).toBeUndefined();
    expect(agentValues(json).apiServer.deployment.extraEnv).toEqual([{ name: 'LANGSMITH_TRACING', value: 'false' }]);
  });

  test('a private Redis CA (Memorystore) is mounted and named in the Redis URL', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    const lic = new TerraformVariable(stack, 'lic', { type: 'string', sensitive: true }).stringValue;
    const server = new AgentServerRelease(stack, 'A', { image: 'registry.example/b:1', licenseKey: lic, redis: { host: '10.0.0.3', port: 6378, password: lic, caCertificate: '${var.ca}' } });
    expect(server.values.apiServer.deployment.volumeMounts).toEqual([{ name: 'redis-ca', mountPath: '/etc/langgraph/redis-ca', readOnly: true }]);
    const json = synthJson(stack);
    const secrets = Object.fromEntries(Object.values(resourcesOf(json, 'kubernetes_secret_v1')).map((s: any) => [s.metadata.name, s.data]));
    expect(secrets['agent-server-redis-ca']).toEqual({ 'ca.crt': '${var.ca}' });
    expect(secrets['agent-server-redis'].redis_connection_url).toBe('rediss://:${urlencode(var.lic)}@10.0.0.3:6378?ssl_ca_certs=/etc/langgraph/redis-ca/ca.crt');
    expect(unknownLangGraphCloudKeys(server.values)).toEqual([]);
  });

  test('creates no LangSmith, ClickHouse or bucket', () => {
    const json = synthJson(buildDeployments([entry]).stacks.agent.app);
    expect(Object.values(resourcesOf(json, 'helm_release')).map((r: any) => r.chart)).toEqual(['langgraph-cloud']);
    expect(JSON.stringify(json)).not.toContain('clickhouse');
  });

  test('refuses scale-to-zero in the construct too, saying why', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    const lic = new TerraformVariable(stack, 'lic', { type: 'string', sensitive: true }).stringValue;
    expect(() => new AgentServerRelease(stack, 'A', { image: 'registry.example/b:1', licenseKey: lic, replicas: 0 })).toThrow("s/A: field 'replicas' has value 0; allowed: an integer >= 1; agent servers never scale to zero (queued and in-flight runs would be lost)");
    expect(() => new AgentServerRelease(stack, 'B', { image: 'registry.example/b:1', licenseKey: lic, autoscaling: { minReplicas: 0, maxReplicas: 3 } })).toThrow("s/B: field 'autoscaling.minReplicas' has value 0; allowed: an integer >= 1; scale-to-zero loses");
    expect(() => new AgentServerRelease(stack, 'C', { image: 'registry.example/b:1', licenseKey: lic, autoscaling: { minReplicas: 3, maxReplicas: 2 } })).toThrow("s/C: field 'autoscaling.maxReplicas' has value 2; allowed: an integer >= 3");
    expect(() => new AgentServerRelease(stack, 'D', { image: 'registry.example/b:1', licenseKey: lic, langsmithEndpoint: 'https://x.example.com' })).toThrow("s/D: field 'langsmithApiKey' is missing");
    expect(() => new AgentServerRelease(stack, 'E', { image: 'registry.example/b:1', licenseKey: 'plain-text' })).toThrow("s/E: field 'licenseKey' has value \"<literal>\"");
  });

  test('image references split into repository and tag', () => {
    expect(splitImage('registry.example:5000/a/b:1.0')).toEqual({ repository: 'registry.example:5000/a/b', tag: '1.0' });
    expect(splitImage('registry.example:5000/a/b')).toEqual({ repository: 'registry.example:5000/a/b', tag: 'latest' });
    // The chart renders `<repository>:<tag>` (langgraph-cloud templates/_helpers.tpl, langGraphCloud.image).
    expect(splitImage('a/b@sha256:abc')).toEqual({ repository: 'a/b@sha256', tag: 'abc' });
    expect(splitImage('a/b:1.0@sha256:abc')).toEqual({ repository: 'a/b:1.0@sha256', tag: 'abc' });
  });

  test('every key the agent server builder can emit exists in langgraph-cloud 0.3.2', () => {
    const v = buildAgentServerValues({
      image: 'registry.example/b:1', replicas: 2, size: SIZE_PRESETS.large.agentServer, autoscaling: { minReplicas: 2, maxReplicas: 4 },
      appSecretName: 's', postgresSecretName: 'p', redisSecretName: 'r', langsmithEndpoint: 'https://x', jobsPerWorker: 5,
      exposure: { type: 'ingress', hostname: 'h.example.com', className: 'nginx', annotations: { a: 'b' }, tlsSecretName: 't' }, registry: 'm.example', pullSecrets: ['p'],
    });
    expect(unknownLangGraphCloudKeys(v)).toEqual([]);
    expect(unknownLangGraphCloudKeys(buildAgentServerValues({ image: 'registry.example/b:1', replicas: 1, size: SIZE_PRESETS.dev.agentServer, appSecretName: 's', exposure: { type: 'load-balancer', sourceRanges: ['10.0.0.0/8'] } }))).toEqual([]);
  });
});

describe('full platform on the clouds: TLS at the edge reaches config.deployment.tlsEnabled', () => {
  test('AWS with an ACM certificate and GCP with the external managed-certificate ingress say TLS is on', () => {
    const { stacks } = buildDeployments([
      { name: 'awsp', mode: 'full-platform', cloud: 'aws', region: 'us-east-1', hostname: 'a.example.com', aws: { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef' } },
      { name: 'gcpp', mode: 'full-platform', cloud: 'gcp', region: 'us-east1', project: 'acme-prod-123', hostname: 'g.example.com', gcp: { ingress: 'external' } },
      { name: 'gcpi', mode: 'full-platform', cloud: 'gcp', region: 'us-east1', project: 'acme-prod-123', hostname: 'i.example.com' },
    ]);
    expect(langsmithValues(synthJson(stacks.awsp.app)).config.deployment.tlsEnabled).toBe(true);
    expect(langsmithValues(synthJson(stacks.gcpp.app)).config.deployment.tlsEnabled).toBe(true);
    expect(langsmithValues(synthJson(stacks.gcpi.app)).config.deployment.tlsEnabled).toBe(false);
    const charts = Object.values(resourcesOf(synthJson(stacks.awsp.app), 'helm_release')).map((r: any) => r.chart);
    expect(charts).toEqual(expect.arrayContaining(['keda', 'aws-load-balancer-controller', 'langsmith']));
  });
});
