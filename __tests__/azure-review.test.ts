/**
 * Independent review of the Azure part (after issue 17): one test per finding, each reading the
 * synthesized JSON the way the azurerm provider (pinned 4.55.0) reads it.
 */
import { Testing } from 'cdktf';
import { buildAzureFoundation, kubeloginModeFromEnv } from '../stacks/clouds/azure';
import { join } from 'path';
import { loadDeployments, validateDeployments } from '../stacks/config';
import { onlyResource, StackJson, synthJson } from './helpers';

function infra(overrides: Record<string, unknown> = {}): StackJson {
  const [d] = validateDeployments({ deployments: [{ name: 'acme', mode: 'observability', cloud: 'azure', region: 'ukwest', size: 'small', ...overrides }] }, 'test.yaml');
  return synthJson(buildAzureFoundation(Testing.app(), d).stack);
}

describe('a region without availability zones (azure.zones: [])', () => {
  // Flexible Server refuses a pinned zone and a ZoneRedundant standby where the region has no
  // zones, and Storage refuses ZRS there: the first apply failed although the user did what the
  // README says (zones: []) for such a region.
  test('PostgreSQL HA is SameZone with no zone pinned; storage defaults to LRS', () => {
    const json = infra({ azure: { zones: [] } });
    const pg = onlyResource(json, 'azurerm_postgresql_flexible_server');
    expect(pg.high_availability).toEqual({ mode: 'SameZone' });
    expect(pg.zone).toBeUndefined();
    expect(onlyResource(json, 'azurerm_storage_account').account_replication_type).toBe('LRS');
    expect(onlyResource(json, 'azurerm_kubernetes_cluster').default_node_pool.zones).toBeUndefined();
  });

  test('a zonal region keeps ZoneRedundant HA in zone 1 and ZRS storage', () => {
    const json = infra({ region: 'uksouth' });
    const pg = onlyResource(json, 'azurerm_postgresql_flexible_server');
    expect(pg.high_availability).toEqual({ mode: 'ZoneRedundant' });
    expect(pg.zone).toBe('1');
    expect(onlyResource(json, 'azurerm_storage_account').account_replication_type).toBe('ZRS');
  });

  test('dev (no HA) pins no zone, so it also creates in a region without zones', () => {
    const pg = onlyResource(infra({ size: 'dev' }), 'azurerm_postgresql_flexible_server');
    expect(pg.high_availability).toBeUndefined();
    expect(pg.zone).toBeUndefined();
  });

  test('an explicit storageReplication still wins', () => {
    expect(onlyResource(infra({ azure: { zones: [], storageReplication: 'GRS' } }), 'azurerm_storage_account').account_replication_type).toBe('GRS');
  });
});

describe('the cluster waits for the NAT gateway to have its public IPs', () => {
  // The node subnet has default outbound access off: until a public IP is associated with the
  // gateway, nodes have no egress (image pulls, the API server of a public cluster) and AKS
  // fails node provisioning. The cluster waited only for the subnet association.
  test('depends_on lists every NAT public IP association and the subnet association', () => {
    const json = infra({ region: 'uksouth' });
    const deps: string[] = onlyResource(json, 'azurerm_kubernetes_cluster').depends_on;
    const ipAssociations = Object.keys(json.resource.azurerm_nat_gateway_public_ip_association);
    expect(ipAssociations).toHaveLength(2);
    for (const a of ipAssociations) expect(deps).toContain(`azurerm_nat_gateway_public_ip_association.${a}`);
    expect(deps.some((d) => d.startsWith('azurerm_subnet_nat_gateway_association.'))).toBe(true);
  });
});

