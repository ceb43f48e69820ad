import type {} from 'cdktf/lib/testing/adapters/jest'; // the cdktf jest matcher types
import { DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from 'cdktf';
import { ComputeForwardingRule } from '@cdktf/provider-google/lib/compute-forwarding-rule';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { RedisInstance } from '@cdktf/provider-google/lib/redis-instance';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { ConfigurationError } from '../lib/core/errors';
import { blobServiceAccountNames } from '../lib/core/naming';
import { planAddresses } from '../lib/gcp/address-plan';
import { ClickHousePrivateServiceConnect } from '../lib/gcp/clickhouse-private-service-connect';
import { CloudNat } from '../lib/gcp/cloud-nat';
import { CloudSqlPostgres } from '../lib/gcp/cloud-sql-postgres';
import { GcpLangSmithFoundation } from '../lib/gcp/foundation';
import { GcsBlobStorage } from '../lib/gcp/gcs-blob-storage';
import { GkeCluster } from '../lib/gcp/gke-cluster';
import { GkeIngressEndpoint } from '../lib/gcp/gke-ingress';
import { MemorystoreRedis } from '../lib/gcp/memorystore-redis';
import { GcpNetwork, PrivateServicesAccess } from '../lib/gcp/network';
import { cloudSqlTier, memorystoreShape, nodeMachineType } from '../lib/gcp/sizing';
import { onlyResource, resourcesOf, synthJson } from './helpers';

const PROJECT = 'acme-prod-123';
const REGION = 'us-east1';
/** An existing Shared VPC network and subnetwork, as a user brings them. */
const EXISTING = GcpNetwork.fromNetworkAttributes(new TerraformStack(Testing.app(), 'user'), 'SharedVpc', { project: 'acme-host', region: REGION, network: 'shared-vpc', subnetwork: 'gke', podsRangeName: 'gke-pods', servicesRangeName: 'gke-svc' });
const NETWORK_ID = 'projects/acme-host/global/networks/shared-vpc';
const SUBNET_ID = 'projects/acme-host/regions/us-east1/subnetworks/gke';
const ATTACHMENT = 'projects/ch/regions/us-east1/serviceAttachments/production-us-east1-clickhouse-cloud';

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'test');
  new GoogleProvider(s, 'google', { project: PROJECT, region: REGION });
  new RandomProvider(s, 'random', {});
  return s;
}

/** A value with its tokens resolved as they would be in the stack's JSON. */
function resolveIn(s: TerraformStack, value: unknown): any {
  return Tokenization.resolve(value, { scope: s, resolver: new DefaultTokenResolver(new StringConcat()) });
}

function synthOf(build: (s: TerraformStack) => void): any {
  const s = stack();
  build(s);
  return synthJson(s);
}

describe('address plan and sizing', () => {
  test('a /16 splits into pods, nodes, private services access, services and proxy-only ranges without overlap', () => {
    expect(planAddresses('10.0.0.0/16')).toEqual({ pods: '10.0.0.0/17', nodes: '10.0.128.0/19', servicesAccess: '10.0.160.0/19', services: '10.0.192.0/20', proxyOnly: '10.0.208.0/22' });
    expect(planAddresses('172.20.16.0/20')).toEqual({ pods: '172.20.16.0/21', nodes: '172.20.24.0/23', servicesAccess: '172.20.26.0/23', services: '172.20.28.0/24', proxyOnly: '172.20.29.0/26' });
    expect(planAddresses('10.0.0.0/24')).toBeUndefined();
  });

  test('presets map to E2 node shapes, Cloud SQL custom tiers and Memorystore tiers', () => {
    expect(nodeMachineType({ vcpu: 8, memoryGiB: 32, min: 3, max: 6, zones: 2 })).toBe('e2-standard-8');
    expect(nodeMachineType({ vcpu: 6, memoryGiB: 20, min: 1, max: 1, zones: 1 })).toBe('n2-custom-6-20480');
    expect(cloudSqlTier({ vcpu: 4, memoryGiB: 16, storageGiB: 100, highAvailability: true })).toBe('db-custom-4-16384');
    expect(memorystoreShape({ memoryGiB: 13, highAvailability: true })).toEqual({ tier: 'STANDARD_HA', memorySizeGb: 13 });
    expect(memorystoreShape({ memoryGiB: 1, highAvailability: false })).toEqual({ tier: 'BASIC', memorySizeGb: 1 });
  });
});

