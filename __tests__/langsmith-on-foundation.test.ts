import { Testing, TerraformStack } from 'cdktf';
import { Foundation } from '../lib/core/contracts';
import { ClusterAddOns } from '../lib/k8s/cluster-add-ons';
import { ClusterProviders } from '../lib/k8s/cluster-providers';
import { LangSmithOnFoundation } from '../lib/k8s/langsmith-on-foundation';
import { LangSmithOnFoundationStack } from '../lib/k8s/langsmith-on-foundation-stack';
import { langsmithValues, resourcesOf, synthJson } from './helpers';

const LB = { name: 'lb-controller', namespace: 'kube-system', repository: 'https://charts.example.com', chart: 'lb-controller', version: '1.2.3' };

/** A cloud foundation as data, with everything the Kubernetes layer takes from it. */
function foundation(): Foundation {
  return {
    cluster: { clusterName: 'c1', host: 'https://10.0.0.1', clusterCaCertificate: 'Q0E=', exec: { command: 'aws', args: ['eks', 'get-token'] } },
    postgres: { host: 'pg.internal', database: 'langsmith', username: 'langsmith', password: '${var.pg}' },
    redis: { host: 'redis.internal', password: '${var.redis}' } as any,
    ingressClassName: 'cloud-lb',
    ingressAnnotations: { 'cloud/scheme': 'internal' },
    ingressBackend: { serviceAnnotations: { 'cloud/neg': 'true' }, keepAliveTimeoutSeconds: 620, manifests: [{ apiVersion: 'cloud/v1', kind: 'BackendConfig', metadata: { name: 'langsmith-frontend' }, spec: {} }] },
    storageClasses: [{ name: 'fast', provisioner: 'csi.example.com' }],
    storageClassName: 'fast',
    edgeTls: true,
    addOns: [LB],
  };
}

function langsmithRelease(json: any): [string, any] {
  return Object.entries(resourcesOf(json, 'helm_release')).find(([, r]: any) => r.chart === 'langsmith') as [string, any];
}