describe('two deployments in one existing resource group', () => {
  // Each creates privatelink.redis.azure.net (and the blob zone) in azure.resourceGroupName: the
  // second apply fails with "a resource with the ID ... already exists".
  const d = (name: string, azure: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ name, mode: 'observability', cloud: 'azure', region: 'uksouth', azure, ...extra });
  const ZONE = (n: string) => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/${n}`;

  test('refused at load, naming the later deployment, the field and the zone', () => {
    expect(() => validateDeployments({ deployments: [d('one', { resourceGroupName: 'shared' }), d('two', { resourceGroupName: 'Shared' })] }, 'f.yaml'))
      .toThrow(/deployments\[1\] \(two\).*azure\.resourceGroupName.*privatelink\.redis\.azure\.net/s);
  });

  test('accepted with other groups, or with existing zones for the later one', () => {
    expect(() => validateDeployments({ deployments: [d('one', { resourceGroupName: 'a' }), d('two', { resourceGroupName: 'b' }), d('three', {})] }, 'f.yaml')).not.toThrow();
    expect(() => validateDeployments({ deployments: [d('one', { resourceGroupName: 'shared' }), d('two', { resourceGroupName: 'shared', privateDnsZoneIds: { redis: ZONE('privatelink.redis.azure.net'), blob: ZONE('privatelink.blob.core.windows.net') } })] }, 'f.yaml')).not.toThrow();
  });

  test('a standalone deployment creates no blob zone, so only the redis zone counts', () => {
    expect(() => validateDeployments({ deployments: [d('one', { resourceGroupName: 'shared' }), d('two', { resourceGroupName: 'shared', privateDnsZoneIds: { redis: ZONE('privatelink.redis.azure.net') } }, { mode: 'standalone', agentServer: { image: 'ghcr.io/acme/a:1' } })] }, 'f.yaml')).not.toThrow();
  });
});

describe('the NAT public IPs are never replaced over reported zones', () => {
  // azurerm_public_ip.zones is ForceNew and not computed: Azure reporting zones for an IP created
  // without them (#18741, upstream/microsoft) would plan a replacement of the allow-listed address
  // (refused by prevent_destroy: every later plan of the infra stack fails).
  test('ignore_changes zones, prevent_destroy kept', () => {
    const ips = Object.values(infra({ region: 'uksouth' }).resource.azurerm_public_ip) as any[];
    expect(ips).toHaveLength(2);
    for (const ip of ips) {
      expect(ip.zones).toBeUndefined();
      expect(ip.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['zones'] });
    }
  });
});

describe('a private API server behind hub DNS (azure.privateDnsZoneIds.aks)', () => {
  // With custom DNS servers in a hub, nodes cannot resolve the API server in the System zone AKS
  // links to the cluster VNet only, and cluster creation fails; landing zones bring
  // privatelink.<region>.azmk8s.io linked to the hub.
  const VNET = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/spoke';
  const byo = { existingNetworkId: VNET, existingSubnetIds: [`${VNET}/subnets/aks`, `${VNET}/subnets/pg`, `${VNET}/subnets/pe`] };
  const zone = (name: string) => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/${name}`;

  test('the cluster uses the brought zone; its identity is Private DNS Zone Contributor there, before the cluster', () => {
    const json = infra({ region: 'uksouth', network: byo, azure: { privateDnsZoneIds: { aks: zone('privatelink.uksouth.azmk8s.io') } } });
    const aks = onlyResource(json, 'azurerm_kubernetes_cluster');
    expect(aks.private_dns_zone_id).toBe(zone('privatelink.uksouth.azmk8s.io'));
    const [[id]] = Object.entries(json.resource.azurerm_role_assignment).filter(([, g]: [string, any]) => g.role_definition_name === 'Private DNS Zone Contributor' && g.scope === zone('privatelink.uksouth.azmk8s.io'));
    const wait = Object.values(json.resource.terraform_data).find((w: any) => w.depends_on.includes(`azurerm_role_assignment.${id}`)) as any;
    expect(wait).toBeDefined();
    expect(aks.depends_on.some((d: string) => d.startsWith('terraform_data.') && JSON.stringify(json.resource.terraform_data[d.split('.')[1]]) === JSON.stringify(wait))).toBe(true);
  });

  test('System by default; a zone of another name or region, or on a public cluster, is refused', () => {
    expect(onlyResource(infra({ region: 'uksouth' }), 'azurerm_kubernetes_cluster').private_dns_zone_id).toBe('System');
    // Refused by the loader, with the file's field names...
    expect(() => infra({ region: 'uksouth', azure: { privateDnsZoneIds: { aks: zone('privatelink.westeurope.azmk8s.io') } } })).toThrow(/^test\.yaml: deployments\[0\] \(acme\): field 'azure\.privateDnsZoneIds\.aks' has value .*; allowed: the id of a zone named privatelink\.uksouth\.azmk8s\.io/);
    expect(() => infra({ region: 'uksouth', cluster: { apiAllowedCidrs: ['203.0.113.0/24'] }, azure: { privateDnsZoneIds: { aks: zone('privatelink.uksouth.azmk8s.io') } } })).toThrow(/field 'azure\.privateDnsZoneIds\.aks' has value .*; only for a private API server, and cluster\.apiAllowedCidrs makes it public/);
    // ...and past it (a configuration made by hand, as a library user could) by AksCluster.
    const [d] = validateDeployments({ deployments: [{ name: 'acme', mode: 'observability', cloud: 'azure', region: 'uksouth', size: 'small' }] }, 'test.yaml');
    const build = (patch: object) => () => buildAzureFoundation(Testing.app(), { ...d, ...patch } as typeof d);
    expect(build({ azure: { ...d.azure, privateDnsZoneIds: { aks: zone('privatelink.westeurope.azmk8s.io') } } })).toThrow(/^acme-infra\/LangSmith\/Aks: field 'privateDnsZoneId'.*privatelink\.uksouth\.azmk8s\.io/);
    expect(build({ cluster: { apiAllowedCidrs: ['203.0.113.0/24'] }, azure: { ...d.azure, privateDnsZoneIds: { aks: zone('privatelink.uksouth.azmk8s.io') } } })).toThrow(/^acme-infra\/LangSmith\/Aks: field 'privateDnsZoneId'.*only for a private cluster/);
    expect(onlyResource(infra({ region: 'uksouth', azure: { privateDnsZoneIds: { aks: zone('team.privatelink.uksouth.azmk8s.io') } } }), 'azurerm_kubernetes_cluster').private_dns_zone_id).toBe(zone('team.privatelink.uksouth.azmk8s.io'));
  });
});

