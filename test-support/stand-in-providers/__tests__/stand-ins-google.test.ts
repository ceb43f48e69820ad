/**
 * What the stand-ins answer for the types and values the GCP full-platform rehearsal needs:
 * Terraform's dynamic type (kubernetes_manifest), google's formats of computed values, and
 * data sources that read the same on every plan.
 */
import { decode, encode } from '@msgpack/msgpack';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadProvider } = require('../schema');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { providerHandlers } = require('../server');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const V = require('../values');

/** Calls a handler of a provider's stand-in in process (the gRPC round trip is in stand-ins.test.ts). */
function handlers(provider: string) {
  const h = providerHandlers(provider, loadProvider(provider), null);
  return (method: string, req: unknown) => {
    let res: any;
    h[method]({ request: req }, (_: unknown, r: unknown) => (res = r));
    return res;
  };
}
const mp = (v: unknown) => ({ msgpack: Buffer.from(encode(v)) });
const unmp = (dv: { msgpack: Buffer }) => decode(dv.msgpack) as any;
/** A value of a block with every attribute and block absent (null / empty), then the given ones. */
function objectOf(block: any, over: Record<string, unknown>) {
  return V.emptyBlocks(block, V.conform(over, V.blockType(block)));
}

describe('dynamic (kubernetes_manifest)', () => {
  test('cdktf renders dynamic as a map of any: the stand-ins declare dynamic, as the provider does', () => {
    const m = loadProvider('kubernetes').resources.kubernetes_manifest;
    expect(m.attributes.manifest).toMatchObject({ type: 'dynamic', required: true });
    expect(m.attributes.object).toMatchObject({ type: 'dynamic', computed: true });
    // A real map of strings stays a map.
    expect(loadProvider('helm').resources.helm_release.attributes.resources.type).toEqual(['map', 'string']);
  });

  test('a dynamic value from a JSON state goes on the wire as [type, value]; the applied object is the manifest', () => {
    const call = handlers('kubernetes');
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b' } };
    const type = ['object', { apiVersion: 'string', kind: 'string', metadata: ['object', { name: 'string', namespace: 'string' }] }];
    const up = call('UpgradeResourceState', { type_name: 'kubernetes_manifest', version: 0, raw_state: { json: Buffer.from(JSON.stringify({ manifest: { value: manifest, type } })) } });
    expect(up.diagnostics).toEqual([]);
    const [typeJson, value] = unmp(up.upgraded_state).manifest;
    expect([JSON.parse(Buffer.from(typeJson).toString()), value]).toEqual([type, manifest]);

    const block = loadProvider('kubernetes').resources.kubernetes_manifest;
    const planned = objectOf(block, { manifest: [Buffer.from(JSON.stringify(type)), manifest] });
    const plan = call('PlanResourceChange', { type_name: 'kubernetes_manifest', proposed_new_state: mp(planned), prior_state: mp(null), config: mp(planned) });
    expect(plan.diagnostics).toEqual([]);
    const applied = unmp(call('ApplyResourceChange', { type_name: 'kubernetes_manifest', planned_state: plan.planned_state, prior_state: mp(null), config: mp(planned) }).new_state);
    expect(applied.object[1]).toEqual(manifest);
  });
});

describe('google', () => {
  const call = handlers('google');
  call('ConfigureProvider', { config: mp(objectOf(loadProvider('google').provider, { project: 'acme-dev', region: 'europe-west1' })) });
  const apply = (type: string, over: Record<string, unknown>) => {
    const block = loadProvider('google').resources[type];
    const proposed = objectOf(block, over);
    const plan = call('PlanResourceChange', { type_name: type, proposed_new_state: mp(proposed), prior_state: mp(null), config: mp(proposed) });
    return unmp(call('ApplyResourceChange', { type_name: type, planned_state: plan.planned_state, prior_state: mp(null), config: mp(proposed) }).new_state);
  };

  test('ids and self links from the resource arguments and the provider project and region', () => {
    const sub = apply('google_compute_subnetwork', { name: 'nodes', region: 'us-east4', ip_cidr_range: '10.0.0.0/20', network: 'n' });
    expect(sub.id).toBe('projects/acme-dev/regions/us-east4/subnetworks/nodes');
    expect(sub.self_link).toBe('https://www.googleapis.com/compute/v1/projects/acme-dev/regions/us-east4/subnetworks/nodes');
    expect(sub.project).toBe('acme-dev');
    expect(sub.creation_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(apply('google_compute_network', { name: 'net' }).self_link).toBe('https://www.googleapis.com/compute/v1/projects/acme-dev/networks/net');
  });

  test('service accounts, Cloud SQL, Memorystore: emails, members, connection names, PEM CAs, IPs', () => {
    const sa = apply('google_service_account', { account_id: 'ls-blob' });
    expect(sa).toMatchObject({ email: 'ls-blob@acme-dev.iam.gserviceaccount.com', member: 'serviceAccount:ls-blob@acme-dev.iam.gserviceaccount.com', name: 'projects/acme-dev/serviceAccounts/ls-blob@acme-dev.iam.gserviceaccount.com' });
    expect(sa.unique_id).toMatch(/^\d{21}$/);
    const sql = apply('google_sql_database_instance', { name: 'pg', database_version: 'POSTGRES_16' });
    expect(sql.connection_name).toBe('acme-dev:europe-west1:pg');
    expect(sql.server_ca_cert[0].cert).toBe(V.PEM_CERT);
    const redis = apply('google_redis_instance', { name: 'cache', memory_size_gb: 1, region: 'europe-west1' });
    expect(redis.host).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(redis.port).toBe(6379);
    expect(redis.server_ca_certs[0].cert).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(redis.current_location_id).toMatch(/^europe-west1-[abc]$/);
  });

  test('data sources: the region zones, the project number, the same on every read', () => {
    const read = (type: string, over: Record<string, unknown>) => {
      const block = loadProvider('google').dataSources[type];
      return unmp(call('ReadDataSource', { type_name: type, config: mp(objectOf(block, over)) }).state);
    };
    const zones = read('google_compute_zones', { region: 'us-central1' });
    expect(zones.names).toEqual(['us-central1-a', 'us-central1-b', 'us-central1-c']);
    const project = read('google_project', { project_id: 'acme-dev' });
    expect(project.number).toMatch(/^\d{12}$/);
    expect(read('google_project', { project_id: 'acme-dev' })).toEqual(project);
    expect(read('google_compute_zones', { region: 'us-central1' })).toEqual(zones);
  });
});
