import { Testing } from 'cdktf';
import { BLOB_STORAGE_VALUE_PATHS, blobServiceAccountSubjects } from '../lib/core/naming';
import { ConfigurationError } from '../lib/core/errors';
import { buildAzureFoundation } from '../stacks/clouds/azure';
import { validateDeployments } from '../stacks/config';
import { buildDeployments, langsmithValues, onlyResource, resourcesOf, StackJson, synthJson } from './helpers';

// kubelogin's login mode follows the azurerm provider's ARM_* variables (stacks/clouds/azure.ts):
// these tests expect the laptop default (azurecli), whatever the environment running them.
for (const k of Object.keys(process.env)) if (k.startsWith('ARM_') || k === 'AZURE_FEDERATED_TOKEN_FILE') delete process.env[k];

/** An Azure deployment with only the fixed fields of DESIGN.md, plus overrides. */
function azure(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'acme', mode: 'observability', cloud: 'azure', region: 'eastus2', ...overrides };
}

const PRIVATE_LINK = {
  type: 'langsmith-managed',
  connectivity: 'private-link',
  endpointService: 'production-eastus2-0-0.8f1c2d3e-4a5b-4c6d-9e8f-0a1b2c3d4e5f.eastus2.azure.privatelinkservice',
  host: 'abc123.eastus2.privatelink.azure.clickhouse.cloud',
};

const VNET = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub';

function build(overrides: Record<string, unknown> = {}): { infra: StackJson; app: StackJson } {
  const { stacks } = buildDeployments([azure(overrides)]);
  const name = (overrides.name as string) ?? 'acme';
  // As app.synth() does: preparing turns references between the stacks into outputs + remote state.
  stacks[name].infra!.prepareStack();
  stacks[name].app.prepareStack();
  return { infra: synthJson(stacks[name].infra!), app: synthJson(stacks[name].app) };
}

/** Only the infra stack, through the Azure foundation builder (no Kubernetes layer). */
function buildInfra(overrides: Record<string, unknown> = {}): StackJson {
  const [d] = validateDeployments({ deployments: [azure(overrides)] }, 'test.yaml');
  const { stack } = buildAzureFoundation(Testing.app(), d);
  return synthJson(stack);
}

function outputsReferencing(json: StackJson, fragment: string): any[] {
  return Object.values(json.output ?? {}).filter((o: any) => JSON.stringify(o.value).includes(fragment));
}