describe('GcpNetwork', () => {
  test('custom ranges are used as given; flow logs and Private Google Access are on', () => {
    const json = synthOf((s) => new GcpNetwork(s, 'net', { project: PROJECT, region: REGION, name: 'ls', cidr: '10.8.0.0/16', podsCidr: '100.64.0.0/14' }));
    const subnet = onlyResource(json, 'google_compute_subnetwork');
    // Cost-aware flow logs: 10-minute aggregation (as on AWS), 50% sampling, only the GKE metadata (enum values of google 6.x resource_compute_subnetwork.go).
    expect(subnet).toMatchObject({ ip_cidr_range: '10.8.128.0/19', private_ip_google_access: true });
    expect(subnet.log_config).toEqual({ aggregation_interval: 'INTERVAL_10_MIN', flow_sampling: 0.5, metadata: 'CUSTOM_METADATA', metadata_fields: ['src_gke_details', 'dest_gke_details'] });
    expect(subnet.secondary_ip_range[0]).toEqual({ range_name: 'pods', ip_cidr_range: '100.64.0.0/14' });
    expect(onlyResource(json, 'google_compute_network')).toMatchObject({ auto_create_subnetworks: false });
    expect(onlyResource(json, 'google_service_networking_connection').deletion_policy).toBe('ABANDON');
  });

  test('overlapping or public ranges are refused, naming the field and the value', () => {
    expect(() => new GcpNetwork(stack(), 'net', { project: PROJECT, region: REGION, name: 'ls', podsCidr: '10.0.128.0/18' })).toThrow(/field 'podsCidr' has value "10\.0\.128\.0\/18"; overlaps 'nodesCidr'/);
    expect(() => new GcpNetwork(stack(), 'net', { project: PROJECT, region: REGION, name: 'ls', cidr: '8.8.0.0/16' })).toThrow(/test\/net: field 'cidr' has value "8\.8\.0\.0\/16"; allowed: a private range/);
    expect(() => new GcpNetwork(stack(), 'net', { project: PROJECT, region: 'US East', name: 'ls' })).toThrow(/field 'region' has value "US East"/);
  });

  test('an existing network is referenced by path; private services access can be added to it alone', () => {
    expect(EXISTING).toMatchObject({ networkId: NETWORK_ID, subnetworkId: SUBNET_ID, podsRangeName: 'gke-pods', servicesRangeName: 'gke-svc', servicesAccessDependencies: [] });
    const json = synthOf((s) => new PrivateServicesAccess(s, 'psa', { name: 'ls', networkId: NETWORK_ID, cidr: '10.200.0.0/20' }));
    expect(onlyResource(json, 'google_compute_global_address')).toMatchObject({ network: NETWORK_ID, address: '10.200.0.0', prefix_length: 20, purpose: 'VPC_PEERING' });
  });
});

describe('CloudNat', () => {
  test('reserves the requested static IPs and NATs only the listed subnetworks', () => {
    const s = stack();
    const nat = new CloudNat(s, 'nat', { name: 'ls', region: REGION, networkId: NETWORK_ID, subnetworkIds: [SUBNET_ID], staticIps: 3 });
    const json = synthJson(s);
    expect(Object.values(resourcesOf(json, 'google_compute_address'))).toHaveLength(3);
    expect(onlyResource(json, 'google_compute_router_nat')).toMatchObject({ nat_ip_allocate_option: 'MANUAL_ONLY', source_subnetwork_ip_ranges_to_nat: 'LIST_OF_SUBNETWORKS', log_config: { enable: true } });
    expect(nat.egress.addresses).toHaveLength(3);
    expect(() => new CloudNat(stack(), 'nat', { name: 'ls', region: REGION, networkId: NETWORK_ID, staticIps: 0 })).toThrow(/field 'staticIps' has value 0; allowed: an integer from 1 to 16/);
  });
});

