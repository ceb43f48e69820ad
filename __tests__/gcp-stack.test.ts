import { Testing } from 'cdktf';
import { ConfigurationError } from '../lib/core/errors';
import { blobServiceAccountNames } from '../lib/core/naming';
import { validateDeployments } from '../stacks/config';
import { buildGcpFoundation, controlPlaneWebhookPorts } from '../stacks/clouds/gcp';
import { buildDeployments, langsmithValues, onlyResource, resourcesOf, StackJson, synthJson } from './helpers';

/** A GCP deployment with only the fixed fields of DESIGN.md, plus overrides. */
function gcp(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'acme', mode: 'observability', cloud: 'gcp', region: 'us-east1', project: 'acme-prod-123', ...overrides };
}

const PRIVATE_LINK = {
  type: 'langsmith-managed',
  connectivity: 'private-link',
  endpointService: 'projects/ch-prod/regions/us-east1/serviceAttachments/production-us-east1-clickhouse-cloud',
  host: 'abc123.us-east1.p.gcp.clickhouse.cloud',
};

function build(overrides: Record<string, unknown> = {}): { infra: StackJson; app: StackJson } {
  const { stacks } = buildDeployments([gcp(overrides)]);
  const name = (overrides.name as string) ?? 'acme';
  // As app.synth() does: preparing turns references between the stacks into outputs + remote state.
  stacks[name].infra!.prepareStack();
  stacks[name].app.prepareStack();
  return { infra: synthJson(stacks[name].infra!), app: synthJson(stacks[name].app) };
}

/** Only the infra stack, through the GCP foundation builder (no Kubernetes layer). */
function buildInfra(overrides: Record<string, unknown> = {}): StackJson {
  const [d] = validateDeployments({ deployments: [gcp(overrides)] }, 'test.yaml');
  const { stack } = buildGcpFoundation(Testing.app(), d);
  return synthJson(stack);
}

function outputsReferencing(json: StackJson, fragment: string): any[] {
  return Object.values(json.output ?? {}).filter((o: any) => JSON.stringify(o.value).includes(fragment));
}