describe('cloud: azure through the deployments file', () => {
  let small: { infra: StackJson; app: StackJson };
  let dev: StackJson;
  beforeAll(() => {
    small = build({ size: 'small', hostname: 'langsmith.acme.example', clickhouse: PRIVATE_LINK, cluster: { apiAllowedCidrs: ['203.0.113.0/24'] }, tags: { team: 'platform' } });
    dev = buildInfra({ size: 'dev' });
  });

  test('a minimal entry builds <name>-infra and <name>-app, the app stack depending on the infra stack', () => {
    const { stacks } = buildDeployments([azure()]);
    expect(stacks.acme.infra!.node.id).toBe('acme-infra');
    expect(stacks.acme.app.node.id).toBe('acme-app');
    expect(stacks.acme.app.dependencies).toContain(stacks.acme.infra);
    const infra = synthJson(stacks.acme.infra!);
    expect(infra.provider.azurerm[0]).toMatchObject({ features: [{}], storage_use_azuread: true });
    expect(onlyResource(infra, 'azurerm_resource_group')).toMatchObject({ name: 'acme-rg', location: 'eastus2' });
  });

  test('every taggable resource carries managed-by, the deployment and the tags', () => {
    for (const type of ['azurerm_resource_group', 'azurerm_kubernetes_cluster', 'azurerm_postgresql_flexible_server', 'azurerm_managed_redis', 'azurerm_storage_account', 'azurerm_virtual_network', 'azurerm_public_ip']) {
      for (const r of Object.values(resourcesOf(small.infra, type)) as any[]) {
        expect(r.tags).toEqual({ team: 'platform', 'managed-by': 'cdktf-langsmith', deployment: 'acme' });
      }
    }
  });

  describe('network and egress', () => {
    test('VNet with node, delegated PostgreSQL and private-endpoint subnets; no default outbound access', () => {
      expect(onlyResource(small.infra, 'azurerm_virtual_network').address_space).toEqual(['10.0.0.0/16']);
      const subnets = Object.values(resourcesOf(small.infra, 'azurerm_subnet')) as any[];
      const byName = Object.fromEntries(subnets.map((s) => [s.name, s]));
      expect(byName.nodes.address_prefixes).toEqual(['10.0.0.0/17']);
      expect(byName['private-endpoints']).toMatchObject({ address_prefixes: ['10.0.128.0/24'], private_endpoint_network_policies: 'Enabled' });
      expect(byName.postgres.address_prefixes).toEqual(['10.0.129.0/24']);
      expect(byName.postgres.delegation[0].service_delegation.name).toBe('Microsoft.DBforPostgreSQL/flexibleServers');
      for (const s of subnets) expect(s.default_outbound_access_enabled).toBe(false);
    });

    test('a NAT gateway with egress.staticIps static Standard IPs on the node subnet; AKS egresses through it; output egress_ips', () => {
      const ips = Object.values(resourcesOf(small.infra, 'azurerm_public_ip')) as any[];
      expect(ips).toHaveLength(2);
      for (const ip of ips) expect(ip).toMatchObject({ sku: 'Standard', allocation_method: 'Static', lifecycle: { prevent_destroy: true } });
      expect(Object.keys(resourcesOf(small.infra, 'azurerm_nat_gateway_public_ip_association'))).toHaveLength(2);
      expect(onlyResource(small.infra, 'azurerm_subnet_nat_gateway_association').subnet_id).toMatch(/azurerm_subnet\.[^.]*NodesSubnet[^.]*\.id/);
      expect(onlyResource(small.infra, 'azurerm_kubernetes_cluster').network_profile.outbound_type).toBe('userAssignedNATGateway');
      expect(small.infra.output.egress_ips.value).toEqual([expect.stringMatching(/azurerm_public_ip\..*Ip0.*\.ip_address/), expect.stringMatching(/azurerm_public_ip\..*Ip1.*\.ip_address/)]);
      expect(small.infra.output.egress_ips.description).toMatch(/beacon\.langchain\.com/);
      expect(Object.keys(resourcesOf(dev, 'azurerm_public_ip'))).toHaveLength(1);
    });

    test('bring your own VNet: no VNet or NAT created, the three subnets used, no egress output; loadBalancer outbound', () => {
      const infra = buildInfra({ network: { existingNetworkId: VNET, existingSubnetIds: [`${VNET}/subnets/aks`, `${VNET}/subnets/pg`, `${VNET}/subnets/pe`] } });
      expect(resourcesOf(infra, 'azurerm_virtual_network')).toEqual({});
      expect(resourcesOf(infra, 'azurerm_nat_gateway')).toEqual({});
      expect(infra.output.egress_ips).toBeUndefined();
      const aks = onlyResource(infra, 'azurerm_kubernetes_cluster');
      expect(aks.default_node_pool.vnet_subnet_id).toBe(`${VNET}/subnets/aks`);
      expect(aks.network_profile.outbound_type).toBe('loadBalancer');
      expect(onlyResource(infra, 'azurerm_postgresql_flexible_server').delegated_subnet_id).toBe(`${VNET}/subnets/pg`);
      for (const pe of Object.values(resourcesOf(infra, 'azurerm_private_endpoint')) as any[]) expect(pe.subnet_id).toBe(`${VNET}/subnets/pe`);
      for (const link of Object.values(resourcesOf(infra, 'azurerm_private_dns_zone_virtual_network_link')) as any[]) expect(link.virtual_network_id).toBe(VNET);
    });

    test('an existing network with azure.nat gets a NAT gateway on its node subnet', () => {
      const infra = buildInfra({ network: { existingNetworkId: VNET, existingSubnetIds: [`${VNET}/subnets/aks`, `${VNET}/subnets/pg`, `${VNET}/subnets/pe`] }, azure: { nat: true } });
      expect(onlyResource(infra, 'azurerm_subnet_nat_gateway_association').subnet_id).toBe(`${VNET}/subnets/aks`);
      expect(infra.output.egress_ips).toBeDefined();
    });
  });

  describe('AKS', () => {
    test('Entra ID RBAC with local accounts off, OIDC + workload identity, network policy, KMS secrets encryption, prevent_destroy', () => {
      const aks = onlyResource(small.infra, 'azurerm_kubernetes_cluster');
      expect(aks).toMatchObject({
        role_based_access_control_enabled: true,
        local_account_disabled: true,
        azure_active_directory_role_based_access_control: { azure_rbac_enabled: true },
        oidc_issuer_enabled: true,
        workload_identity_enabled: true,
        network_profile: { network_plugin: 'azure', network_plugin_mode: 'overlay', network_policy: 'cilium', service_cidr: '172.16.0.0/16', dns_service_ip: '172.16.0.10' },
        identity: { type: 'UserAssigned' },
        azure_policy_enabled: true,
        lifecycle: { prevent_destroy: true },
        kubernetes_version: '1.34',
        sku_tier: 'Standard',
      });
      expect(aks.key_management_service.key_vault_key_id).toMatch(/^\$\{azurerm_key_vault_key\./);
      const vault = onlyResource(small.infra, 'azurerm_key_vault');
      expect(vault).toMatchObject({ purge_protection_enabled: true, rbac_authorization_enabled: true });
      // The cluster identity may use the key; the cluster waits for that grant to propagate.
      const grants = Object.entries(resourcesOf(small.infra, 'azurerm_role_assignment')) as [string, any][];
      const cryptoUser = grants.find(([, g]) => g.role_definition_name === 'Key Vault Crypto User')!;
      expect(cryptoUser[1].principal_id).toMatch(/azurerm_user_assigned_identity\.[^.]*Aks_Identity[^.]*\.principal_id/);
      const wait = (aks.depends_on as string[]).find((d) => d.startsWith('terraform_data.'))!;
      expect(resourcesOf(small.infra, 'terraform_data')[wait.split('.')[1]].depends_on).toContain(`azurerm_role_assignment.${cryptoUser[0]}`);
    });

    test('with cluster.apiAllowedCidrs the API server is public to those ranges only; without, the cluster is private', () => {
      const aks = onlyResource(small.infra, 'azurerm_kubernetes_cluster');
      expect(aks.private_cluster_enabled).toBe(false);
      expect(aks.api_server_access_profile.authorized_ip_ranges).toEqual(['203.0.113.0/24', '${azurerm_public_ip.LangSmith_Nat_Ip0_E4B07A27.ip_address}/32', '${azurerm_public_ip.LangSmith_Nat_Ip1_F4618AF8.ip_address}/32']);
      const priv = onlyResource(dev, 'azurerm_kubernetes_cluster');
      expect(priv.private_cluster_enabled).toBe(true);
      expect(priv.api_server_access_profile).toBeUndefined();
    });

    test('a 0.0.0.0/0 API allow-list is refused by the config, naming the field and the value', () => {
      expect(() => buildDeployments([azure({ cluster: { apiAllowedCidrs: ['0.0.0.0/0'] } })])).toThrow(/cluster\.apiAllowedCidrs' has value "0\.0\.0\.0\/0"/);
    });

    test('control-plane audit logs go to Log Analytics', () => {
      const diag = onlyResource(small.infra, 'azurerm_monitor_diagnostic_setting');
      expect(diag.target_resource_id).toMatch(/azurerm_kubernetes_cluster\..*\.id/);
      expect(diag.enabled_log.map((l: any) => l.category)).toEqual(['kube-audit-admin', 'guard']);
    });

    test('node pool sized by preset: zones 1-3 and an SLA outside dev, one zone-less pool in dev; cluster.version', () => {
      // small with LangSmith-managed ClickHouse: the preset's node type, three nodes to start (the services,
      // Insights and Polly request 15 CPU; lib/core/sizing.ts clusterNodePool).
      const pool = onlyResource(small.infra, 'azurerm_kubernetes_cluster').default_node_pool;
      expect(pool).toMatchObject({ vm_size: 'Standard_D8s_v5', min_count: 3, max_count: 6, zones: ['1', '2', '3'], auto_scaling_enabled: true, node_public_ip_enabled: false });
      const devAks = onlyResource(dev, 'azurerm_kubernetes_cluster');
      expect(devAks.default_node_pool).toMatchObject({ vm_size: 'Standard_D4s_v5', min_count: 1, max_count: 2 });
      expect(devAks.default_node_pool.zones).toBeUndefined();
      expect(devAks.sku_tier).toBe('Free');
      expect(onlyResource(buildInfra({ cluster: { version: '1.33' } }), 'azurerm_kubernetes_cluster').kubernetes_version).toBe('1.33');
    });

    test('the deployer gets AKS RBAC Cluster Admin (the app stack deploys with kubelogin); azure.grantDeployerClusterAdmin: false removes it', () => {
      const admin = (json: StackJson) => (Object.values(resourcesOf(json, 'azurerm_role_assignment')) as any[]).filter((g) => g.role_definition_name === 'Azure Kubernetes Service RBAC Cluster Admin');
      expect(admin(small.infra)).toHaveLength(1);
      expect(admin(small.infra)[0].principal_id).toMatch(/data\.azurerm_client_config\..*\.object_id/);
      expect(admin(buildInfra({ azure: { grantDeployerClusterAdmin: false } }))).toHaveLength(0);
    });
  });

  describe('PostgreSQL', () => {
    test('VNet-integrated, no public access, private DNS zone, backups, geo-redundant and zone-redundant HA outside dev, lock', () => {
      const pg = onlyResource(small.infra, 'azurerm_postgresql_flexible_server');
      expect(pg).toMatchObject({
        version: '16',
        sku_name: 'GP_Standard_D2ds_v5',
        public_network_access_enabled: false,
        backup_retention_days: 7,
        geo_redundant_backup_enabled: true,
        high_availability: { mode: 'ZoneRedundant' },
        lifecycle: { prevent_destroy: true },
      });
      expect(pg.delegated_subnet_id).toMatch(/PostgresSubnet/);
      expect(pg.private_dns_zone_id).toMatch(/azurerm_private_dns_zone\..*Postgres.*\.id/);
      const zones = (Object.values(resourcesOf(small.infra, 'azurerm_private_dns_zone')) as any[]).map((z) => z.name);
      expect(zones).toContain('acme.private.postgres.database.azure.com');
      const locks = Object.values(resourcesOf(small.infra, 'azurerm_management_lock')) as any[];
      expect(locks.some((l) => l.lock_level === 'CanNotDelete' && /azurerm_postgresql_flexible_server\./.test(l.scope))).toBe(true);
      const devPg = onlyResource(dev, 'azurerm_postgresql_flexible_server');
      expect(devPg.high_availability).toBeUndefined();
      expect(devPg.geo_redundant_backup_enabled).toBe(false);
      expect(devPg.sku_name).toBe('B_Standard_B2s');
    });

    test('TLS enforced and the extensions LangSmith needs allow-listed', () => {
      const conf = Object.fromEntries((Object.values(resourcesOf(small.infra, 'azurerm_postgresql_flexible_server_configuration')) as any[]).map((c) => [c.name, c.value]));
      expect(conf.require_secure_transport).toBe('ON');
      expect(conf.ssl_min_protocol_version).toBe('TLSv1.2');
      expect(conf['azure.extensions'].split(',').sort()).toEqual(['BTREE_GIN', 'BTREE_GIST', 'CITEXT', 'LTREE', 'PGCRYPTO', 'PG_TRGM']);
    });

    test('the admin password is a random_password reference, never a literal', () => {
      expect(onlyResource(small.infra, 'azurerm_postgresql_flexible_server').administrator_password).toMatch(/^\$\{random_password\.[^}]*\.result\}$/);
    });
  });

  describe('Redis (Azure Managed Redis)', () => {
    test('public access off, TLS only, non-clustered, no eviction, HA outside dev, behind a private endpoint with private DNS', () => {
      const redis = onlyResource(small.infra, 'azurerm_managed_redis');
      expect(redis).toMatchObject({
        public_network_access: 'Disabled',
        high_availability_enabled: true,
        sku_name: 'Balanced_B10',
        default_database: { client_protocol: 'Encrypted', clustering_policy: 'NoCluster', eviction_policy: 'NoEviction' },
        lifecycle: { prevent_destroy: true },
      });
      const pe = (Object.values(resourcesOf(small.infra, 'azurerm_private_endpoint')) as any[]).find((p) => p.private_service_connection.subresource_names?.includes('redisEnterprise'));
      expect(pe.private_service_connection.private_connection_resource_id).toMatch(/azurerm_managed_redis\./);
      expect(pe.private_dns_zone_group.private_dns_zone_ids[0]).toMatch(/azurerm_private_dns_zone\./);
      const zones = (Object.values(resourcesOf(small.infra, 'azurerm_private_dns_zone')) as any[]).map((z) => z.name);
      expect(zones).toContain('privatelink.redis.azure.net');
      expect(onlyResource(dev, 'azurerm_managed_redis')).toMatchObject({ high_availability_enabled: false, sku_name: 'Balanced_B1' });
    });
  });

  describe('blob storage', () => {
    test('HTTPS only, TLS 1.2, no public blobs, no public network, no shared keys, versioning and soft delete, private endpoint', () => {
      const sa = onlyResource(small.infra, 'azurerm_storage_account');
      expect(sa).toMatchObject({
        https_traffic_only_enabled: true,
        min_tls_version: 'TLS1_2',
        allow_nested_items_to_be_public: false,
        public_network_access_enabled: false,
        shared_access_key_enabled: false,
        infrastructure_encryption_enabled: true,
        account_replication_type: 'ZRS',
        network_rules: { default_action: 'Deny', bypass: ['AzureServices'] },
        blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 7 }, container_delete_retention_policy: { days: 7 } },
        lifecycle: { prevent_destroy: true },
      });
      expect(sa.name).toMatch(/^acme\$\{random_string\.[^}]*\.result\}$/);
      const pe = (Object.values(resourcesOf(small.infra, 'azurerm_private_endpoint')) as any[]).find((p) => p.private_service_connection.subresource_names?.includes('blob'));
      expect(pe.private_service_connection.private_connection_resource_id).toMatch(/azurerm_storage_account\./);
      expect(onlyResource(small.infra, 'azurerm_storage_container')).toMatchObject({ name: 'langsmith', container_access_type: 'private' });
      expect(onlyResource(small.infra, 'azurerm_storage_container').storage_account_id).toMatch(/azurerm_storage_account\..*\.id/);
    });

    test('lifecycle rules delete <container>/ttl_s/ after 14 days and <container>/ttl_l/ after 400 days', () => {
      const rules = onlyResource(small.infra, 'azurerm_storage_management_policy').rule as any[];
      const byPrefix = Object.fromEntries(rules.map((r) => [r.filters.prefix_match[0], r.actions.base_blob.delete_after_days_since_modification_greater_than]));
      expect(byPrefix).toEqual({ 'langsmith/ttl_s/': 14, 'langsmith/ttl_l/': 400 });
    });

    test('a user-assigned identity federated with exactly the blob service accounts, Storage Blob Data Contributor on the container', () => {
      const creds = Object.values(resourcesOf(small.infra, 'azurerm_federated_identity_credential')) as any[];
      // Exactly the service accounts the chart values give the workload identity's client id (the
      // list lives in lib/core/naming.ts; whatever it grows to, each of them must be federated),
      // whose pods carry azure.workload.identity/use.
      const values = langsmithValues(small.app);
      const at = (path: string) => path.split('.').reduce((v: any, k) => v?.[k], values);
      const annotated = Object.values(BLOB_STORAGE_VALUE_PATHS).map(at).filter((v: any) => v?.serviceAccount?.annotations?.['azure.workload.identity/client-id']) as any[];
      expect(annotated.length).toBeGreaterThanOrEqual(8); // observability: every commonEnv workload but host-backend and listener
      for (const v of annotated) expect(v.deployment.labels).toMatchObject({ 'azure.workload.identity/use': 'true' });
      expect(creds.map((c) => c.subject)).toEqual(expect.arrayContaining(annotated.map((v) => `system:serviceaccount:langsmith:${v.serviceAccount.name}`)));
      expect(creds.map((c) => c.subject).sort()).toEqual(blobServiceAccountSubjects().sort());
      for (const c of creds) {
        expect(c.issuer).toMatch(/azurerm_kubernetes_cluster\..*\.oidc_issuer_url/);
        expect(c.audience).toEqual(['api://AzureADTokenExchange']);
        expect(c.parent_id).toMatch(/azurerm_user_assigned_identity\..*Blob_Identity.*\.id/);
      }
      const grant = (Object.values(resourcesOf(small.infra, 'azurerm_role_assignment')) as any[]).find((g) => g.role_definition_name === 'Storage Blob Data Contributor');
      expect(grant.scope).toMatch(/azurerm_storage_account\..*\.id\}\/blobServices\/default\/containers\/langsmith$/);
      expect(grant.principal_id).toMatch(/Blob_Identity.*principal_id/);
    });

    test('a custom namespace is what the federated credentials trust', () => {
      const creds = Object.values(resourcesOf(buildInfra({ namespace: 'ls' }), 'azurerm_federated_identity_credential')) as any[];
      expect(creds.every((c) => c.subject.startsWith('system:serviceaccount:ls:'))).toBe(true);
    });

    test('mode standalone creates no storage account and no bucket output', () => {
      const infra = buildInfra({ mode: 'standalone', agentServer: { image: 'registry.example/agent:1.0.0' } });
      expect(resourcesOf(infra, 'azurerm_storage_account')).toEqual({});
      expect(resourcesOf(infra, 'azurerm_federated_identity_credential')).toEqual({});
      expect(infra.output.bucket).toBeUndefined();
      expect(infra.output.postgres_host).toBeDefined();
      expect(infra.output.redis_host).toBeDefined();
    });
  });

  describe('ClickHouse', () => {
    test('private link: a manual private endpoint to the alias, the region zone with a wildcard record, 8443/9440 from the VNet, outputs', () => {
      const pe = (Object.values(resourcesOf(small.infra, 'azurerm_private_endpoint')) as any[]).find((p) => p.private_service_connection.private_connection_resource_alias);
      expect(pe.private_service_connection).toMatchObject({ private_connection_resource_alias: PRIVATE_LINK.endpointService, is_manual_connection: true });
      expect(pe.private_service_connection.request_message).toBeTruthy();
      const zone = (Object.values(resourcesOf(small.infra, 'azurerm_private_dns_zone')) as any[]).find((z) => z.name.includes('clickhouse'));
      expect(zone.name).toBe('eastus2.privatelink.azure.clickhouse.cloud');
      const record = onlyResource(small.infra, 'azurerm_private_dns_a_record');
      expect(record).toMatchObject({ name: '*', ttl: 300 });
      expect(record.records[0]).toMatch(/azurerm_private_endpoint\..*ClickHouse.*private_service_connection\[0\]\.private_ip_address/);
      const rule = onlyResource(small.infra, 'azurerm_network_security_rule');
      expect(rule).toMatchObject({ direction: 'Inbound', access: 'Allow', protocol: 'Tcp', destination_port_ranges: ['8443', '9440'], source_address_prefix: '10.0.0.0/16' });
      expect(small.infra.output.clickhouse_private_endpoint_id.value).toMatch(/azurerm_private_endpoint\..*ClickHouse.*\.id/);
      expect(small.infra.output.clickhouse_private_dns_zone.value).toMatch(/azurerm_private_dns_zone\./);
    });

    test('connectivity public: no private endpoint to ClickHouse, the NAT IPs only', () => {
      const infra = buildInfra({ clickhouse: { type: 'langsmith-managed', connectivity: 'public', host: 'abc.eastus2.azure.clickhouse.cloud' }, egress: { staticIps: 2 } });
      expect((Object.values(resourcesOf(infra, 'azurerm_private_endpoint')) as any[]).some((p) => p.private_service_connection.private_connection_resource_alias)).toBe(false);
      expect(infra.output.clickhouse_private_endpoint_id).toBeUndefined();
      expect(infra.output.egress_ips.value).toHaveLength(2);
    });

    test('public ClickHouse without NAT (azure.nat: false) is refused by the loader, naming the field; the builder builds what it is given', () => {
      const publicCh = { type: 'langsmith-managed', connectivity: 'public', host: 'abc.eastus2.azure.clickhouse.cloud' };
      expect(() => buildInfra({ clickhouse: publicCh, azure: { nat: false } })).toThrow(/test\.yaml: deployments\[0\] \(acme\): field 'azure\.nat' has value false.*static NAT IPs/);
      // Past the loader (a DeploymentConfig made by hand) the rule is not said again.
      const [d] = validateDeployments({ deployments: [azure({ clickhouse: publicCh })] }, 'test.yaml');
      const json = synthJson(buildAzureFoundation(Testing.app(), { ...d, azure: { ...d.azure, nat: false } }).stack);
      expect(resourcesOf(json, 'azurerm_nat_gateway')).toEqual({});
    });

    test('an outbound type other than the NAT gateway with one is refused by the loader; past it, only the construct invariant remains', () => {
      expect(() => buildInfra({ azure: { outboundType: 'loadBalancer' } })).toThrow(/test\.yaml: deployments\[0\] \(acme\): field 'azure\.outboundType' has value "loadBalancer"; with a NAT gateway/);
      const [d] = validateDeployments({ deployments: [azure()] }, 'test.yaml');
      expect(() => buildAzureFoundation(Testing.app(), { ...d, azure: { ...d.azure, outboundType: 'loadBalancer' } }))
        .toThrow(/^acme-infra\/LangSmith: field 'outboundType' has value "loadBalancer"; with a NAT gateway AKS must use it/);
    });

    test('a private-link host that is not a ClickHouse private hostname is refused by the loader; past it, with the construct path', () => {
      expect(() => buildInfra({ clickhouse: { ...PRIVATE_LINK, host: 'abc.eastus2.azure.clickhouse.cloud' } })).toThrow(/^test\.yaml: deployments\[0\] \(acme\): field 'clickhouse\.host' has value "abc\.eastus2\.azure\.clickhouse\.cloud"; allowed with connectivity: private-link on cloud: azure: the private hostname/);
      const [d] = validateDeployments({ deployments: [azure({ clickhouse: PRIVATE_LINK })] }, 'test.yaml');
      expect(() => buildAzureFoundation(Testing.app(), { ...d, clickhouse: { ...d.clickhouse, host: 'abc.eastus2.azure.clickhouse.cloud' } }))
        .toThrow(/^acme-infra\/LangSmith\/ClickHouse: field 'host' has value "abc\.eastus2\.azure\.clickhouse\.cloud"; allowed: the private hostname/);
    });
  });

  describe('wiring into the app stack', () => {
    test('the kubernetes and helm providers reach AKS by its endpoint and decoded CA, with kubelogin', () => {
      const k = small.app.provider.kubernetes[0];
      expect(k.host).toMatch(/^\$\{data\.terraform_remote_state\.[^}]*azurerm_kubernetes_cluster[^}]*kube_config0host\}$/);
      expect(k.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.terraform_remote_state\.[^}]*kube_config0cluster_ca_certificate\)\}$/);
      expect(k.exec[0]).toEqual({ api_version: 'client.authentication.k8s.io/v1beta1', command: 'kubelogin', args: ['get-token', '--login', 'azurecli', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630'] });
      expect(small.app.provider.helm[0].kubernetes.exec.command).toBe('kubelogin');
      expect(small.infra.output.kubeconfig_command.value).toMatch(/^az aks get-credentials --resource-group \$\{azurerm_resource_group\.[^}]*\.name\} --name acme-aks && kubelogin convert-kubeconfig -l azurecli$/);
    });

    test('Postgres and Redis reach the chart through Kubernetes Secrets built from references (TLS on both)', () => {
      const secrets = Object.values(resourcesOf(small.app, 'kubernetes_secret_v1')) as any[];
      const pg = secrets.find((s) => s.metadata.name === 'langsmith-postgres');
      expect(pg.data.connection_url).toMatch(/^langsmith:\$\{urlencode\(data\.terraform_remote_state\.[^}]*random_password[^}]*\)\}@\$\{data\.terraform_remote_state\.[^}]*fqdn\}:5432\/\$\{[^}]*\}\?sslmode=require$/);
      const redis = secrets.find((s) => s.metadata.name === 'langsmith-redis');
      expect(redis.data.connection_url).toMatch(/^rediss:\/\/:\$\{urlencode\([^)]*primary_access_key\)\}@\$\{[^}]*hostname\}:10000$/);
      const values = langsmithValues(small.app);
      expect(values.postgres.external).toMatchObject({ enabled: true, existingSecretName: 'langsmith-postgres' });
      expect(values.redis.external).toMatchObject({ enabled: true, existingSecretName: 'langsmith-redis' });
    });

    test('blob storage reaches the chart with workload identity: engine, account, container, client-id annotation, pod label, no key', () => {
      const values = langsmithValues(small.app);
      expect(values.config.blobStorage).toMatchObject({ enabled: true, engine: 'Azure' });
      expect(values.config.blobStorage.azureStorageAccountName).toMatch(/azurerm_storage_account/);
      expect(values.config.blobStorage.azureStorageContainerName).toMatch(/azurerm_storage_container/);
      expect(values.config.blobStorage.azureStorageAccountKey).toBeUndefined();
      expect(values.config.blobStorage.azureStorageConnectionString).toBeUndefined();
      for (const comp of ['backend', 'platformBackend', 'queue', 'ingestQueue']) {
        expect(values[comp].serviceAccount.annotations['azure.workload.identity/client-id']).toMatch(/azurerm_user_assigned_identity[^}]*Blob_Identity[^}]*client_id/);
        expect(values[comp].deployment.labels['azure.workload.identity/use']).toBe('true');
      }
    });

    test('LangSmith-managed ClickHouse over private link is reached by its private host; storage class managed-csi-premium', () => {
      const secret = Object.values(resourcesOf(small.app, 'kubernetes_secret_v1')).find((s: any) => s.data.clickhouse_host) as any;
      expect(secret.data.clickhouse_host).toBe(PRIVATE_LINK.host);
      expect(langsmithValues(small.app).clickhouse.external.hybrid).toBe(true);
      expect(langsmithValues(build({ size: 'dev' }).app).clickhouse.statefulSet.persistence.storageClassName).toBe('managed-csi-premium');
    });

    test('ingress: the application routing add-on, internal by default, external on request', () => {
      expect(langsmithValues(small.app).ingress).toMatchObject({ enabled: true, ingressClassName: 'webapprouting.kubernetes.azure.com' });
      expect(onlyResource(small.infra, 'azurerm_kubernetes_cluster').web_app_routing.default_nginx_controller).toBe('Internal');
      const ext = buildInfra({ hostname: 'ls.acme.example', exposure: { tlsSecretName: 'langsmith-tls' }, azure: { ingress: 'external' } });
      expect(onlyResource(ext, 'azurerm_kubernetes_cluster').web_app_routing.default_nginx_controller).toBe('External');
      // No hostname: no Ingress, no add-on.
      expect(onlyResource(dev, 'azurerm_kubernetes_cluster').web_app_routing).toBeUndefined();
    });
  });

  test('no secret value leaves the infra stack except as sensitive outputs', () => {
    for (const fragment of ['random_password', 'primary_access_key']) {
      const outs = outputsReferencing(small.infra, fragment);
      expect(outs.length).toBeGreaterThan(0);
      for (const o of outs) expect(o.sensitive).toBe(true);
    }
    expect(JSON.stringify(small.infra)).not.toMatch(/"administrator_password":\s*"[^$]/);
  });

  test('named outputs for users: cluster, kubeconfig, bucket as account/container, database and cache hosts', () => {
    const out = small.infra.output;
    // From the Foundation contract: the name the cluster is created with (same value as its `name` attribute, known at plan).
    expect(out.cluster_name.value).toBe('acme-aks');
    expect(out.bucket.value).toMatch(/^\$\{azurerm_storage_account\.[^}]*\.name\}\/\$\{azurerm_storage_container\.[^}]*\.name\}$/);
    expect(out.postgres_host.value).toMatch(/azurerm_postgresql_flexible_server\..*\.fqdn/);
    expect(out.redis_host.value).toMatch(/azurerm_managed_redis\..*\.hostname/);
    for (const o of Object.entries(out)) if (!o[0].startsWith('cross-stack')) expect((o[1] as any).description).toBeTruthy();
  });

  test('deletionProtection: false lifts prevent_destroy and the management locks', () => {
    const infra = buildInfra({ deletionProtection: false });
    expect(resourcesOf(infra, 'azurerm_management_lock')).toEqual({});
    for (const type of ['azurerm_kubernetes_cluster', 'azurerm_postgresql_flexible_server', 'azurerm_managed_redis', 'azurerm_storage_account']) {
      expect(onlyResource(infra, type).lifecycle?.prevent_destroy).toBe(false);
    }
    const locked = Object.values(resourcesOf(dev, 'azurerm_management_lock')) as any[];
    for (const type of ['azurerm_postgresql_flexible_server', 'azurerm_managed_redis', 'azurerm_storage_account']) {
      expect(locked.filter((l) => l.lock_level === 'CanNotDelete' && l.scope.startsWith(`\${${type}.`))).toHaveLength(1);
    }
  });

  test('stateful resources keep their Terraform addresses (renaming one destroys data)', () => {
    const ids = (type: string) => Object.keys(resourcesOf(small.infra, type)).sort();
    expect(ids('azurerm_kubernetes_cluster')).toEqual(['LangSmith_Aks_Cluster_039C9F5F']);
    expect(ids('azurerm_postgresql_flexible_server')).toEqual(['LangSmith_Postgres_Server_A61759EE']);
    expect(ids('azurerm_managed_redis')).toEqual(['LangSmith_Redis_Cache_216B8EBA']);
    expect(ids('azurerm_storage_account')).toEqual(['LangSmith_Blob_Account_69D12C70']);
    expect(ids('random_string')).toEqual(['LangSmith_NameSuffix_FEE614F7']);
    expect(ids('azurerm_public_ip')).toEqual(['LangSmith_Nat_Ip0_E4B07A27', 'LangSmith_Nat_Ip1_F4618AF8']);
  });

  describe('validation', () => {
    test('unknown azure: fields get a did-you-mean hint', () => {
      expect(() => buildDeployments([azure({ azure: { ingres: 'external' } })])).toThrow(/azure\.ingres.*did you mean 'ingress'/);
    });

    test('an existing VNet needs exactly three subnets, in order', () => {
      let err: unknown;
      try { buildInfra({ network: { existingNetworkId: VNET, existingSubnetIds: [`${VNET}/subnets/aks`] } }); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(ConfigurationError);
      expect((err as Error).message).toMatch(/deployments\[0\] \(acme\): field 'network\.existingSubnetIds' has value \[.*; required with network\.existingNetworkId on cloud: azure; allowed: exactly three subnet ids/);
    });

    test('a subnet of another VNet is refused by the loader; past it, with the construct path, field and value', () => {
      const other = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/x/providers/Microsoft.Network/virtualNetworks/other/subnets/pg';
      const subnets = [`${VNET}/subnets/aks`, other, `${VNET}/subnets/pe`];
      expect(() => buildInfra({ network: { existingNetworkId: VNET, existingSubnetIds: subnets } }))
        .toThrow(/^test\.yaml: deployments\[0\] \(acme\): field 'network\.existingSubnetIds' has value "\/subscriptions\/.*; not a subnet of network\.existingNetworkId \(.*virtualNetworks\/hub\)/);
      const [d] = validateDeployments({ deployments: [azure({ network: { existingNetworkId: VNET, existingSubnetIds: [`${VNET}/subnets/aks`, `${VNET}/subnets/pg`, `${VNET}/subnets/pe`] } })] }, 'test.yaml');
      expect(() => buildAzureFoundation(Testing.app(), { ...d, network: { ...d.network, existingSubnetIds: subnets } }))
        .toThrow(/^acme-infra\/ExistingNetwork: field 'postgresSubnetId' has value "\/subscriptions\/.*; allowed: a subnet of the VNet .*virtualNetworks\/hub$/);
    });

    test('a service range overlapping the VNet is refused by the loader; past it, by the AKS construct', () => {
      expect(() => buildInfra({ azure: { serviceCidr: '10.0.0.0/16' } })).toThrow(/test\.yaml: deployments\[0\] \(acme\): field 'azure\.serviceCidr' has value "10\.0\.0\.0\/16"; the range overlaps network\.cidr \(10\.0\.0\.0\/16\)/);
      const [d] = validateDeployments({ deployments: [azure()] }, 'test.yaml');
      expect(() => buildAzureFoundation(Testing.app(), { ...d, azure: { ...d.azure, serviceCidr: '10.0.0.0/16' } })).toThrow(/LangSmith\/Aks: field 'serviceCidr' has value "10\.0\.0\.0\/16"; overlaps 'vnetCidr'/);
    });

    test('a bad storage account name is refused by the config', () => {
      expect(() => buildDeployments([azure({ azure: { storageAccountName: 'Acme-Traces' } })])).toThrow(/azure\.storageAccountName' has value "Acme-Traces"/);
    });

    test('a Private Link alias that is not an Azure alias is refused by the config', () => {
      expect(() => buildDeployments([azure({ clickhouse: { ...PRIVATE_LINK, endpointService: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123' } })])).toThrow(/clickhouse\.endpointService.*\.azure\.privatelinkservice/);
    });
  });
});