describe('issue 16: Cloud NAT ports and Cloud SQL edition', () => {
  test('minPortsPerVm / maxPortsPerVm must be powers of two (dynamic port allocation), max above min', () => {
    const nat = (p: Record<string, number>) => () => new CloudNat(stack(), 'nat', { name: 'ls', region: REGION, networkId: NETWORK_ID, ...p });
    expect(nat({ minPortsPerVm: 100 })).toThrow(/test\/nat: field 'minPortsPerVm' has value 100; allowed: a power of two from 32 to 32768/);
    expect(nat({ minPortsPerVm: 65536 })).toThrow(/field 'minPortsPerVm' has value 65536/);
    expect(nat({ maxPortsPerVm: 1000 })).toThrow(/field 'maxPortsPerVm' has value 1000/);
    expect(nat({ minPortsPerVm: 4096, maxPortsPerVm: 4096 })).toThrow(/field 'maxPortsPerVm' has value 4096; allowed: a power of two greater than minPortsPerVm \(4096\)/);
    const json = synthOf((s) => new CloudNat(s, 'nat', { name: 'ls', region: REGION, networkId: NETWORK_ID, minPortsPerVm: 128, maxPortsPerVm: 8192 }));
    expect(onlyResource(json, 'google_compute_router_nat')).toMatchObject({ enable_dynamic_port_allocation: true, min_ports_per_vm: 128, max_ports_per_vm: 8192 });
  });

  test('a db-perf-optimized-N-* tier runs on ENTERPRISE_PLUS; db-custom tiers on ENTERPRISE', () => {
    const edition = (tier?: string) => onlyResource(synthOf((s) => new CloudSqlPostgres(s, 'pg', { name: 'ls-pg', region: REGION, networkId: NETWORK_ID, tier })), 'google_sql_database_instance').settings;
    expect(edition('db-perf-optimized-N-4')).toMatchObject({ tier: 'db-perf-optimized-N-4', edition: 'ENTERPRISE_PLUS' });
    expect(edition()).toMatchObject({ tier: 'db-custom-2-8192', edition: 'ENTERPRISE' });
  });

  test('GcsBlobStorage: soft delete set deliberately (0 = off, else 7-90 days); versioning only when asked, with its noncurrent rule', () => {
    const bucket = (p: Record<string, unknown>) => onlyResource(synthOf((s) => new GcsBlobStorage(s, 'blob', { project: PROJECT, name: 'ls', location: REGION, ...p })), 'google_storage_bucket');
    expect(bucket({})).toMatchObject({ versioning: { enabled: false }, soft_delete_policy: { retention_duration_seconds: 0 } });
    const kept = bucket({ versioning: true, softDeleteRetentionDays: 14 });
    expect(kept).toMatchObject({ versioning: { enabled: true }, soft_delete_policy: { retention_duration_seconds: 1209600 } });
    expect(kept.lifecycle_rule.some((r: any) => r.condition.with_state === 'ARCHIVED')).toBe(true);
    expect(() => new GcsBlobStorage(stack(), 'blob', { project: PROJECT, name: 'ls', location: REGION, softDeleteRetentionDays: 3 })).toThrow(/field 'softDeleteRetentionDays' has value 3/);
  });
});

describe('GkeCluster', () => {
  test('on an existing network, with an existing KMS key and node service account: none of them is created', () => {
    const key = `projects/${PROJECT}/locations/${REGION}/keyRings/corp/cryptoKeys/gke`;
    const json = synthOf((s) => new GkeCluster(s, 'gke', { project: PROJECT, region: REGION, name: 'ls', network: EXISTING, secretsEncryptionKeyId: key, nodeServiceAccountEmail: 'nodes@acme-prod-123.iam.gserviceaccount.com', size: 'medium' }));
    expect(resourcesOf(json, 'google_kms_key_ring')).toEqual({});
    expect(resourcesOf(json, 'google_service_account')).toEqual({});
    const cluster = onlyResource(json, 'google_container_cluster');
    expect(cluster).toMatchObject({ network: NETWORK_ID, subnetwork: SUBNET_ID, ip_allocation_policy: { cluster_secondary_range_name: 'gke-pods', services_secondary_range_name: 'gke-svc' }, database_encryption: { key_name: key, state: 'ENCRYPTED' } });
    expect(onlyResource(json, 'google_kms_crypto_key_iam_member').crypto_key_id).toBe(key);
    const pool = onlyResource(json, 'google_container_node_pool');
    expect(pool.node_config.service_account).toBe('nodes@acme-prod-123.iam.gserviceaccount.com');
    // Three zones: the regional default, no zone list.
    expect(pool.node_locations).toBeUndefined();
    expect(pool.node_config.machine_type).toBe('e2-standard-16');
  });

  test('the cluster access contract: exec auth, decoded CA, private endpoint and --internal-ip when no CIDRs are allowed', () => {
    const s = stack();
    const gke = new GkeCluster(s, 'gke', { project: PROJECT, region: REGION, name: 'ls', network: EXISTING });
    const resolved = resolveIn(s, gke.access);
    expect(resolved.exec).toEqual({ apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin', args: [] });
    expect(resolved.host).toMatch(/^https:\/\/\$\{google_container_cluster\.[^}]*\.private_cluster_config\[0\]\.private_endpoint\}$/);
    expect(resolved.clusterCaCertificate).toMatch(/^\$\{base64decode\(google_container_cluster\.[^}]*master_auth\[0\]\.cluster_ca_certificate\)\}$/);
    expect(gke.access.kubeconfigCommand).toBe(`gcloud container clusters get-credentials ls --region ${REGION} --project ${PROJECT} --internal-ip`);
    expect(onlyResource(synthJson(s), 'google_container_cluster').private_cluster_config).toMatchObject({ enable_private_endpoint: true, enable_private_nodes: true });
  });

  test('an existing cluster gives the same contract from its attributes', () => {
    const gke = GkeCluster.fromClusterAttributes(stack(), 'Existing', { clusterName: 'corp', project: PROJECT, region: REGION, endpoint: '203.0.113.10', clusterCaCertificate: 'Q0E=' });
    expect(gke.access.host).toBe('https://203.0.113.10');
    expect(gke.access.exec?.command).toBe('gke-gcloud-auth-plugin');
    expect(gke.workloadPool).toBe(`${PROJECT}.svc.id.goog`);
    expect(gke.access.kubeconfigCommand).toBe(`gcloud container clusters get-credentials corp --region ${REGION} --project ${PROJECT}`);
  });

  test('validation: an open API, inverted node counts, a bad version, a name too long for its service account', () => {
    const base = { project: PROJECT, region: REGION, name: 'ls', network: EXISTING };
    expect(() => new GkeCluster(stack(), 'gke', { ...base, apiAllowedCidrs: ['0.0.0.0/0'] })).toThrow(/test\/gke: field 'apiAllowedCidrs' has value "0\.0\.0\.0\/0"/);
    expect(() => new GkeCluster(stack(), 'gke', { ...base, minNodes: 5, maxNodes: 2 })).toThrow(/field 'maxNodes' has value 2; allowed: an integer >= minNodes \(5\)/);
    expect(() => new GkeCluster(stack(), 'gke', { ...base, kubernetesVersion: 'latest' })).toThrow(/field 'kubernetesVersion' has value "latest"/);
    expect(() => new GkeCluster(stack(), 'gke', { ...base, name: 'a-very-long-cluster-name-for-gke' })).toThrow(ConfigurationError);
  });
});

