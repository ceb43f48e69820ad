/**
 * Review of the merged branches (issues 14-21 together): what only shows when the parts meet,
 * read from the synthesized JSON the way Terraform and the chart templates read it.
 */
import { buildDeployments, langsmithValues, onlyResource, resourcesOf, synthJson } from './helpers';

const aws = { mode: 'observability', cloud: 'aws', region: 'us-west-2', size: 'small', hostname: 'ls.acme.example' };
const managed = { type: 'langsmith-managed', connectivity: 'private-link', endpointService: 'com.amazonaws.vpce.us-west-2.vpce-svc-0a1b2c3d4e5f60718', host: 'abc.us-west-2.aws.clickhouse.cloud' };

function app(entry: Record<string, unknown>) {
  const { stacks } = buildDeployments([entry]);
  return synthJson(stacks[entry.name as string].app);
}

describe('merged: in-cluster volumes and their storage class', () => {
  test.each([
    ['LangSmith-managed ClickHouse', { ...aws, name: 'managed', clickhouse: managed }],
    ['external ClickHouse', { ...aws, name: 'ext', clickhouse: { type: 'external', host: 'ch.internal.example' } }],
  ])('AWS with %s: the Polly/Insights StatefulSets (persistence on, polly.enabled by default) get the encrypted gp3 class, not the unencrypted cluster default', (_, entry) => {
    const json = app(entry);
    const sc = onlyResource(json, 'kubernetes_storage_class_v1');
    expect(sc.parameters).toMatchObject({ type: 'gp3', encrypted: 'true' });
    const v = langsmithValues(json);
    // agent-features/*/postgres/statefulset.yaml and redis/statefulset.yaml render storageClassName only when set.
    for (const product of ['polly', 'engineInsightsAgent']) {
      for (const store of ['postgres', 'redis']) expect(v[product][store].statefulSet.persistence.storageClassName).toBe(sc.metadata.name);
    }
  });

  test('the standalone agent server (managed stores) gets no class', () => {
    const json = app({ name: 'agent', mode: 'standalone', cloud: 'aws', region: 'us-west-2', size: 'small', agentServer: { image: 'registry.example.com/a/agent:1.0.0' } });
    expect(resourcesOf(json, 'kubernetes_storage_class_v1')).toEqual({});
  });

  test.each([
    ['observability', { ...aws, name: 'obs', size: 'dev', clickhouse: { type: 'in-cluster' } }],
    ['full platform', { ...aws, name: 'plat', mode: 'full-platform' }],
  ])('%s: every release waits for the storage classes (created first, destroyed last)', (_, entry) => {
    const json = app(entry);
    const [scId] = Object.keys(resourcesOf(json, 'kubernetes_storage_class_v1'));
    expect(scId).toBeDefined();
    const releases = Object.values(resourcesOf(json, 'helm_release')) as any[];
    const users = releases.filter((r) => r.chart === 'langsmith' || r.chart === 'keda');
    expect(users.length).toBeGreaterThan(0);
    for (const r of users) expect(r.depends_on).toContain(`kubernetes_storage_class_v1.${scId}`);
  });
});

describe('merged: idle connections behind the load balancer', () => {
  test("AWS: the frontend's nginx keeps idle connections longer than the ALB's 3600 s idle timeout (else 502s on reused connections)", () => {
    const v = langsmithValues(app({ ...aws, name: 'idle', size: 'dev', clickhouse: { type: 'in-cluster' } }));
    expect(v.ingress.annotations['alb.ingress.kubernetes.io/load-balancer-attributes']).toMatch(/idle_timeout\.timeout_seconds=3600\b/);
    // frontend/config-map.yaml: keepalive_timeout {{ .Values.frontend.keepAliveTimeout }}
    expect(Number(v.frontend.keepAliveTimeout)).toBeGreaterThan(3600);
  });

  test('AWS without an Ingress (no load balancer controller): the chart default stays', () => {
    const v = langsmithValues(app({ ...aws, name: 'noing', size: 'dev', hostname: undefined, clickhouse: { type: 'in-cluster' } }));
    expect(v.frontend?.keepAliveTimeout).toBeUndefined();
  });
});
