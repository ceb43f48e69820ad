import { buildDeployments, langsmithValues, onlyResource, resourcesOf, synthJson } from './helpers';
import { unknownLangSmithKeys } from './chart-keys';

const base = { name: 'mini', mode: 'observability', cloud: 'kubernetes' };

describe('cloud: kubernetes, mode: observability', () => {
  test('a minimal entry synthesizes one app stack with the pinned LangSmith chart from langchain-ai', () => {
    const { stacks } = buildDeployments([base]);
    expect(stacks.mini.infra).toBeUndefined();
    expect(stacks.mini.app.node.id).toBe('mini-app');
    const json = synthJson(stacks.mini.app);
    const release = onlyResource(json, 'helm_release');
    expect(release).toMatchObject({ chart: 'langsmith', version: '0.16.11', repository: 'https://langchain-ai.github.io/helm/', namespace: 'langsmith' });
    expect(json.provider.kubernetes[0]).toEqual({ config_path: '~/.kube/config' });
    expect(json.provider.helm[0]).toEqual({ kubernetes: { config_path: '~/.kube/config' } });
  });

  test('dev uses the bundled stores, sized by the dev preset, reached only through a ClusterIP service', () => {
    const values = langsmithValues(synthJson(buildDeployments([base]).stacks.mini.app));
    expect(values.postgres.external).toBeUndefined();
    expect(values.redis.external).toBeUndefined();
    expect(values.clickhouse.external).toBeUndefined();
    expect(values.clickhouse.statefulSet.resources.requests).toEqual({ cpu: '1000m', memory: '2Gi' });
    expect(values.frontend.service.type).toBe('ClusterIP');
    expect(unknownLangSmithKeys(values)).toEqual([]);
  });

  test('kubeconfig context, namespace, chart version and storage class come from the entry', () => {
    const json = synthJson(buildDeployments([{ ...base, namespace: 'ls', chart: { version: '0.16.12' }, kubernetes: { kubeconfigPath: '/etc/kube/config', context: 'prod', storageClassName: 'fast' } }]).stacks.mini.app);
    expect(json.provider.kubernetes[0]).toEqual({ config_path: '/etc/kube/config', config_context: 'prod' });
    expect(onlyResource(json, 'helm_release')).toMatchObject({ version: '0.16.12', namespace: 'ls' });
    expect(langsmithValues(json).postgres.statefulSet.persistence.storageClassName).toBe('fast');
  });

  test('external Postgres, Redis and LangSmith-managed ClickHouse reach the chart through secrets fed by sensitive variables', () => {
    const json = synthJson(buildDeployments([{
      ...base, size: 'small', hostname: 'ls.example.com',
      postgres: { host: 'pg.internal', database: 'langsmith', user: 'ls' },
      redis: { host: 'redis.internal' },
      clickhouse: { type: 'langsmith-managed', connectivity: 'public', host: 'abc.us-west-2.aws.clickhouse.cloud' },
      blobStorage: { engine: 'GCS', bucket: 'acme-traces', apiUrl: 'https://storage.googleapis.com', serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'ls@p.iam.gserviceaccount.com' } },
    }]).stacks.mini.app);
    for (const v of ['langsmith_license_key', 'postgres_password', 'redis_password', 'clickhouse_password']) {
      expect(json.variable[v]).toMatchObject({ sensitive: true, type: 'string' });
    }
    const secrets = Object.fromEntries(Object.values(resourcesOf(json, 'kubernetes_secret_v1')).map((s: any) => [s.metadata.name, s.data]));
    expect(secrets['langsmith-postgres'].connection_url).toBe('ls:${urlencode(var.postgres_password)}@pg.internal:5432/langsmith?sslmode=require');
    expect(secrets['langsmith-redis'].connection_url).toBe('rediss://:${urlencode(var.redis_password)}@redis.internal:6379');
    expect(secrets['langsmith-clickhouse']).toMatchObject({ clickhouse_host: 'abc.us-west-2.aws.clickhouse.cloud', clickhouse_port: '8443', clickhouse_native_port: '9440', clickhouse_tls: 'true', clickhouse_password: '${var.clickhouse_password}' });
    const values = langsmithValues(json);
    expect(values.clickhouse.external).toEqual({ enabled: true, existingSecretName: 'langsmith-clickhouse', hybrid: true });
    expect(values.config.blobStorage).toMatchObject({ enabled: true, engine: 'GCS', bucketName: 'acme-traces' });
    expect(values.backend.serviceAccount.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'ls@p.iam.gserviceaccount.com' });
    expect(values.ingress).toMatchObject({ enabled: true });
    expect(values.backend.deployment.replicas).toBe(2);
    expect(unknownLangSmithKeys(values)).toEqual([]);
  });

  test('offline turns all telemetry off; each switch works alone', () => {
    expect(langsmithValues(synthJson(buildDeployments([{ ...base, offline: true }]).stacks.mini.app)).config.telemetry).toEqual({ metrics: false, traces: false, logs: false });
    expect(langsmithValues(synthJson(buildDeployments([{ ...base, telemetry: { logs: false } }]).stacks.mini.app)).config.telemetry).toEqual({ metrics: true, traces: true, logs: false });
  });

  test('outputs: URL, namespace, and the initial admin password marked sensitive', () => {
    const json = synthJson(buildDeployments([{ ...base, hostname: 'ls.example.com', exposure: { type: 'ingress', tlsSecretName: 'ls-tls' } }]).stacks.mini.app);
    expect(json.output.url.value).toBe('https://ls.example.com');
    const plain = synthJson(buildDeployments([{ ...base, hostname: 'ls.example.com' }]).stacks.mini.app);
    expect(plain.output.url.value).toBe('http://ls.example.com');
    expect(json.output.initial_admin_password).toMatchObject({ sensitive: true });
    expect(json.output.initial_admin_password.value).toMatch(/^\$\{random_password\./);
  });

  test('remote state backends from the entry', () => {
    const s3 = synthJson(buildDeployments([{ ...base, backend: { type: 's3', bucket: 'acme-tfstate', region: 'us-west-2' } }]).stacks.mini.app);
    expect(s3.terraform.backend.s3).toMatchObject({ bucket: 'acme-tfstate', key: 'langsmith/mini-app.tfstate', encrypt: true, use_lockfile: true });
    const gcs = synthJson(buildDeployments([{ ...base, backend: { type: 'gcs', bucket: 'acme-tfstate' } }]).stacks.mini.app);
    expect(gcs.terraform.backend.gcs).toEqual({ bucket: 'acme-tfstate', prefix: 'langsmith/mini-app' });
    const az = synthJson(buildDeployments([{ ...base, backend: { type: 'azurerm', resourceGroupName: 'rg', storageAccountName: 'acmestate', containerName: 'tfstate' } }]).stacks.mini.app);
    expect(az.terraform.backend.azurerm).toMatchObject({ storage_account_name: 'acmestate', key: 'langsmith/mini-app.tfstate', use_azuread_auth: true });
  });
});