describe('ClickHouse Private Link on a brought VNet creates no unattached security group', () => {
  const VNET = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/spoke';
  const network = { existingNetworkId: VNET, existingSubnetIds: [`${VNET}/subnets/aks`, `${VNET}/subnets/pg`, `${VNET}/subnets/pe`] };
  const clickhouse = {
    type: 'langsmith-managed',
    connectivity: 'private-link',
    endpointService: 'production-uksouth-0-0.8f1c2d3e-4a5b-4c6d-9e8f-0a1b2c3d4e5f.uksouth.azure.privatelinkservice',
    host: 'abc123.uksouth.privatelink.azure.clickhouse.cloud',
  };

  test('brought subnet: no network security group or rule (a new group would be attached to nothing)', () => {
    const json = infra({ region: 'uksouth', network, clickhouse });
    expect(json.resource.azurerm_network_security_group).toBeUndefined();
    expect(json.resource.azurerm_network_security_rule).toBeUndefined();
    expect(Object.values(json.resource.azurerm_private_endpoint).filter((e: any) => e.private_service_connection.is_manual_connection)).toHaveLength(1);
  });

  test('created VNet: the rule goes on the private-endpoint subnet\'s own group', () => {
    const json = infra({ region: 'uksouth', clickhouse });
    const rule = onlyResource(json, 'azurerm_network_security_rule');
    const [nsg] = Object.keys(json.resource.azurerm_network_security_group);
    expect(rule.network_security_group_name).toBe(`\${azurerm_network_security_group.${nsg}.name}`);
    expect(Object.values(json.resource.azurerm_subnet_network_security_group_association)).toHaveLength(1);
  });
});