describe('CloudSqlPostgres', () => {
  test('on an existing network: private IP, TLS, HA as asked, a generated password in the connection', () => {
    const s = stack();
    const pg = new CloudSqlPostgres(s, 'pg', { name: 'ls-pg', region: REGION, networkId: NETWORK_ID, size: 'dev', highAvailability: true, databaseVersion: 'POSTGRES_15' });
    const json = synthJson(s);
    expect(onlyResource(json, 'google_sql_database_instance')).toMatchObject({
      database_version: 'POSTGRES_15',
      settings: { availability_type: 'REGIONAL', tier: 'db-custom-2-4096', ip_configuration: { ipv4_enabled: false, private_network: NETWORK_ID, ssl_mode: 'ENCRYPTED_ONLY' } },
    });
    const resolved = resolveIn(s, pg.connection);
    expect(resolved).toMatchObject({ port: 5432, database: 'langsmith', username: 'langsmith', tls: true });
    expect(resolved.password).toMatch(/^\$\{random_password\./);
    expect(JSON.stringify(json)).not.toMatch(/"password":\s*"[^$]/);
  });

  test('validation names the field and the value', () => {
    expect(() => new CloudSqlPostgres(stack(), 'pg', { name: 'ls-pg', region: REGION, networkId: NETWORK_ID, databaseVersion: 'POSTGRES_12' as any })).toThrow(/test\/pg: field 'databaseVersion' has value "POSTGRES_12"; allowed: POSTGRES_15 \| POSTGRES_16 \| POSTGRES_17/);
    expect(() => new CloudSqlPostgres(stack(), 'pg', { name: 'ls-pg', region: REGION, networkId: NETWORK_ID, pointInTimeRecoveryDays: 30 })).toThrow(/field 'pointInTimeRecoveryDays' has value 30/);
  });
});

describe('MemorystoreRedis', () => {
  test('on an existing network: AUTH + TLS, and a connection carrying the AUTH string and server CA as references', () => {
    const s = stack();
    const redis = new MemorystoreRedis(s, 'redis', { name: 'ls-redis', region: REGION, networkId: NETWORK_ID, size: 'large' });
    expect(Testing.synth(s)).toHaveResourceWithProperties(RedisInstance, { auth_enabled: true, transit_encryption_mode: 'SERVER_AUTHENTICATION', connect_mode: 'PRIVATE_SERVICE_ACCESS', authorized_network: NETWORK_ID, tier: 'STANDARD_HA', memory_size_gb: 26 });
    const c = resolveIn(s, redis.connection);
    expect(c.tls).toBe(true);
    expect(c.password).toMatch(/google_redis_instance\.[^}]*\.auth_string/);
    // Every CA (a rotation lists the new one next to the old), not server_ca_certs[0] only.
    expect(c.caCertificate).toMatch(/^\$\{join\("\\n", google_redis_instance\.[^}]*\.server_ca_certs\[\*\]\.cert\)\}$/);
    expect(c.port).toMatch(/google_redis_instance\.[^}]*\.port/);
    expect(() => new MemorystoreRedis(stack(), 'redis', { name: 'ls-redis', region: REGION, networkId: NETWORK_ID, redisVersion: 'REDIS_6_X' as any })).toThrow(/field 'redisVersion' has value "REDIS_6_X"/);
  });
});