describe('LangSmithOnFoundation (issue 20.7)', () => {
  test('providers, add-ons and storage classes from the foundation, then LangSmith with its stores, Ingress and edge TLS', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const ls = new LangSmithOnFoundation(stack, 'LangSmith', { foundation: foundation(), licenseKey: '${var.license}', size: 'small', hostname: 'ls.example.com' });
    const json = synthJson(stack);
    expect(json.provider.kubernetes[0]).toMatchObject({ host: 'https://10.0.0.1', exec: [{ command: 'aws' }] });
    expect(json.provider.helm[0].kubernetes).toMatchObject({ host: 'https://10.0.0.1' });
    expect(json.provider.random).toBeDefined();
    const [lbId] = Object.entries(resourcesOf(json, 'helm_release')).find(([, r]: any) => r.chart === 'lb-controller')!;
    const [classId, sc] = Object.entries(resourcesOf(json, 'kubernetes_storage_class_v1'))[0] as [string, any];
    expect(sc.storage_provisioner).toBe('csi.example.com');
    const [, release] = langsmithRelease(json);
    // Helm waits for the controller's webhook and the class the stores name.
    expect(release.depends_on).toEqual(expect.arrayContaining([`helm_release.${lbId}`, `kubernetes_storage_class_v1.${classId}`]));
    const values = langsmithValues(json);
    expect(values.ingress).toMatchObject({ enabled: true, ingressClassName: 'cloud-lb', annotations: { 'cloud/scheme': 'internal' } });
    expect(values.frontend.service.annotations).toMatchObject({ 'cloud/neg': 'true' });
    expect(values.frontend.keepAliveTimeout).toBe('620');
    // The in-cluster stores use the foundation's class.
    expect(release.values[0]).toContain('"fast"');
    // The foundation's edge TLS: the URL is https.
    expect(ls.url).toBe('https://ls.example.com');
    // The foundation's Postgres and Redis reach the chart through Secrets.
    const secrets = Object.values(resourcesOf(json, 'kubernetes_secret_v1')) as any[];
    expect(secrets.find((s) => s.metadata.name === 'langsmith-postgres').data.connection_url).toContain('pg.internal');
    expect(secrets.find((s) => s.metadata.name === 'langsmith-redis').data.connection_url).toContain('redis.internal');
    // The BackendConfig goes into the release namespace before the chart's Service refers to it.
    const manifests = Object.values(resourcesOf(json, 'kubernetes_manifest')) as any[];
    expect(manifests.map((m) => m.manifest.kind)).toEqual(['BackendConfig']);
  });

  test('your own ingress class drops the cloud backend settings; your annotations go on top', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const ls = new LangSmithOnFoundation(stack, 'LangSmith', {
      foundation: foundation(), licenseKey: '${var.license}', size: 'small', hostname: 'ls.example.com',
      exposure: { type: 'ingress', className: 'nginx', annotations: { 'cloud/scheme': 'public', x: 'y' }, tlsSecretName: 'tls' },
    });
    const json = synthJson(stack);
    const values = langsmithValues(json);
    expect(values.ingress).toMatchObject({ ingressClassName: 'nginx', annotations: { 'cloud/scheme': 'public', x: 'y' } });
    expect(values.frontend?.service?.annotations?.['cloud/neg']).toBeUndefined();
    expect(resourcesOf(json, 'kubernetes_manifest')).toEqual({});
    expect(ls.url).toBe('https://ls.example.com');
  });

  test('two ClusterAddOns in one stack do not collide: each creates its releases under itself', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new ClusterAddOns(stack, 'A', { addOns: [LB] });
    new ClusterAddOns(stack, 'B', { addOns: [LB] });
    expect(Object.keys(resourcesOf(synthJson(stack), 'helm_release'))).toHaveLength(2);
  });

  test('a second ClusterProviders in a stack is a configuration error naming the first (Terraform has one default provider per type)', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new ClusterProviders(stack, 'P1', { access: foundation().cluster });
    expect(() => new ClusterProviders(stack, 'P2', { access: foundation().cluster })).toThrow(/s\/P2.*access.*one ClusterProviders per stack \(s\/P1/);
  });
});

describe('LangSmithOnFoundationStack (the bring-your-own examples\' app stack)', () => {
  test('the license key from the sensitive variable langsmith_license_key, outputs url and initial_admin_password (sensitive)', () => {
    const stack = new LangSmithOnFoundationStack(Testing.app(), 'app', { foundation: foundation(), size: 'small', hostname: 'ls.example.com' });
    const json = synthJson(stack);
    expect(json.variable.langsmith_license_key).toEqual({ type: 'string', sensitive: true });
    const secret = Object.values(resourcesOf(json, 'kubernetes_secret_v1')).find((s: any) => s.data.langsmith_license_key) as any;
    expect(secret.data.langsmith_license_key).toBe('${var.langsmith_license_key}');
    // edgeTls: the foundation serves TLS at the edge, so the URL is https.
    expect(json.output.url.value).toBe('https://ls.example.com');
    expect(json.output.initial_admin_password).toMatchObject({ sensitive: true });
    expect(stack.langsmith).toBeInstanceOf(LangSmithOnFoundation);
  });

  test('a license key given by reference: no variable of its own', () => {
    const stack = new LangSmithOnFoundationStack(Testing.app(), 'app', { foundation: foundation(), size: 'small', licenseKey: '${var.mine}' });
    const json = synthJson(stack);
    expect(json.variable?.langsmith_license_key).toBeUndefined();
    const secret = Object.values(resourcesOf(json, 'kubernetes_secret_v1')).find((s: any) => s.data.langsmith_license_key) as any;
    expect(secret.data.langsmith_license_key).toBe('${var.mine}');
  });
});