describe('cloud: gcp through the deployments file', () => {
  let small: { infra: StackJson; app: StackJson };
  let dev: StackJson;
  beforeAll(() => {
    small = build({ size: 'small', hostname: 'langsmith.acme.example', clickhouse: PRIVATE_LINK, cluster: { apiAllowedCidrs: ['203.0.113.0/24'] }, tags: { Team: 'Platform Eng' } });
    dev = buildInfra({ size: 'dev' });
  });

  test('a minimal entry builds <name>-infra and <name>-app, the app stack depending on the infra stack', () => {
    const { stacks } = buildDeployments([gcp()]);
    expect(stacks.acme.infra!.node.id).toBe('acme-infra');
    expect(stacks.acme.app.node.id).toBe('acme-app');
    expect(stacks.acme.app.dependencies).toContain(stacks.acme.infra);
    const infra = synthJson(stacks.acme.infra!);
    expect(infra.provider.google[0]).toMatchObject({ project: 'acme-prod-123', region: 'us-east1' });
  });

  test('the google provider labels every resource with managed-by, the deployment and the tags (made label-safe)', () => {
    expect(small.infra.provider.google[0].default_labels).toEqual({ 'managed-by': 'cdktf-langsmith', deployment: 'acme', team: 'platform_eng' });
  });

  describe('GKE', () => {
    test('private nodes, Workload Identity, shielded GKE_METADATA nodes, no legacy auth, KMS secrets encryption, Dataplane V2', () => {
      const cluster = onlyResource(small.infra, 'google_container_cluster');
      expect(cluster).toMatchObject({
        location: 'us-east1',
        networking_mode: 'VPC_NATIVE',
        datapath_provider: 'ADVANCED_DATAPATH',
        remove_default_node_pool: true,
        enable_shielded_nodes: true,
        enable_legacy_abac: false,
        master_auth: { client_certificate_config: { issue_client_certificate: false } },
        workload_identity_config: { workload_pool: 'acme-prod-123.svc.id.goog' },
        release_channel: { channel: 'REGULAR' },
        private_cluster_config: { enable_private_nodes: true },
        database_encryption: { state: 'ENCRYPTED' },
        deletion_protection: true,
        lifecycle: { prevent_destroy: true },
      });
      expect(cluster.database_encryption.key_name).toMatch(/^\$\{google_kms_crypto_key\./);
      // System components and workloads only, as on AKS and EKS; control-plane component logs are opt-in.
      expect(cluster.logging_config.enable_components).toEqual(['SYSTEM_COMPONENTS', 'WORKLOADS']);
      expect(onlyResource(buildInfra({ gcp: { controlPlaneLogs: true } }), 'google_container_cluster').logging_config.enable_components)
        .toEqual(['SYSTEM_COMPONENTS', 'WORKLOADS', 'APISERVER', 'CONTROLLER_MANAGER', 'SCHEDULER']);
      // The default pool never runs as the Compute Engine default service account.
      expect(cluster.node_config.service_account).toMatch(/google_service_account\..*Node.*\.email/);
      const pool = onlyResource(small.infra, 'google_container_node_pool');
      expect(pool.node_config).toMatchObject({
        workload_metadata_config: { mode: 'GKE_METADATA' },
        shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
        machine_type: 'e2-standard-8',
      });
      expect(pool.node_config.service_account).toBe(cluster.node_config.service_account);
      expect(pool.autoscaling).toMatchObject({ total_min_node_count: 3, total_max_node_count: 6 });
      const roles = Object.values(resourcesOf(small.infra, 'google_project_iam_member')).map((m: any) => m.role);
      expect(roles).toEqual(['roles/container.defaultNodeServiceAccount']);
      const grant = onlyResource(small.infra, 'google_kms_crypto_key_iam_member');
      expect(grant).toMatchObject({ role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter' });
      expect(grant.member).toMatch(/container-engine-robot\.iam\.gserviceaccount\.com$/);
    });

    test('with cluster.apiAllowedCidrs the public endpoint is restricted to them; without, only the private endpoint exists', () => {
      const open = onlyResource(small.infra, 'google_container_cluster');
      expect(open.private_cluster_config.enable_private_endpoint).toBe(false);
      // The node subnetwork's range is listed for the private endpoint, where authorized networks are enforced.
      expect(open.master_authorized_networks_config.cidr_blocks.map((b: any) => b.cidr_block)).toEqual(['203.0.113.0/24', '10.0.128.0/19']);
      expect(open.master_authorized_networks_config.gcp_public_cidrs_access_enabled).toBe(false);
      const closed = onlyResource(dev, 'google_container_cluster');
      expect(closed.private_cluster_config.enable_private_endpoint).toBe(true);
      expect(closed.master_authorized_networks_config.cidr_blocks).toEqual([{ cidr_block: '10.0.128.0/19', display_name: 'node subnetwork' }]);
      expect(dev.output.kubeconfig_command.value).toMatch(/^gcloud container clusters get-credentials acme --zone \$\{element\(data\.google_compute_zones\.[^}]*\.names, 0\)\} --project acme-prod-123 --internal-ip$/);
      expect(small.infra.output.kubeconfig_command.value).toBe('gcloud container clusters get-credentials acme --region us-east1 --project acme-prod-123');
    });

    test('a 0.0.0.0/0 API allow-list is refused by the config, naming the field and the value', () => {
      expect(() => buildDeployments([gcp({ cluster: { apiAllowedCidrs: ['0.0.0.0/0'] } })])).toThrow(/cluster\.apiAllowedCidrs' has value "0\.0\.0\.0\/0"/);
    });

    test('dev is a zonal cluster (GKE free tier) in the region\'s first zone by name, its pool in that zone; cluster.version sets the minimum master version', () => {
      const cluster = onlyResource(dev, 'google_container_cluster');
      expect(cluster.location).toMatch(/^\$\{element\(data\.google_compute_zones\.[^}]*ClusterZone[^}]*\.names, 0\)\}$/);
      // No status filter: a zone briefly DOWN must not move (replace) the cluster.
      const zones = Object.entries((dev as any).data.google_compute_zones).filter(([k]) => k.includes('ClusterZone')).map(([, v]) => v as any);
      expect(zones).toHaveLength(1);
      expect(zones[0]).toMatchObject({ region: 'us-east1' });
      expect(zones[0].status).toBeUndefined();
      const pool = onlyResource(dev, 'google_container_node_pool');
      expect(pool.location).toBe(cluster.location);
      expect(pool.node_locations).toBeUndefined();
      expect(pool.node_config.machine_type).toBe('e2-standard-4');
      expect(onlyResource(small.infra, 'google_container_cluster').location).toBe('us-east1');
      expect(onlyResource(buildInfra({ cluster: { version: '1.33' } }), 'google_container_cluster').min_master_version).toBe('1.33');
    });
  });

  describe('Cloud SQL', () => {
    test('private IP only, TLS enforced, backups with PITR, regional outside dev, deletion protection both ways', () => {
      const sql = onlyResource(small.infra, 'google_sql_database_instance');
      expect(sql).toMatchObject({
        database_version: 'POSTGRES_16',
        deletion_protection: true,
        lifecycle: { prevent_destroy: true },
        settings: {
          tier: 'db-custom-2-8192',
          availability_type: 'REGIONAL',
          deletion_protection_enabled: true,
          ip_configuration: { ipv4_enabled: false, ssl_mode: 'ENCRYPTED_ONLY' },
          backup_configuration: { enabled: true, point_in_time_recovery_enabled: true },
        },
      });
      expect(sql.settings.ip_configuration.private_network).toMatch(/google_compute_network\./);
      expect(sql.settings.ip_configuration.authorized_networks).toBeUndefined();
      expect(sql.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^google_service_networking_connection\./)]));
      expect(onlyResource(dev, 'google_sql_database_instance').settings.availability_type).toBe('ZONAL');
    });

    test('the password is a random_password reference, never a literal', () => {
      const user = onlyResource(small.infra, 'google_sql_user');
      expect(user.password).toMatch(/^\$\{random_password\.[^}]+\.result\}$/);
      expect(resourcesOf(small.infra, 'random_password')).not.toEqual({});
    });
  });

  describe('Memorystore', () => {
    test('AUTH, TLS with server authentication, private services access, STANDARD_HA outside dev', () => {
      const redis = onlyResource(small.infra, 'google_redis_instance');
      expect(redis).toMatchObject({ auth_enabled: true, transit_encryption_mode: 'SERVER_AUTHENTICATION', connect_mode: 'PRIVATE_SERVICE_ACCESS', tier: 'STANDARD_HA', memory_size_gb: 8, redis_version: 'REDIS_7_2', lifecycle: { prevent_destroy: true } });
      expect(redis.authorized_network).toMatch(/google_compute_network\./);
      expect(onlyResource(dev, 'google_redis_instance')).toMatchObject({ tier: 'BASIC', memory_size_gb: 1 });
    });
  });

  describe('GCS and Workload Identity', () => {
    test('the bucket has UBLA, enforced public access prevention, the chart TTL prefixes; no versioning and soft delete off for trace payloads', () => {
      const bucket = onlyResource(small.infra, 'google_storage_bucket');
      expect(bucket).toMatchObject({ name: 'acme-prod-123-acme-traces', location: 'us-east1', uniform_bucket_level_access: true, public_access_prevention: 'enforced', versioning: { enabled: false }, force_destroy: false, lifecycle: { prevent_destroy: true } });
      // Set on purpose: without it the provider (6.50, storage bucket soft_delete_policy default 604800) keeps every deleted payload 7 days.
      expect(bucket.soft_delete_policy).toEqual({ retention_duration_seconds: 0 });
      const rules = bucket.lifecycle_rule.map((r: any) => [r.condition.matches_prefix?.[0], r.condition.age, r.action.type]);
      expect(rules).toEqual([['ttl_s/', 14, 'Delete'], ['ttl_l/', 400, 'Delete']]);
    });

    test('a service account with objectAdmin on this bucket only, impersonable by exactly the blob-storage Kubernetes service accounts', () => {
      const grant = onlyResource(small.infra, 'google_storage_bucket_iam_member');
      expect(grant).toMatchObject({ role: 'roles/storage.objectAdmin' });
      expect(grant.bucket).toMatch(/google_storage_bucket\./);
      const members = Object.values(resourcesOf(small.infra, 'google_service_account_iam_member')).map((m: any) => {
        expect(m.role).toBe('roles/iam.workloadIdentityUser');
        return m.member.replace(/\$\{google_container_cluster\.[^}]+\}/, 'POOL');
      });
      // Derived from the one list of components that touch blobs (lib/core/naming.ts), so a component added there is trusted here too.
      expect(members.sort()).toEqual(Object.values(blobServiceAccountNames('langsmith')).sort().map((n) => `serviceAccount:POOL[langsmith/${n}]`));
      expect(members.length).toBeGreaterThanOrEqual(4);
      expect(resourcesOf(small.infra, 'google_storage_hmac_key')).toEqual({});
    });

    test('a custom namespace is what Workload Identity trusts', () => {
      const infra = buildInfra({ namespace: 'observability' });
      const members = Object.values(resourcesOf(infra, 'google_service_account_iam_member')).map((m: any) => m.member);
      expect(members.every((m) => m.includes('[observability/langsmith-'))).toBe(true);
    });

    test('deletionProtection: false lifts every protection and lets Terraform empty the bucket', () => {
      const infra = buildInfra({ deletionProtection: false });
      const cluster = onlyResource(infra, 'google_container_cluster');
      expect(cluster.deletion_protection).toBe(false);
      expect(cluster.lifecycle.prevent_destroy).toBe(false);
      const sql = onlyResource(infra, 'google_sql_database_instance');
      expect([sql.deletion_protection, sql.settings.deletion_protection_enabled, sql.lifecycle.prevent_destroy]).toEqual([false, false, false]);
      expect(onlyResource(infra, 'google_redis_instance').lifecycle.prevent_destroy).toBe(false);
      expect(onlyResource(infra, 'google_storage_bucket')).toMatchObject({ force_destroy: true, lifecycle: { prevent_destroy: false } });
    });

    test('mode standalone creates no bucket and no bucket output', () => {
      const infra = buildInfra({ mode: 'standalone', agentServer: { image: 'registry.example/agent:1.0.0' } });
      expect(resourcesOf(infra, 'google_storage_bucket')).toEqual({});
      expect(infra.output.bucket).toBeUndefined();
      expect(onlyResource(infra, 'google_sql_database_instance')).toBeDefined();
      expect(onlyResource(infra, 'google_redis_instance')).toBeDefined();
    });
  });

  describe('network and egress', () => {
    test('a VPC with pods/services secondary ranges, Private Google Access and private services access', () => {
      const subnets = Object.values(resourcesOf(dev, 'google_compute_subnetwork')) as any[];
      expect(subnets).toHaveLength(1);
      expect(subnets[0]).toMatchObject({ ip_cidr_range: '10.0.128.0/19', private_ip_google_access: true, secondary_ip_range: [{ range_name: 'pods', ip_cidr_range: '10.0.0.0/17' }, { range_name: 'services', ip_cidr_range: '10.0.192.0/20' }] });
      expect(onlyResource(dev, 'google_compute_global_address')).toMatchObject({ purpose: 'VPC_PEERING', address: '10.0.160.0', prefix_length: 19 });
      expect(onlyResource(dev, 'google_service_networking_connection')).toMatchObject({ service: 'servicenetworking.googleapis.com' });
    });

    test('Cloud NAT uses MANUAL_ONLY static IPs: 1 by default for dev, 2 otherwise, and outputs them', () => {
      const nat = onlyResource(dev, 'google_compute_router_nat');
      expect(nat.nat_ip_allocate_option).toBe('MANUAL_ONLY');
      expect(nat.nat_ips).toHaveLength(1);
      expect(Object.values(resourcesOf(small.infra, 'google_compute_address')).filter((a: any) => a.address_type === 'EXTERNAL')).toHaveLength(2);
      expect(small.infra.output.egress_ips.value).toHaveLength(2);
      expect(small.infra.output.egress_ips.value[0]).toMatch(/google_compute_address\..*Nat.*\.address/);
      expect(small.infra.output.egress_ips.description).toMatch(/beacon\.langchain\.com/);
    });

    test('every expected output is there, with a description', () => {
      for (const name of ['egress_ips', 'cluster_name', 'kubeconfig_command', 'bucket', 'postgres_host', 'redis_host', 'clickhouse_private_endpoint_id', 'clickhouse_private_dns_zone', 'ingress_ip']) {
        expect(small.infra.output[name]?.description).toEqual(expect.any(String));
      }
      expect(small.infra.output.cluster_name.value).toBe('acme');
    });

    test('bring your own network: no VPC, NAT or egress output; its existing private services access is used, not a second one', () => {
      const infra = buildInfra({ network: { existingNetworkId: 'shared-vpc', existingSubnetIds: ['gke-subnet'] } });
      expect(resourcesOf(infra, 'google_compute_network')).toEqual({});
      expect(resourcesOf(infra, 'google_compute_subnetwork')).toEqual({});
      expect(resourcesOf(infra, 'google_compute_router_nat')).toEqual({});
      expect(infra.output.egress_ips).toBeUndefined();
      const cluster = onlyResource(infra, 'google_container_cluster');
      expect(cluster.network).toBe('projects/acme-prod-123/global/networks/shared-vpc');
      expect(cluster.subnetwork).toBe('projects/acme-prod-123/regions/us-east1/subnetworks/gke-subnet');
      expect(resourcesOf(infra, 'google_service_networking_connection')).toEqual({});
      expect(resourcesOf(infra, 'google_compute_global_address')).toEqual({});
      expect(onlyResource(infra, 'google_sql_database_instance').settings.ip_configuration.allocated_ip_range).toBeUndefined();
    });

    test('bring your own network without private services access: created only when asked, never overwriting an existing connection', () => {
      for (const gcpBlock of [{ existingPrivateServicesAccess: false }, { servicesAccessCidr: '10.100.0.0/20' }]) {
        const infra = buildInfra({ network: { existingNetworkId: 'shared-vpc', existingSubnetIds: ['gke-subnet'] }, gcp: gcpBlock });
        const range = onlyResource(infra, 'google_compute_global_address');
        expect(range).toMatchObject({ network: 'projects/acme-prod-123/global/networks/shared-vpc', prefix_length: 20 });
        // update_on_creation_fail would force its ranges onto a connection other producers use.
        expect(onlyResource(infra, 'google_service_networking_connection')).toMatchObject({ deletion_policy: 'ABANDON', update_on_creation_fail: false });
      }
      expect(() => buildDeployments([gcp({ network: { existingNetworkId: 'shared-vpc', existingSubnetIds: ['gke-subnet'] }, gcp: { existingPrivateServicesAccess: true, servicesAccessCidr: '10.100.0.0/20' } })])).toThrow(/field 'gcp\.servicesAccessCidr' has value "10\.100\.0\.0\/20"; only when private services access is created/);
    });

    test('on the created network, a connection abandoned by an earlier destroy is taken over (update_on_creation_fail)', () => {
      expect(onlyResource(dev, 'google_service_networking_connection')).toMatchObject({ deletion_policy: 'ABANDON', update_on_creation_fail: true });
    });

    test('bring your own network with NAT and existing private services access', () => {
      const infra = buildInfra({ network: { existingNetworkId: 'shared-vpc', existingSubnetIds: ['gke-subnet'] }, gcp: { nat: true, existingPrivateServicesAccess: true, podsRangeName: 'gke-pods' } });
      expect(resourcesOf(infra, 'google_service_networking_connection')).toEqual({});
      expect(onlyResource(infra, 'google_compute_router_nat')).toMatchObject({ source_subnetwork_ip_ranges_to_nat: 'LIST_OF_SUBNETWORKS', subnetwork: [{ name: 'projects/acme-prod-123/regions/us-east1/subnetworks/gke-subnet' }] });
      expect(onlyResource(infra, 'google_container_cluster').ip_allocation_policy.cluster_secondary_range_name).toBe('gke-pods');
      expect(infra.output.egress_ips).toBeDefined();
    });

    test('an existing network without its subnetwork is refused, naming the field and the value', () => {
      expect(() => buildInfra({ network: { existingNetworkId: 'shared-vpc' } })).toThrow(ConfigurationError);
      expect(() => buildInfra({ network: { existingNetworkId: 'shared-vpc' } })).toThrow(/field 'network\.existingSubnetIds' is missing; required with network\.existingNetworkId/);
      expect(() => buildInfra({ network: { existingNetworkId: 'v', existingSubnetIds: ['a', 'b'] } })).toThrow(/network\.existingSubnetIds' has value \["a","b"\]/);
    });
  });

  describe('ClickHouse', () => {
    test('private-link: a PSC endpoint targeting the service attachment, a private zone with a wildcard record, and the endpoint id output', () => {
      const address = Object.values(resourcesOf(small.infra, 'google_compute_address')).find((a: any) => a.purpose === 'GCE_ENDPOINT') as any;
      expect(address).toMatchObject({ address_type: 'INTERNAL', region: 'us-east1' });
      const rule = onlyResource(small.infra, 'google_compute_forwarding_rule');
      expect(rule).toMatchObject({ load_balancing_scheme: '', target: `https://www.googleapis.com/compute/v1/${PRIVATE_LINK.endpointService}`, region: 'us-east1' });
      expect(rule.ip_address).toMatch(/google_compute_address\..*ClickHouse/);
      const zone = onlyResource(small.infra, 'google_dns_managed_zone');
      expect(zone).toMatchObject({ dns_name: 'us-east1.p.gcp.clickhouse.cloud.', visibility: 'private' });
      expect(zone.private_visibility_config.networks[0].network_url).toMatch(/google_compute_network\./);
      const record = onlyResource(small.infra, 'google_dns_record_set');
      expect(record).toMatchObject({ name: '*.us-east1.p.gcp.clickhouse.cloud.', type: 'A' });
      expect(record.rrdatas[0]).toMatch(/google_compute_address\..*ClickHouse.*\.address/);
      expect(small.infra.output.clickhouse_private_endpoint_id.value).toMatch(/google_compute_forwarding_rule\..*\.psc_connection_id/);
      expect(small.infra.output.clickhouse_private_dns_zone.value).toBe('us-east1.p.gcp.clickhouse.cloud.');
      const fw = (Object.values(resourcesOf(small.infra, 'google_compute_firewall')) as any[]).filter((f) => f.direction === 'EGRESS');
      expect(fw).toEqual([expect.objectContaining({ name: 'acme-clickhouse-egress', allow: [{ protocol: 'tcp', ports: ['8443', '9440'] }] })]);
    });

    test('public: no endpoint, only the static NAT IPs, and ClickHouse reached by its host', () => {
      const { infra, app } = build({ size: 'small', clickhouse: { type: 'langsmith-managed', connectivity: 'public', host: 'abc123.us-east1.gcp.clickhouse.cloud' }, egress: { staticIps: 2 } });
      expect(resourcesOf(infra, 'google_compute_forwarding_rule')).toEqual({});
      expect(resourcesOf(infra, 'google_dns_managed_zone')).toEqual({});
      expect(infra.output.clickhouse_private_endpoint_id).toBeUndefined();
      expect(onlyResource(infra, 'google_compute_router_nat').nat_ips).toHaveLength(2);
      const secret = Object.values(resourcesOf(app, 'kubernetes_secret_v1')).find((s: any) => s.data.clickhouse_host) as any;
      expect(secret.data.clickhouse_host).toBe('abc123.us-east1.gcp.clickhouse.cloud');
      expect(secret.data.clickhouse_password).toBe('${var.clickhouse_password}');
    });

    test('public ClickHouse without NAT is refused by the loader; the builder builds what it is given', () => {
      const publicCh = { type: 'langsmith-managed', connectivity: 'public', host: 'a.us-east1.gcp.clickhouse.cloud' };
      expect(() => buildInfra({ clickhouse: publicCh, gcp: { nat: false } })).toThrow(/test\.yaml: deployments\[0\] \(acme\): field 'gcp\.nat' has value false/);
      // Past the loader (a DeploymentConfig made by hand) the rule is not said again.
      const [d] = validateDeployments({ deployments: [gcp({ clickhouse: publicCh })] }, 'test.yaml');
      const json = synthJson(buildGcpFoundation(Testing.app(), { ...d, gcp: { ...d.gcp, nat: false } }).stack);
      expect(resourcesOf(json, 'google_compute_router_nat')).toEqual({});
    });
  });

  describe('wiring into the app stack', () => {
    test('the kubernetes and helm providers reach GKE by its endpoint and decoded CA, with gke-gcloud-auth-plugin', () => {
      const k = small.app.provider.kubernetes[0];
      expect(k.host).toMatch(/^https:\/\/\$\{data\.terraform_remote_state\.[^}]*google_container_cluster[^}]*endpoint\}$/);
      expect(k.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.terraform_remote_state\.[^}]*cluster_ca_certificate\)\}$/);
      expect(k.exec[0]).toEqual({ api_version: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin', args: [] });
      expect(small.app.provider.helm[0].kubernetes.exec.command).toBe('gke-gcloud-auth-plugin');
      // Private endpoint only: the provider uses the private endpoint address.
      expect(build().app.provider.kubernetes[0].host).toMatch(/private_cluster_config0private_endpoint/);
    });

    test('Postgres and Redis reach the chart through Kubernetes Secrets built from references (TLS on both)', () => {
      const secrets = Object.values(resourcesOf(small.app, 'kubernetes_secret_v1')) as any[];
      const pg = secrets.find((s) => s.metadata.name === 'langsmith-postgres');
      expect(pg.data.connection_url).toMatch(/^langsmith:\$\{urlencode\(data\.terraform_remote_state\.[^}]*random_password[^}]*\)\}@\$\{data\.terraform_remote_state\.[^}]*private_ip_address\}:5432\/langsmith\?sslmode=require$/);
      const redis = secrets.find((s) => s.metadata.name === 'langsmith-redis');
      expect(redis.data.connection_url).toMatch(/^rediss:\/\/:\$\{urlencode\([^)]*auth_string\)\}@\$\{[^}]*host\}:\$\{[^}]*port\}$/);
      const values = langsmithValues(small.app);
      expect(values.postgres.external).toMatchObject({ enabled: true, existingSecretName: 'langsmith-postgres' });
      expect(values.redis.external).toMatchObject({ enabled: true, existingSecretName: 'langsmith-redis' });
    });

    test('the Memorystore server CA reaches the chart through config.customCa', () => {
      const values = langsmithValues(small.app);
      expect(values.config.customCa).toBeDefined();
      const secret = Object.values(resourcesOf(small.app, 'kubernetes_secret_v1')).find((s: any) => s.metadata.name === values.config.customCa.secretName) as any;
      // Every server CA (a rotation lists two), joined: a splat over server_ca_certs, not its first item.
      expect(secret.data[values.config.customCa.secretKey]).toMatch(/\$\{join\("\\n", data\.terraform_remote_state\.[^}]*server_ca_certscert\)\}$/);
      const out = Object.values(small.infra.output).find((o: any) => String(o.value).includes('server_ca_certs')) as any;
      expect(out.value).toMatch(/^\$\{google_redis_instance\.[^}]*\.server_ca_certs\[\*\]\.cert\}$/);
    });

    test('GCS reaches the chart with Workload Identity: engine, bucket, API URL and the service account annotation', () => {
      const values = langsmithValues(small.app);
      expect(values.config.blobStorage).toMatchObject({ enabled: true, engine: 'GCS', apiURL: 'https://storage.googleapis.com' });
      expect(values.config.blobStorage.bucketName).toMatch(/google_storage_bucket/);
      expect(values.config.blobStorage.accessKey).toBeUndefined();
      for (const comp of ['backend', 'platformBackend', 'queue', 'ingestQueue']) {
        expect(values[comp].serviceAccount.annotations['iam.gke.io/gcp-service-account']).toMatch(/google_service_account[^}]*Blob[^}]*email/);
      }
    });

    test('LangSmith-managed ClickHouse over private link is reached by its private host; storage class premium-rwo', () => {
      const secret = Object.values(resourcesOf(small.app, 'kubernetes_secret_v1')).find((s: any) => s.data.clickhouse_host) as any;
      expect(secret.data.clickhouse_host).toBe(PRIVATE_LINK.host);
      expect(langsmithValues(small.app).clickhouse.external.hybrid).toBe(true);
      expect(langsmithValues(build({ size: 'dev' }).app).clickhouse.statefulSet.persistence.storageClassName).toBe('premium-rwo');
    });

    test('ingress: internal load balancer by default (annotation, static IP, proxy-only subnet), no ingressClassName', () => {
      const values = langsmithValues(small.app);
      expect(values.ingress.enabled).toBe(true);
      expect(values.ingress.ingressClassName).toBeUndefined();
      expect(values.ingress.annotations).toEqual({ 'kubernetes.io/ingress.class': 'gce-internal', 'kubernetes.io/ingress.regional-static-ip-name': 'acme-ingress' });
      const subnets = Object.values(resourcesOf(small.infra, 'google_compute_subnetwork')) as any[];
      expect(subnets.find((s) => s.purpose === 'REGIONAL_MANAGED_PROXY')).toMatchObject({ role: 'ACTIVE', ip_cidr_range: '10.0.208.0/22' });
      expect(small.infra.output.ingress_ip.value).toMatch(/google_compute_address\..*Ingress.*\.address/);
    });

    test('ingress external: global IP, Google-managed certificate for the hostname, HTTPS only', () => {
      const { infra, app } = build({ hostname: 'langsmith.acme.example', gcp: { ingress: 'external' } });
      expect(onlyResource(infra, 'google_compute_managed_ssl_certificate').managed.domains).toEqual(['langsmith.acme.example']);
      expect(langsmithValues(app).ingress.annotations).toEqual({
        'kubernetes.io/ingress.class': 'gce',
        'kubernetes.io/ingress.global-static-ip-name': 'acme-ingress',
        'ingress.gcp.kubernetes.io/pre-shared-cert': 'acme-ingress',
        'kubernetes.io/ingress.allow-http': 'false',
      });
      expect(Object.values(resourcesOf(infra, 'google_compute_subnetwork')).some((s: any) => s.purpose === 'REGIONAL_MANAGED_PROXY')).toBe(false);
    });
  });

  describe('issue 16: deploy readiness', () => {
    test('ClickHouse over PSC with the public host: the private host is derived (as on AWS) and is what the app connects to', () => {
      const { infra, app } = build({ clickhouse: { ...PRIVATE_LINK, host: 'abc123.us-east1.gcp.clickhouse.cloud' } });
      const secret = Object.values(resourcesOf(app, 'kubernetes_secret_v1')).find((x: any) => x.data.clickhouse_host) as any;
      expect(secret.data.clickhouse_host).toBe('abc123.us-east1.p.gcp.clickhouse.cloud');
      expect(onlyResource(infra, 'google_dns_managed_zone').dns_name).toBe('us-east1.p.gcp.clickhouse.cloud.');
    });

    test('ClickHouse over PSC: a host or service attachment of another region, or a non-GCP host, is refused at load naming the field', () => {
      const load = (clickhouse: Record<string, unknown>) => () => validateDeployments({ deployments: [gcp({ clickhouse: { ...PRIVATE_LINK, ...clickhouse } })] }, 'test.yaml');
      expect(load({ host: 'abc123.us-central1.p.gcp.clickhouse.cloud' })).toThrow(/field 'clickhouse\.host' has value "abc123\.us-central1\.p\.gcp\.clickhouse\.cloud"; allowed: a ClickHouse service in region us-east1/);
      expect(load({ host: 'abc123.us-east-1.aws.clickhouse.cloud' })).toThrow(/field 'clickhouse\.host' has value "abc123\.us-east-1\.aws\.clickhouse\.cloud"; allowed with connectivity: private-link on cloud: gcp/);
      expect(load({ endpointService: 'projects/ch/regions/us-central1/serviceAttachments/production-us-central1-clickhouse-cloud' })).toThrow(/field 'clickhouse\.endpointService' has value "projects\/ch\/regions\/us-central1\/[^;]*; allowed: a service attachment in region us-east1/);
      expect(() => validateDeployments({ deployments: [gcp({ clickhouse: { type: 'langsmith-managed', connectivity: 'public', host: 'abc123.us-east1.p.gcp.clickhouse.cloud' } })] }, 'test.yaml')).toThrow(/field 'clickhouse\.host'.*the \.p\. host resolves only through Private Service Connect/);
    });

    test('the PSC egress rule does not log every connection (no log_config)', () => {
      const fw = Object.values(resourcesOf(small.infra, 'google_compute_firewall')).find((f: any) => f.name === 'acme-clickhouse-egress') as any;
      expect(fw).toBeDefined();
      expect(fw.log_config).toBeUndefined();
    });

    test('GKE Ingress (LangSmith): NEG + BackendConfig annotations on the frontend Service, a BackendConfig health-checking /health on 8080 with a long timeout, nginx keep-alive above the load balancer\'s', () => {
      const values = langsmithValues(small.app);
      expect(values.frontend.service.annotations).toEqual({ 'cloud.google.com/neg': '{"ingress": true}', 'cloud.google.com/backend-config': '{"default":"acme-backend"}' });
      // langsmith values.yaml: "For example for GCP Classic ALB, this should be set to between 600 and 610 (exclusive)".
      expect(Number(values.frontend.keepAliveTimeout)).toBeGreaterThan(600);
      expect(Number(values.frontend.keepAliveTimeout)).toBeLessThan(610);
      const manifests = Object.values(resourcesOf(small.app, 'kubernetes_manifest')) as any[];
      expect(manifests).toHaveLength(1);
      expect(manifests[0].manifest).toEqual({
        apiVersion: 'cloud.google.com/v1',
        kind: 'BackendConfig',
        metadata: { name: 'acme-backend', namespace: 'langsmith' },
        spec: expect.objectContaining({ timeoutSec: 3600, healthCheck: expect.objectContaining({ type: 'HTTP', requestPath: '/health', port: 8080 }) }),
      });
      // Created after the namespace and before the chart's Service refers to it.
      expect(manifests[0].depends_on).toEqual([expect.stringMatching(/^kubernetes_namespace_v1\./)]);
      const release = onlyResource(small.app, 'helm_release');
      expect(release.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_manifest\./)]));
    });

    test('GKE Ingress (standalone agent server): the BackendConfig checks GET /ok on 8000 (its probes are exec-based) and the api-server Service carries the annotations', () => {
      const { app } = build({ mode: 'standalone', hostname: 'agents.acme.example', agentServer: { image: 'registry.example/agent:1.0.0', auth: { type: 'image' } } });
      const release = onlyResource(app, 'helm_release');
      const values = JSON.parse(release.values[0]);
      expect(values.apiServer.service.annotations).toEqual({ 'cloud.google.com/neg': '{"ingress": true}', 'cloud.google.com/backend-config': '{"default":"acme-backend"}' });
      const m = onlyResource(app, 'kubernetes_manifest').manifest;
      expect(m.spec.healthCheck).toMatchObject({ requestPath: '/ok', port: 8000 });
      expect(m.metadata.namespace).toBe('langsmith');
    });

    test('an Ingress of the user\'s own class gets none of the GKE backend settings', () => {
      const { infra, app } = build({ hostname: 'langsmith.acme.example', exposure: { type: 'ingress', className: 'nginx' } });
      expect(langsmithValues(app).frontend.service.annotations).toBeUndefined();
      expect(langsmithValues(app).frontend.keepAliveTimeout).toBeUndefined();
      expect(resourcesOf(app, 'kubernetes_manifest')).toEqual({});
      expect(infra.output.ingress_ip).toBeUndefined();
    });

    test('review: gcp.privateApiAccessCidrs reach the private endpoint (master authorized networks admit only the node ranges otherwise); public ranges refused', () => {
      const cluster = onlyResource(buildInfra({ gcp: { privateApiAccessCidrs: ['10.200.0.0/16'] } }), 'google_container_cluster');
      expect(cluster.private_cluster_config.enable_private_endpoint).toBe(true);
      expect(cluster.master_authorized_networks_config.cidr_blocks).toEqual([
        { cidr_block: '10.200.0.0/16', display_name: 'private 10.200.0.0/16' },
        { cidr_block: '10.0.128.0/19', display_name: 'node subnetwork' },
      ]);
      expect(() => buildDeployments([gcp({ gcp: { privateApiAccessCidrs: ['203.0.113.0/24'] } })])).toThrow(/gcp\.privateApiAccessCidrs/);
    });

    test('data.google_project waits for the Cloud Resource Manager API on a fresh project; the lookups wait for the APIs they call only', () => {
      const project = Object.values((small.infra as any).data.google_project)[0] as any;
      expect(project.depends_on).toEqual([expect.stringMatching(/^google_project_service\..*cloudresourcemanager/), expect.stringMatching(/^google_project_service\..*compute/)]);
      // A zonal cluster's location must not become unknown (a planned replacement) when another API changes.
      const zones = Object.values((dev as any).data.google_compute_zones) as any[];
      for (const z of zones) expect(z.depends_on).toEqual([expect.stringMatching(/cloudresourcemanager/), expect.stringMatching(/compute/)]);
    });
  });

  describe('second review (deploy readiness)', () => {
    const ingressIn = (json: StackJson) => (Object.values(resourcesOf(json, 'google_compute_firewall')) as any[]).filter((f) => f.direction === 'INGRESS');

    test('internal Ingress: the load balancer\'s proxies (proxy-only subnetwork) may reach the frontend port on the nodes; GKE only allows the health check ranges', () => {
      const [rule, ...others] = ingressIn(small.infra);
      expect(others).toEqual([]);
      expect(rule).toMatchObject({ name: 'acme-ingress-proxy', allow: [{ protocol: 'tcp', ports: ['8080'] }] });
      // The range of the proxy-only subnetwork created with the network (10.0.208.0/22 here).
      expect(rule.source_ranges).toEqual([expect.stringMatching(/^\$\{google_compute_subnetwork\.LangSmith_Network_ProxyOnlySubnetwork_\w+\.ip_cidr_range\}$/)]);
      expect(rule.network).toMatch(/google_compute_network\..*\.id/);
      expect(rule.target_service_accounts).toEqual([expect.stringMatching(/google_service_account\..*NodeServiceAccount.*\.email/)]);
      // The port is the one the BackendConfig health-checks and the NEG targets (the container port).
      expect(onlyResource(small.app, 'kubernetes_manifest').manifest.spec.healthCheck.port).toBe(8080);
    });

    test('internal Ingress of a standalone agent server: the proxies reach 8000; external Ingress and no hostname: no such rule', () => {
      const agent = build({ mode: 'standalone', hostname: 'agents.acme.example', agentServer: { image: 'registry.example/agent:1.0.0', auth: { type: 'image' } } }).infra;
      expect(ingressIn(agent).map((f) => f.allow)).toEqual([[{ protocol: 'tcp', ports: ['8000'] }]]);
      expect(ingressIn(buildInfra({ hostname: 'langsmith.acme.example', gcp: { ingress: 'external' } }))).toEqual([]);
      expect(ingressIn(dev)).toEqual([]);
    });

    test('internal Ingress on an existing network: gcp.proxyOnlyCidr becomes the proxies\' rule; refused with a created network or the external ingress', () => {
      const byo = { network: { existingNetworkId: 'shared-vpc', existingSubnetIds: ['gke-subnet'] }, hostname: 'langsmith.acme.example' };
      expect(ingressIn(buildInfra(byo))).toEqual([]);
      const [rule] = ingressIn(buildInfra({ ...byo, gcp: { proxyOnlyCidr: '10.129.0.0/23' } }));
      expect(rule).toMatchObject({ network: 'projects/acme-prod-123/global/networks/shared-vpc', source_ranges: ['10.129.0.0/23'], allow: [{ protocol: 'tcp', ports: ['8080'] }] });
      expect(() => buildInfra({ hostname: 'langsmith.acme.example', gcp: { proxyOnlyCidr: '10.129.0.0/23' } })).toThrow(/test\.yaml: deployments\[0\] \(acme\): field 'gcp\.proxyOnlyCidr' has value "10\.129\.0\.0\/23"; only with network\.existingNetworkId/);
      expect(() => buildInfra({ ...byo, gcp: { ingress: 'external', proxyOnlyCidr: '10.129.0.0/23' } })).toThrow(/test\.yaml: deployments\[0\] \(acme\): field 'gcp\.proxyOnlyCidr'/);
      expect(() => buildInfra({ ...byo, gcp: { proxyOnlyCidr: '8.8.8.0/24' } })).toThrow(/test\.yaml: deployments\[0\] \(acme\): field 'gcp\.proxyOnlyCidr'/);
      // Past the loader the builder passes the range on (the rule is the loader's, said once).
      const [d] = validateDeployments({ deployments: [gcp({ hostname: 'langsmith.acme.example' })] }, 'test.yaml');
      const [created] = ingressIn(synthJson(buildGcpFoundation(Testing.app(), { ...d, gcp: { ...d.gcp, proxyOnlyCidr: '10.129.0.0/23' } }).stack));
      expect(created.source_ranges).toEqual(['10.129.0.0/23']);
    });
  });

  test('no secret value leaves the infra stack except as sensitive outputs', () => {
    for (const fragment of ['random_password', 'auth_string']) {
      const outs = outputsReferencing(small.infra, fragment);
      expect(outs.length).toBeGreaterThan(0);
      for (const o of outs) expect(o.sensitive).toBe(true);
    }
  });

  test('stateful resources keep their Terraform addresses (renaming one destroys data)', () => {
    const ids = (type: string) => Object.keys(resourcesOf(small.infra, type)).sort();
    expect(ids('google_container_cluster')).toEqual(['LangSmith_Gke_Cluster_5EC6CD23']);
    expect(ids('google_sql_database_instance')).toEqual(['LangSmith_Postgres_Instance_E9D5AFFC']);
    expect(ids('google_redis_instance')).toEqual(['LangSmith_Redis_Instance_FF5DD66A']);
    expect(ids('google_storage_bucket')).toEqual(['LangSmith_Blob_Bucket_E3A78EA6']);
    expect(ids('google_compute_address').filter((i) => i.includes('Nat'))).toEqual(['LangSmith_Nat_Address0_7B1FA5A8', 'LangSmith_Nat_Address1_116E985A']);
  });

  test('unknown gcp: fields get a did-you-mean hint', () => {
    expect(() => buildDeployments([gcp({ gcp: { ingres: 'external' } })])).toThrow(/gcp\.ingres.*did you mean 'ingress'/);
  });
});