describe('GcsBlobStorage', () => {
  test('an existing bucket: only the service account and its grants are created, for the given namespace and release', () => {
    const s = stack();
    const blob = new GcsBlobStorage(s, 'blob', { project: PROJECT, name: 'ls', location: REGION, existingBucketName: 'corp-traces', namespace: 'obs', releaseName: 'ls' });
    const json = synthJson(s);
    expect(resourcesOf(json, 'google_storage_bucket')).toEqual({});
    expect(Testing.synth(s)).toHaveResourceWithProperties(StorageBucketIamMember, { bucket: 'corp-traces', role: 'roles/storage.objectAdmin' });
    const members = Object.values(resourcesOf(json, 'google_service_account_iam_member')).map((m: any) => m.member).sort();
    expect(members).toEqual(Object.values(blobServiceAccountNames('ls')).sort().map((n) => `serviceAccount:${PROJECT}.svc.id.goog[obs/${n}]`));
    const contract = resolveIn(s, blob.blobStorage);
    expect(contract).toMatchObject({ engine: 'GCS', bucketName: 'corp-traces', apiUrl: 'https://storage.googleapis.com' });
    expect(contract.serviceAccountAnnotations['iam.gke.io/gcp-service-account']).toMatch(/google_service_account\.[^}]*\.email/);
  });

  test('validation: a bucket name and an existing bucket together; a bad bucket name; a name too long for the service account', () => {
    expect(() => new GcsBlobStorage(stack(), 'blob', { project: PROJECT, name: 'ls', location: REGION, bucketName: 'a-bucket', existingBucketName: 'b-bucket' })).toThrow(/field 'bucketName' has value "a-bucket"; allowed: either bucketName/);
    expect(() => new GcsBlobStorage(stack(), 'blob', { project: PROJECT, name: 'ls', location: REGION, bucketName: 'Traces.Bucket' })).toThrow(/field 'bucketName' has value "Traces\.Bucket"/);
    expect(() => new GcsBlobStorage(stack(), 'blob', { project: PROJECT, name: 'a-name-longer-than-twenty-six', location: REGION })).toThrow(/field 'name' has value "a-name-longer-than-twenty-six-blob"/);
  });
});