describe('kubelogin mode follows the azurerm provider\'s authentication order', () => {
  // go-azure-sdk sdk/auth/auth.go tries client certificate, client secret, OIDC, then managed
  // identity: with ARM_USE_MSI=true and a client secret both set (a self-hosted runner on an Azure
  // VM) azurerm is the service principal, and kubelogin must log in as it too, or the app stack
  // connects as a principal that was never granted cluster admin.
  test('a client secret or certificate wins over ARM_USE_MSI; a token file over MSI', () => {
    expect(kubeloginModeFromEnv({ ARM_USE_MSI: 'true', ARM_CLIENT_ID: 'x', ARM_CLIENT_SECRET: 'y' })).toBe('spn');
    expect(kubeloginModeFromEnv({ ARM_USE_MSI: 'true', ARM_CLIENT_ID: 'x', ARM_CLIENT_CERTIFICATE_PATH: '/c.pfx' })).toBe('spn');
    expect(kubeloginModeFromEnv({ ARM_USE_MSI: 'true', ARM_USE_OIDC: 'true', ARM_OIDC_TOKEN_FILE_PATH: '/t' })).toBe('workloadidentity');
    expect(kubeloginModeFromEnv({ ARM_USE_MSI: 'true' })).toBe('msi');
  });
});

describe('AKS nodes can pull from Azure Container Registry (azure.acrIds)', () => {
  // The kubelet identity has no pull access to any registry: the standalone demo's
  // acme.azurecr.io agent server image stayed in ImagePullBackOff.
  const ACR = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/reg/providers/Microsoft.ContainerRegistry/registries/acme';
  const standalone = { mode: 'standalone', region: 'uksouth', agentServer: { image: 'acme.azurecr.io/agents/a:1.0.0' } };

  test('AcrPull for the kubelet identity on each registry, in the wait the app stack starts after', () => {
    const json = infra({ ...standalone, azure: { acrIds: [ACR] } });
    const [[id, g]] = Object.entries(json.resource.azurerm_role_assignment).filter(([, r]: [string, any]) => r.role_definition_name === 'AcrPull') as [string, any][];
    expect(g.scope).toBe(ACR);
    expect(g.principal_id).toMatch(/^\$\{azurerm_kubernetes_cluster\.[^.]+\.kubelet_identity\[0\]\.object_id\}$/);
    expect(g.principal_type).toBe('ServicePrincipal');
    const waits = Object.values(json.resource.terraform_data) as any[];
    expect(waits.some((w) => w.depends_on.includes(`azurerm_role_assignment.${id}`))).toBe(true);
  });

  test('an azurecr.io image without acrIds or pull secrets is refused at load; accepted with either', () => {
    expect(() => infra(standalone)).toThrow(/agentServer\.image.*azure\.acrIds/s);
    expect(() => infra({ ...standalone, images: { pullSecrets: ['acr'] } })).not.toThrow();
    expect(() => infra({ region: 'uksouth', images: { registry: 'acme.azurecr.io/langchain' } })).toThrow(/images\.registry/);
    expect(() => infra({ ...standalone, agentServer: { image: 'docker.io/acme/a:1.0.0' } })).not.toThrow();
  });

  test('the standalone demo names its registry', () => {
    const demo = loadDeployments(join(__dirname, '..', 'stacks', 'deployments.yaml')).find((d) => d.name === 'azure-agent')!;
    expect(demo.agentServer!.image).toMatch(/\.azurecr\.io\//);
    expect(demo.azure.acrIds).toHaveLength(1);
  });
});

describe('a dev deployment can grow without replacing its stores', () => {
  // dev -> small changes storage LRS->ZRS, PostgreSQL geo-backup and Managed Redis SKU/HA, each
  // ForceNew in azurerm 4.55 (refused by prevent_destroy); Redis HA had no knob to pin.
  test('pinning the created values keeps every ForceNew argument of the stores unchanged', () => {
    const dev = infra({ size: 'dev', region: 'uksouth' });
    const small = infra({ size: 'small', region: 'uksouth', azure: { storageReplication: 'LRS', postgresGeoRedundantBackup: false, redisSku: 'Balanced_B1', redisHighAvailability: false } });
    const redis = (j: StackJson) => onlyResource(j, 'azurerm_managed_redis');
    expect([redis(small).sku_name, redis(small).high_availability_enabled]).toEqual([redis(dev).sku_name, redis(dev).high_availability_enabled]);
    expect(onlyResource(small, 'azurerm_postgresql_flexible_server').geo_redundant_backup_enabled).toBe(onlyResource(dev, 'azurerm_postgresql_flexible_server').geo_redundant_backup_enabled);
    expect(onlyResource(small, 'azurerm_storage_account').account_replication_type).toBe(onlyResource(dev, 'azurerm_storage_account').account_replication_type);
  });
});
