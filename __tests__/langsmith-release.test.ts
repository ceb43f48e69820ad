import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { LangSmithRelease, LangSmithReleaseProps } from '../lib/k8s/langsmith-release';
import { onlyResource, resourcesOf, synthJson } from './helpers';

function stackWith(props: Partial<LangSmithReleaseProps> = {}): { stack: TerraformStack; release: LangSmithRelease } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new KubernetesProvider(stack, 'k8s', { configPath: '~/.kube/config' });
  new HelmProvider(stack, 'helm', { kubernetes: { configPath: '~/.kube/config' } });
  new RandomProvider(stack, 'random');
  const license = new TerraformVariable(stack, 'license', { type: 'string', sensitive: true }).stringValue;
  const pw = new TerraformVariable(stack, 'pw', { type: 'string', sensitive: true }).stringValue;
  const release = new LangSmithRelease(stack, 'LangSmith', { licenseKey: license, size: 'dev', ...props, ...(props.postgres ? { postgres: { ...props.postgres, password: pw } } : {}) });
  return { stack, release };
}

describe('LangSmithRelease', () => {
  test('installs the pinned chart into its own namespace after the secrets', () => {
    const json = synthJson(stackWith().stack);
    expect(onlyResource(json, 'kubernetes_namespace_v1').metadata.name).toBe('langsmith');
    const release = onlyResource(json, 'helm_release');
    expect(release).toMatchObject({ chart: 'langsmith', version: '0.16.11', namespace: 'langsmith', wait: true, timeout: 1200 });
    expect(release.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_secret_v1\.LangSmith_AppSecret/), expect.stringMatching(/^kubernetes_namespace_v1\./)]));
  });

  test('the app secret holds every key the chart requires, all as references', () => {
    const json = synthJson(stackWith().stack);
    const secret = Object.values(resourcesOf(json, 'kubernetes_secret_v1')).find((s: any) => s.metadata.name === 'langsmith-config') as any;
    expect(Object.keys(secret.data).sort()).toEqual(['api_key_salt', 'initial_org_admin_password', 'insights_encryption_key', 'jwt_secret', 'langsmith_license_key', 'polly_encryption_key']);
    for (const value of Object.values(secret.data)) expect(value).toMatch(/^\$\{.+\}$/);
    expect(secret.data.langsmith_license_key).toBe('${var.license}');
    expect(secret.data.insights_encryption_key).toContain('random_bytes.');
    expect(Object.keys(resourcesOf(json, 'random_bytes'))).toHaveLength(2);
    expect(Object.values(resourcesOf(json, 'random_bytes')).every((b: any) => b.length === 32)).toBe(true);
  });

  test('OAuth puts client id, issuer and (if any) client secret in the secret, not the values', () => {
    const { stack } = stackWith({ hostname: 'ls.example.com', auth: { type: 'oauth', clientId: 'cid', issuerUrl: 'https://idp.example.com', clientSecret: '${var.license}' } });
    const json = synthJson(stack);
    const secret = Object.values(resourcesOf(json, 'kubernetes_secret_v1')).find((s: any) => s.metadata.name === 'langsmith-config') as any;
    expect(secret.data).toMatchObject({ oauth_client_id: 'cid', oauth_issuer_url: 'https://idp.example.com', oauth_client_secret: '${var.license}' });
    expect(secret.data.initial_org_admin_password).toBeUndefined();
    expect(resourcesOf(json, 'random_password')).not.toHaveProperty('LangSmith_InitialAdminPassword');
  });

  test('external Postgres reaches the chart as a connection URL secret with the password url-encoded', () => {
    const { stack } = stackWith({ postgres: { host: 'db.internal', username: 'ls', database: 'langsmith', password: 'x' } });
    const json = synthJson(stack);
    const pg = Object.values(resourcesOf(json, 'kubernetes_secret_v1')).find((s: any) => s.metadata.name === 'langsmith-postgres') as any;
    expect(pg.data.connection_url).toBe('ls:${urlencode(var.pw)}@db.internal:5432/langsmith?sslmode=require');
  });

  test('refuses a literal license key or password (it would land in cdktf.out)', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    expect(() => new LangSmithRelease(stack, 'L', { licenseKey: 'lic-123', size: 'dev' })).toThrow("s/L: field 'licenseKey' has value \"<literal>\"; allowed: a Terraform reference");
    const lic = new TerraformVariable(stack, 'l', { type: 'string', sensitive: true }).stringValue;
    expect(() => new LangSmithRelease(stack, 'M', { licenseKey: lic, size: 'dev', redis: { host: 'r', password: 'hunter2' } })).toThrow("s/M: field 'redis.password' has value \"<literal>\"");
  });

  test('validates its props with the construct path', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    const v = new TerraformVariable(stack, 'x', { type: 'string' }).stringValue;
    expect(() => new LangSmithRelease(stack, 'A', { licenseKey: v, size: 'huge' as any })).toThrow("s/A: field 'size' has value \"huge\"; allowed: dev | small | medium | large");
    expect(() => new LangSmithRelease(stack, 'B', { licenseKey: v, size: 'dev', namespace: 'Bad_NS' })).toThrow("s/B: field 'namespace' has value \"Bad_NS\"");
    expect(() => new LangSmithRelease(stack, 'C', { licenseKey: v, size: 'dev', exposure: { type: 'ingress' } })).toThrow("s/C: field 'hostname' is missing; exposure 'ingress' needs a hostname");
    expect(() => new LangSmithRelease(stack, 'D', { licenseKey: v, size: 'dev', exposure: { type: 'load-balancer', sourceRanges: [] } })).toThrow("s/D: field 'exposure.sourceRanges' has value []");
    expect(() => new LangSmithRelease(stack, 'E', { licenseKey: v, size: 'dev', clickhouse: { host: 'h', password: v, hybrid: true } })).toThrow("s/E: field 'blobStorage' is missing; LangSmith-managed ClickHouse (hybrid) requires blob storage");
    expect(() => new LangSmithRelease(stack, 'F', { licenseKey: v, size: 'dev', chartVersion: 'latest' })).toThrow("s/F: field 'chartVersion' has value \"latest\"");
    expect(() => new LangSmithRelease(stack, 'G', { licenseKey: v, size: 'dev', hostname: 'h.example.com', deployments: {}, exposure: { type: 'cluster-ip' } })).toThrow("s/G: field 'exposure.type' has value \"cluster-ip\"; LangSmith Deployments need an ingress or a gateway");
  });

  test('a Redis CA (Memorystore) reaches the chart as a custom CA bundle that keeps the public roots', () => {
    const { stack } = stackWith({ redis: { host: 'r', password: '${var.pw}', caCertificate: '${var.ca}' } });
    const json = synthJson(stack);
    const secret = Object.values(resourcesOf(json, 'kubernetes_secret_v1')).find((s: any) => s.metadata.name === 'langsmith-custom-ca') as any;
    const bundle: string = secret.data['ca-bundle.crt'];
    expect(bundle.endsWith('${var.ca}')).toBe(true);
    expect((bundle.match(/BEGIN CERTIFICATE/g) ?? []).length).toBeGreaterThan(50);
    const values = JSON.parse(onlyResource(json, 'helm_release').values[0]);
    expect(values.config.customCa).toEqual({ secretName: 'langsmith-custom-ca', secretKey: 'ca-bundle.crt' });
  });

  test('chart version and repository are overridable', () => {
    const json = synthJson(stackWith({ chartVersion: '0.16.12', chartRepository: 'https://mirror.example/helm' }).stack);
    expect(onlyResource(json, 'helm_release')).toMatchObject({ version: '0.16.12', repository: 'https://mirror.example/helm' });
  });

  test('an existing namespace can be used', () => {
    const json = synthJson(stackWith({ createNamespace: false, namespace: 'platform' }).stack);
    expect(resourcesOf(json, 'kubernetes_namespace_v1')).toEqual({});
    expect(onlyResource(json, 'helm_release').namespace).toBe('platform');
  });
});