describe('ClickHousePrivateServiceConnect', () => {
  test('on an existing network: PSC endpoint, private zone and an egress rule for the node service account', () => {
    const s = stack();
    const psc = new ClickHousePrivateServiceConnect(s, 'ch', { name: 'ls', region: REGION, networkId: NETWORK_ID, subnetworkId: SUBNET_ID, endpointService: ATTACHMENT, host: 'abc.us-east1.p.gcp.clickhouse.cloud', clientServiceAccounts: ['nodes@x.iam.gserviceaccount.com'], globalAccess: true });
    const json = synthJson(s);
    expect(Testing.synth(s)).toHaveResourceWithProperties(ComputeForwardingRule, { network: NETWORK_ID, load_balancing_scheme: '', allow_psc_global_access: true, target: `https://www.googleapis.com/compute/v1/${ATTACHMENT}` });
    expect(onlyResource(json, 'google_compute_address')).toMatchObject({ subnetwork: SUBNET_ID, address_type: 'INTERNAL', purpose: 'GCE_ENDPOINT' });
    expect(onlyResource(json, 'google_dns_managed_zone').private_visibility_config.networks).toEqual([{ network_url: NETWORK_ID }]);
    expect(onlyResource(json, 'google_compute_firewall')).toMatchObject({ direction: 'EGRESS', target_service_accounts: ['nodes@x.iam.gserviceaccount.com'], allow: [{ protocol: 'tcp', ports: ['8443', '9440'] }] });
    expect(onlyResource(json, 'google_compute_firewall').log_config).toBeUndefined();
    expect(resolveIn(s, psc.endpointId)).toMatch(/psc_connection_id/);
  });

  test('a service attachment in another region, a host of another region or not of ClickHouse Cloud GCP is refused; a public host gives the private one', () => {
    const props = { name: 'ls', region: REGION, networkId: NETWORK_ID, subnetworkId: SUBNET_ID, endpointService: ATTACHMENT };
    expect(() => new ClickHousePrivateServiceConnect(stack(), 'ch', { ...props, region: 'us-central1', host: 'abc.us-central1.p.gcp.clickhouse.cloud' })).toThrow(/test\/ch: field 'endpointService' has value "projects\/ch\/regions\/us-east1\/[^;]*; allowed: a service attachment in region us-central1/);
    expect(() => new ClickHousePrivateServiceConnect(stack(), 'ch', { ...props, host: 'abc.us-central1.p.gcp.clickhouse.cloud' })).toThrow(/field 'host' has value "abc\.us-central1\.p\.gcp\.clickhouse\.cloud"; allowed: a ClickHouse service in region us-east1/);
    expect(() => new ClickHousePrivateServiceConnect(stack(), 'ch', { ...props, host: 'ch.example.com' })).toThrow(/field 'host' has value "ch\.example\.com"/);
    expect(new ClickHousePrivateServiceConnect(stack(), 'ch', { ...props, host: 'abc.us-east1.gcp.clickhouse.cloud' }).host).toBe('abc.us-east1.p.gcp.clickhouse.cloud');
    expect(new ClickHousePrivateServiceConnect(stack(), 'ch', { ...props, host: 'abc.us-east1.p.gcp.clickhouse.cloud' }).host).toBe('abc.us-east1.p.gcp.clickhouse.cloud');
  });

  test('a malformed service attachment is refused', () => {
    expect(() => new ClickHousePrivateServiceConnect(stack(), 'ch', { name: 'ls', region: REGION, networkId: NETWORK_ID, subnetworkId: SUBNET_ID, endpointService: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123' })).toThrow(/test\/ch: field 'endpointService' has value "com\.amazonaws/);
  });
});

describe('GkeIngressEndpoint', () => {
  test('internal needs the subnetwork for its address', () => {
    expect(() => new GkeIngressEndpoint(stack(), 'in', { name: 'ls', region: REGION, hostname: 'ls.example.com' })).toThrow(/test\/in: field 'subnetworkId' is missing; required for scheme internal/);
    const s = stack();
    const ing = new GkeIngressEndpoint(s, 'in', { name: 'ls', region: REGION, hostname: 'ls.example.com', subnetworkId: SUBNET_ID });
    expect(onlyResource(synthJson(s), 'google_compute_address')).toMatchObject({ subnetwork: SUBNET_ID, address_type: 'INTERNAL', purpose: 'SHARED_LOADBALANCER_VIP', name: 'ls-ingress' });
    expect(ing.annotations['kubernetes.io/ingress.class']).toBe('gce-internal');
  });
});

describe('GcpLangSmithFoundation', () => {
  test('with an existing cluster and network: no cluster, no VPC, no NAT; the contract comes from the given cluster', () => {
    const s = stack();
    const cluster = GkeCluster.fromClusterAttributes(s, 'Existing', { clusterName: 'corp', project: PROJECT, region: REGION, endpoint: '10.0.0.2', clusterCaCertificate: 'Q0E=', privateEndpoint: true, nodeServiceAccountEmail: 'nodes@corp.iam.gserviceaccount.com' });
    const f = new GcpLangSmithFoundation(s, 'ls', { project: PROJECT, region: REGION, name: 'ls', size: 'dev', existingNetwork: EXISTING, existingCluster: cluster, enableApis: false, clickhouse: { host: 'abc.us-east1.p.gcp.clickhouse.cloud', endpointService: ATTACHMENT } });
    const json = synthJson(s);
    for (const t of ['google_container_cluster', 'google_compute_network', 'google_compute_router_nat', 'google_project_service']) expect(resourcesOf(json, t)).toEqual({});
    expect(f.foundation.cluster.host).toBe('https://10.0.0.2');
    expect(f.foundation.egress).toBeUndefined();
    expect(f.foundation.clickhouseHost).toBe('abc.us-east1.p.gcp.clickhouse.cloud');
    expect(f.foundation.storageClassName).toBe('premium-rwo');
    expect(onlyResource(json, 'google_compute_firewall').target_service_accounts).toEqual(['nodes@corp.iam.gserviceaccount.com']);
    // On a Shared VPC the rule goes to the host project that owns the network.
    expect(onlyResource(json, 'google_compute_firewall').project).toBe('acme-host');
    expect(Object.values(resourcesOf(json, 'google_service_account_iam_member')).every((m: any) => m.member.startsWith(`serviceAccount:${PROJECT}.svc.id.goog[langsmith/`))).toBe(true);
  });

  test('an existing cluster without its network is refused; staticIps without NAT is refused', () => {
    const cluster = GkeCluster.fromClusterAttributes(stack(), 'Existing', { clusterName: 'corp', project: PROJECT, region: REGION, endpoint: '10.0.0.2', clusterCaCertificate: 'Q0E=' });
    expect(() => new GcpLangSmithFoundation(stack(), 'ls', { project: PROJECT, region: REGION, name: 'ls', existingCluster: cluster })).toThrow(/test\/ls: field 'existingNetwork' is missing/);
    expect(() => new GcpLangSmithFoundation(stack(), 'ls', { project: PROJECT, region: REGION, name: 'ls', nat: false, staticIps: 2 })).toThrow(/field 'staticIps' has value 2; only with nat: true/);
  });

  test('internal Ingress on an existing network: the proxies\' rule comes from ingress.proxyOnlyCidr (none without it); refused for the external scheme or without a backend', () => {
    const cluster = GkeCluster.fromClusterAttributes(stack(), 'Existing', { clusterName: 'corp', project: PROJECT, region: REGION, endpoint: '10.0.0.2', clusterCaCertificate: 'Q0E=', nodeServiceAccountEmail: 'nodes@corp.iam.gserviceaccount.com' });
    const backend = { healthCheckPath: '/health', port: 8080 };
    const base = { project: PROJECT, region: REGION, name: 'ls', existingNetwork: EXISTING, existingCluster: cluster, enableApis: false };
    const json = synthOf((s) => new GcpLangSmithFoundation(s, 'ls', { ...base, ingress: { hostname: 'ls.acme.example', backend, proxyOnlyCidr: '10.129.0.0/23' } }));
    expect(onlyResource(json, 'google_compute_firewall')).toMatchObject({
      direction: 'INGRESS', source_ranges: ['10.129.0.0/23'], allow: [{ protocol: 'tcp', ports: ['8080'] }],
      target_service_accounts: ['nodes@corp.iam.gserviceaccount.com'], network: 'projects/acme-host/global/networks/shared-vpc',
      // Firewall rules live in the network's project (a Shared VPC host), not the deployment's.
      project: 'acme-host',
    });
    expect(resourcesOf(synthOf((s) => new GcpLangSmithFoundation(s, 'ls', { ...base, ingress: { hostname: 'ls.acme.example', backend } })), 'google_compute_firewall')).toEqual({});
    expect(() => new GcpLangSmithFoundation(stack(), 'ls', { ...base, ingress: { hostname: 'ls.acme.example', scheme: 'external', backend, proxyOnlyCidr: '10.129.0.0/23' } })).toThrow(/field 'ingress\.proxyOnlyCidr' has value "10\.129\.0\.0\/23"; only with the internal scheme/);
    expect(() => new GcpLangSmithFoundation(stack(), 'ls', { ...base, ingress: { hostname: 'ls.acme.example', backend, proxyOnlyCidr: '8.8.8.0/24' } })).toThrow(/ingress\.proxyOnlyCidr/);
    expect(() => new GkeIngressEndpoint(stack(), 'i', { name: 'ls', region: REGION, hostname: 'ls.acme.example', subnetworkId: 'projects/p/regions/us-east1/subnetworks/s', proxyFirewall: { networkId: 'n', sourceRanges: ['10.129.0.0/23'] } })).toThrow(/field 'proxyFirewall'.*only with backend/);
  });

  test('APIs are enabled and never disabled on destroy; the cluster waits for them', () => {
    const json = synthOf((s) => new GcpLangSmithFoundation(s, 'ls', { project: PROJECT, region: REGION, name: 'ls', size: 'dev' }));
    const services = Object.values(resourcesOf(json, 'google_project_service')) as any[];
    expect(services.map((x) => x.service)).toEqual(expect.arrayContaining(['container.googleapis.com', 'sqladmin.googleapis.com', 'redis.googleapis.com', 'servicenetworking.googleapis.com', 'compute.googleapis.com', 'dns.googleapis.com', 'cloudkms.googleapis.com', 'iam.googleapis.com']));
    expect(services.every((x) => x.disable_on_destroy === false)).toBe(true);
    expect(onlyResource(json, 'google_container_cluster').depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/google_project_service\..*container/)]));
  });
});

describe('issue 16 follow-up: control plane to webhooks, private endpoint enforcement', () => {
  const SA = 'nodes@corp.iam.gserviceaccount.com';
  const rules = (json: any) => Object.values(resourcesOf(json, 'google_compute_firewall')).filter((r: any) => /-control-plane$/.test(r.name));

  test('a VPC-peered control plane gets an INGRESS rule from its /28 to the nodes on the webhook ports (GKE admits 443/10250 only), in the network\'s project', () => {
    const json = synthOf((s) => new GcpLangSmithFoundation(s, 'ls', { project: PROJECT, region: REGION, name: 'ls', existingNetwork: EXISTING, enableApis: false, masterIpv4CidrBlock: '172.16.0.32/28', controlPlaneWebhookPorts: [9443, 6443] }));
    expect(onlyResource(json, 'google_container_cluster').private_cluster_config.master_ipv4_cidr_block).toBe('172.16.0.32/28');
    const [rule] = rules(json) as any[];
    expect(rules(json)).toHaveLength(1);
    expect(rule).toMatchObject({
      name: 'ls-control-plane', direction: 'INGRESS', source_ranges: ['172.16.0.32/28'],
      allow: [{ protocol: 'tcp', ports: ['6443', '9443'] }],
      network: NETWORK_ID, project: 'acme-host',
    });
    // The node service account of the created cluster, never every instance of the network.
    expect(rule.target_service_accounts).toEqual([expect.stringMatching(/^\$\{google_service_account\..*\.email\}$/)]);
  });

  test('an existing VPC-peered cluster (controlPlaneCidr) gets the rule; no ports, or a Private Service Connect control plane (no /28), gets none', () => {
    const peered = GkeCluster.fromClusterAttributes(stack(), 'Existing', { clusterName: 'corp', project: PROJECT, region: REGION, endpoint: '10.0.0.2', clusterCaCertificate: 'Q0E=', nodeServiceAccountEmail: SA, controlPlaneCidr: '172.16.0.0/28' });
    const base = { project: PROJECT, region: REGION, name: 'ls', existingNetwork: EXISTING, enableApis: false };
    expect(rules(synthOf((s) => new GcpLangSmithFoundation(s, 'ls', { ...base, existingCluster: peered, controlPlaneWebhookPorts: [6443, 9443] })))).toEqual([
      expect.objectContaining({ source_ranges: ['172.16.0.0/28'], target_service_accounts: [SA], allow: [{ protocol: 'tcp', ports: ['6443', '9443'] }] }),
    ]);
    expect(rules(synthOf((s) => new GcpLangSmithFoundation(s, 'ls', { ...base, existingCluster: peered })))).toEqual([]);
    expect(rules(synthOf((s) => new GcpLangSmithFoundation(s, 'ls', { ...base, controlPlaneWebhookPorts: [6443, 9443] })))).toEqual([]);
    expect(() => new GcpLangSmithFoundation(stack(), 'ls', { ...base, existingCluster: peered, masterIpv4CidrBlock: '172.16.0.0/28' })).toThrow(/field 'masterIpv4CidrBlock' has value "172\.16\.0\.0\/28"; only for a cluster created here/);
  });

  test('Private Service Connect control plane: authorized networks enforced on the private endpoint, the node subnetwork (created, or read from an existing one) admitted; peered: left to GKE', () => {
    const created = onlyResource(synthOf((s) => new GkeCluster(s, 'gke', { project: PROJECT, region: REGION, name: 'ls', network: new GcpNetwork(s, 'net', { project: PROJECT, region: REGION, name: 'ls' }) })), 'google_container_cluster');
    expect(created.master_authorized_networks_config).toEqual({
      cidr_blocks: [{ cidr_block: '10.0.128.0/19', display_name: 'node subnetwork' }],
      gcp_public_cidrs_access_enabled: false,
      private_endpoint_enforcement_enabled: true,
    });
    const existing = synthOf((s) => new GkeCluster(s, 'gke', { project: PROJECT, region: REGION, name: 'ls', network: EXISTING, privateApiAccessCidrs: ['10.200.0.0/16'] }));
    const subnets = Object.values(existing.data?.google_compute_subnetwork ?? {}) as any[];
    expect(subnets).toHaveLength(1);
    const [subnet] = subnets;
    expect(subnet).toMatchObject({ project: 'acme-host', region: REGION, name: 'gke' });
    expect(onlyResource(existing, 'google_container_cluster').master_authorized_networks_config.cidr_blocks).toEqual([
      { cidr_block: '10.200.0.0/16', display_name: 'private 10.200.0.0/16' },
      { cidr_block: expect.stringMatching(/^\$\{data\.google_compute_subnetwork\..*\.ip_cidr_range\}$/), display_name: 'node subnetwork' },
    ]);
    const off = onlyResource(synthOf((s) => new GkeCluster(s, 'gke', { project: PROJECT, region: REGION, name: 'ls', network: EXISTING, privateEndpointEnforcement: false })), 'google_container_cluster');
    expect(off.master_authorized_networks_config).toEqual({ cidr_blocks: [], gcp_public_cidrs_access_enabled: false, private_endpoint_enforcement_enabled: false });
    const peered = onlyResource(synthOf((s) => new GkeCluster(s, 'gke', { project: PROJECT, region: REGION, name: 'ls', network: EXISTING, masterIpv4CidrBlock: '172.16.0.0/28' })), 'google_container_cluster');
    expect(peered.master_authorized_networks_config).toEqual({ cidr_blocks: [], gcp_public_cidrs_access_enabled: false });
    expect(() => new GkeCluster(stack(), 'gke', { project: PROJECT, region: REGION, name: 'ls', network: EXISTING, masterIpv4CidrBlock: '172.16.0.0/28', privateEndpointEnforcement: true })).toThrow(/field 'privateEndpointEnforcement' has value true; only for a Private Service Connect control plane/);
  });
});
