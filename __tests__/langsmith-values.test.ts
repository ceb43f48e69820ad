import { SIZE_PRESETS } from '../lib/core/sizing';
import { buildLangSmithValues, LangSmithValuesOptions } from '../lib/k8s/langsmith-values';
import { unknownLangSmithKeys } from './chart-keys';

const minimal: LangSmithValuesOptions = {
  appSecretName: 'langsmith-config',
  auth: { type: 'basic', adminEmail: 'admin@example.com' },
  exposure: { type: 'cluster-ip' },
  size: SIZE_PRESETS.dev,
};

/** Every option at once, to check every key the builder can emit. */
const everything: LangSmithValuesOptions = {
  ...minimal,
  hostname: 'ls.example.com',
  exposure: { type: 'ingress', className: 'alb', annotations: { a: 'b' }, tlsSecretName: 'tls' },
  images: { registry: 'mirror.example', tag: '0.16.45', pullSecrets: ['regcred'] },
  telemetry: { metrics: false },
  postgresSecretName: 'pg', redisSecretName: 'redis',
  clickhouse: { secretName: 'ch', hybrid: true },
  blobStorage: { engine: 'S3', bucketName: 'b', apiUrl: 'https://s3.us-east-1.amazonaws.com', kmsKeyArn: 'arn:kms', serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:role' }, serviceAccountLabels: { l: 'v' }, podLabels: { p: 'q' } },
  size: SIZE_PRESETS.large,
  storageClassName: 'gp3',
  deployments: { watchNamespaces: ['agents', 'more'], tlsEnabled: true },
  customCa: { secretName: 'ca', secretKey: 'ca-bundle.crt' },
};

describe('LangSmith values builder', () => {
  test.each([
    ['minimal', minimal],
    ['everything', everything],
    ['oauth + gateway', { ...minimal, hostname: 'h.example.com', auth: { type: 'oauth', withClientSecret: true }, exposure: { type: 'gateway', gatewayName: 'g', gatewayNamespace: 'gw', sectionName: 'https' } } as LangSmithValuesOptions],
    ['load balancer + Azure blob', { ...minimal, exposure: { type: 'load-balancer', sourceRanges: ['10.0.0.0/8'], annotations: { x: 'y' } }, blobStorage: { engine: 'Azure', bucketName: 'c', azureStorageAccountName: 'acct', podLabels: { 'azure.workload.identity/use': 'true' } } } as LangSmithValuesOptions],
    ['offline, in-cluster stores with storage class', { ...minimal, offline: true, storageClassName: 'standard-rwo' }],
  ])('every key emitted (%s) exists in langsmith 0.16.11 values.yaml', (_name, opts) => {
    expect(unknownLangSmithKeys(buildLangSmithValues(opts))).toEqual([]);
  });

  test('the key checker itself catches a key the chart does not have', () => {
    expect(unknownLangSmithKeys({ config: { langgraphPlatform: { enabled: true } }, backend: { serviceAccount: { annotations: { anything: 'ok' } } } })).toEqual(['config.langgraphPlatform', 'config.langgraphPlatform.enabled']);
  });

  test('secrets come from one existing secret, never from values', () => {
    const v = buildLangSmithValues(everything);
    expect(v.config.existingSecretName).toBe('langsmith-config');
    const text = JSON.stringify(v);
    for (const key of ['langsmithLicenseKey', 'apiKeySalt', 'jwtSecret', 'initialOrgAdminPassword', 'oauthClientSecret', 'accessKey', 'password', 'encryptionKey']) expect(text).not.toContain(`"${key}"`);
  });

  test('basic auth: mixed auth type with the admin email', () => {
    const v = buildLangSmithValues(minimal);
    expect(v.config).toMatchObject({ authType: 'mixed', basicAuth: { enabled: true }, initialOrgAdminEmail: 'admin@example.com' });
    expect(v.config.oauth).toBeUndefined();
  });

  test('oauth: PKCE without a client secret, mixed with one', () => {
    expect(buildLangSmithValues({ ...minimal, auth: { type: 'oauth' } }).config).toMatchObject({ authType: 'oauth', oauth: { enabled: true } });
    const v = buildLangSmithValues({ ...minimal, auth: { type: 'oauth', withClientSecret: true } });
    expect(v.config.authType).toBe('mixed');
    expect(v.config.basicAuth).toBeUndefined();
  });

  test('telemetry: on by default, each switchable, all off when offline', () => {
    expect(buildLangSmithValues(minimal).config.telemetry).toEqual({ metrics: true, traces: true, logs: true });
    expect(buildLangSmithValues({ ...minimal, telemetry: { traces: false } }).config.telemetry).toEqual({ metrics: true, traces: false, logs: true });
    expect(buildLangSmithValues({ ...minimal, offline: true, telemetry: { metrics: true } }).config.telemetry).toEqual({ metrics: false, traces: false, logs: false });
  });

  test('exposure: ClusterIP, load balancer with source ranges, ingress with TLS, gateway', () => {
    expect(buildLangSmithValues(minimal).frontend.service.type).toBe('ClusterIP');
    expect(buildLangSmithValues(minimal).ingress).toBeUndefined();
    const lb = buildLangSmithValues({ ...minimal, exposure: { type: 'load-balancer', sourceRanges: ['203.0.113.0/24'] } });
    expect(lb.frontend.service).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'] });
    const ing = buildLangSmithValues(everything);
    expect(ing.ingress).toEqual({ enabled: true, ingressClassName: 'alb', annotations: { a: 'b' }, tls: [{ secretName: 'tls', hosts: ['ls.example.com'] }] });
    expect(ing.frontend.service.type).toBe('ClusterIP');
    const gw = buildLangSmithValues({ ...minimal, hostname: 'h.example.com', exposure: { type: 'gateway', gatewayName: 'g', gatewayNamespace: 'n' } });
    expect(gw.gateway).toEqual({ enabled: true, name: 'g', namespace: 'n' });
  });

  test('images: registry, tag on every app image, pull secrets as name objects', () => {
    const v = buildLangSmithValues(everything);
    expect(v.images.registry).toBe('mirror.example');
    expect(v.images.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    for (const img of ['backendImage', 'frontendImage', 'aceBackendImage']) expect(v.images[img].tag).toBe('0.16.45');
    expect(v.images.postgresImage).toBeUndefined();
  });

  test('external stores through existing secrets; in-cluster stores sized by the preset', () => {
    const ext = buildLangSmithValues(everything);
    expect(ext.postgres).toEqual({ external: { enabled: true, existingSecretName: 'pg' } });
    expect(ext.redis).toEqual({ external: { enabled: true, existingSecretName: 'redis' } });
    expect(ext.clickhouse).toEqual({ enabled: true, external: { enabled: true, existingSecretName: 'ch', hybrid: true } });
    const dev = buildLangSmithValues({ ...minimal, storageClassName: 'gp3' });
    expect(dev.postgres.external).toBeUndefined();
    expect(dev.clickhouse.statefulSet.resources).toEqual({ requests: { cpu: '1000m', memory: '2Gi' }, limits: { cpu: '2000m', memory: '4Gi' } });
    expect(dev.clickhouse.statefulSet.persistence).toEqual({ size: '50Gi', storageClassName: 'gp3' });
    expect(dev.clickhouse.enabled).toBe(true);
  });

  test('blob storage with workload identity: no keys, annotations on every blob component with explicit names', () => {
    const v = buildLangSmithValues(everything);
    expect(v.config.blobStorage).toEqual({ enabled: true, engine: 'S3', bucketName: 'b', apiURL: 'https://s3.us-east-1.amazonaws.com', kmsEncryptionEnabled: true, kmsKeyArn: 'arn:kms' });
    for (const [comp, name] of [['backend', 'langsmith-backend'], ['platformBackend', 'langsmith-platform-backend'], ['queue', 'langsmith-queue'], ['ingestQueue', 'langsmith-ingest-queue']]) {
      expect(v[comp].serviceAccount).toEqual({ name, annotations: { 'eks.amazonaws.com/role-arn': 'arn:role' }, labels: { l: 'v' } });
      expect(v[comp].deployment.labels).toEqual({ p: 'q' });
    }
    const az = buildLangSmithValues({ ...minimal, blobStorage: { engine: 'Azure', bucketName: 'c', azureStorageAccountName: 'acct' } });
    expect(az.config.blobStorage).toEqual({ enabled: true, engine: 'Azure', azureStorageAccountName: 'acct', azureStorageContainerName: 'c' });
  });

  test('sizes: replicas and resources per component from the preset', () => {
    const v = buildLangSmithValues({ ...minimal, size: SIZE_PRESETS.medium });
    expect(v.backend.deployment.replicas).toBe(16);
    expect(v.ingestQueue.deployment.replicas).toBe(6);
    expect(v.frontend.deployment.resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
    expect(v.playground.deployment.resources.limits.memory).toBe('8Gi');
  });

  test('LangSmith Deployments: config.deployment, operator with KEDA and watch namespaces, control plane sized', () => {
    const v = buildLangSmithValues(everything);
    expect(v.config.deployment).toEqual({ enabled: true, tlsEnabled: true, ingressHealthCheckEnabled: false });
    expect(v.operator).toMatchObject({ enabled: true, kedaEnabled: true, watchNamespaces: 'agents,more' });
    expect(v.hostBackend.deployment.replicas).toBe(3);
    expect(v.listener.deployment.resources.requests.cpu).toBe('1000m');
    expect(buildLangSmithValues(minimal).config.deployment).toBeUndefined();
  });
});