describe('issue 16 follow-up: private endpoint enforcement and the control plane\'s webhook ports', () => {
  test('the Private Service Connect control plane (no master_ipv4_cidr_block) enforces master authorized networks on its private endpoint (GKE: off by default)', () => {
    const cluster = onlyResource(buildInfra(), 'google_container_cluster');
    expect(cluster.private_cluster_config.master_ipv4_cidr_block).toBeUndefined();
    expect(cluster.private_cluster_config.enable_private_endpoint).toBe(true);
    expect(cluster.master_authorized_networks_config.private_endpoint_enforcement_enabled).toBe(true);
    // An existing subnetwork's primary range is read from it (a runner there keeps reaching the API).
    const existing = buildInfra({ network: { existingNetworkId: 'projects/acme-host/global/networks/shared', existingSubnetIds: ['gke'] } });
    expect(Object.values(existing.data.google_compute_subnetwork)).toEqual([expect.objectContaining({ project: 'acme-prod-123', region: 'us-east1', name: 'gke' })]);
  });

  test('full-platform asks for KEDA\'s metrics server (6443) and webhook (9443) ports, other modes for none; a PSC control plane gets no rule (no /28 to admit)', () => {
    const [full, obs] = validateDeployments({ deployments: [gcp({ mode: 'full-platform', hostname: 'langsmith.acme.example' }), gcp({ name: 'obs' })] }, 'test.yaml');
    expect(controlPlaneWebhookPorts(full)).toEqual([6443, 9443]);
    expect(controlPlaneWebhookPorts(obs)).toEqual([]);
    const infra = synthJson(buildGcpFoundation(Testing.app(), full).stack);
    expect(Object.values(resourcesOf(infra, 'google_compute_firewall')).filter((r: any) => /-control-plane$/.test(r.name))).toEqual([]);
  });
});
