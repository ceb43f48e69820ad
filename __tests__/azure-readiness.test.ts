/**
 * Issue 17, "Azure deploy readiness": one test (or more) per finding, each reading the synthesized
 * JSON the way Terraform or the azurerm provider reads it, or the loader's answer.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { kubeloginArgs } from '../lib/azure/aks-cluster';
import { AzureLangSmithFoundation } from '../lib/azure/foundation';
import { buildAzureFoundation, kubeloginModeFromEnv } from '../stacks/clouds/azure';
import { validateDeployments } from '../stacks/config';
import { build as azureByoVnet } from '../examples/azure-byo-vnet/main';
import { buildDeployments, onlyResource, resourcesOf, StackJson, synthJson } from './helpers';

const SUB = '00000000-0000-0000-0000-000000000000';
const VNET = `/subscriptions/${SUB}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub`;
const ZONE = (name: string) => `/subscriptions/${SUB}/resourceGroups/dns-rg/providers/Microsoft.Network/privateDnsZones/${name}`;
const PRIVATE_LINK = {
  type: 'langsmith-managed',
  connectivity: 'private-link',
  endpointService: 'production-eastus2-0-0.8f1c2d3e-4a5b-4c6d-9e8f-0a1b2c3d4e5f.eastus2.azure.privatelinkservice',
  host: 'abc123.eastus2.privatelink.azure.clickhouse.cloud',
};

function azure(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'acme', mode: 'observability', cloud: 'azure', region: 'eastus2', ...overrides };
}

function infra(overrides: Record<string, unknown> = {}): StackJson {
  const [d] = validateDeployments({ deployments: [azure(overrides)] }, 'test.yaml');
  return synthJson(buildAzureFoundation(Testing.app(), d).stack);
}

function both(overrides: Record<string, unknown> = {}): { infra: StackJson; app: StackJson } {
  const { stacks } = buildDeployments([azure(overrides)]);
  stacks.acme.infra!.prepareStack();
  stacks.acme.app.prepareStack();
  return { infra: synthJson(stacks.acme.infra!), app: synthJson(stacks.acme.app) };
}

const grants = (json: StackJson) => Object.entries(resourcesOf(json, 'azurerm_role_assignment')) as [string, any][];
const grant = (json: StackJson, role: string) => grants(json).filter(([, g]) => g.role_definition_name === role);
const waits = (json: StackJson) => resourcesOf(json, 'terraform_data') as Record<string, any>;

describe('1. storage data plane not polled (public access disabled)', () => {
  test('the app and the azure-byo-vnet example set features.storage.data_plane_available = false', () => {
    expect(infra().provider.azurerm[0].features).toEqual([{ storage: [{ data_plane_available: false }] }]);
    const example = azureByoVnet(Testing.app());
    expect(synthJson(example.infra).provider.azurerm[0].features).toEqual([{ storage: [{ data_plane_available: false }] }]);
  });

  test('the storage account sets nothing the provider refuses without the data plane (queue_properties, static_website)', () => {
    const account = onlyResource(infra(), 'azurerm_storage_account');
    expect(account.public_network_access_enabled).toBe(false);
    expect(account.queue_properties).toBeUndefined();
    expect(account.static_website).toBeUndefined();
  });
});

describe('2. a public API server authorizes the NAT egress IPs', () => {
  test('apiAllowedCidrs plus every NAT public IP as /32', () => {
    const json = infra({ cluster: { apiAllowedCidrs: ['203.0.113.0/24'] }, egress: { staticIps: 3 } });
    const ranges = onlyResource(json, 'azurerm_kubernetes_cluster').api_server_access_profile.authorized_ip_ranges as string[];
    const ips = Object.keys(resourcesOf(json, 'azurerm_public_ip'));
    expect(ips).toHaveLength(3);
    expect(ranges).toEqual(['203.0.113.0/24', ...ips.map((id) => `\${azurerm_public_ip.${id}.ip_address}/32`)]);
  });

  test('a private cluster has no authorized ranges at all', () => {
    expect(onlyResource(infra(), 'azurerm_kubernetes_cluster').api_server_access_profile).toBeUndefined();
  });
});

describe('3. PostgreSQL storage auto-grow never plans a replacement', () => {
  test('auto_grow_enabled with storage_mb and storage_tier ignored', () => {
    const pg = onlyResource(infra(), 'azurerm_postgresql_flexible_server');
    expect(pg.auto_grow_enabled).toBe(true);
    expect(pg.lifecycle.ignore_changes).toEqual(expect.arrayContaining(['storage_mb', 'storage_tier']));
  });
});

describe('4. RBAC propagation and who runs apply', () => {
  let json: StackJson;
  beforeAll(() => { json = infra({ azure: { adminGroupObjectIds: ['11111111-1111-1111-1111-111111111111'] } }); });

  test('the Key Vault key waits for its creator\'s Crypto Officer grant to propagate', () => {
    const key = onlyResource(json, 'azurerm_key_vault_key');
    const [waitRef] = key.depends_on as string[];
    expect(waitRef).toMatch(/^terraform_data\./);
    const wait = waits(json)[waitRef.split('.')[1]];
    const officers = grant(json, 'Key Vault Crypto Officer').map(([id]) => `azurerm_role_assignment.${id}`);
    expect(officers).toHaveLength(2);
    expect([...wait.depends_on].sort()).toEqual([...officers].sort());
    expect([...wait.triggers_replace.grants].sort()).toEqual(officers.map((o) => `\${${o}.id}`).sort());
    expect(wait.provisioner).toEqual([{ 'local-exec': { command: 'setTimeout(() => {}, 120000)', interpreter: ['node', '-e'] } }]);
  });

  test('the cluster waits for its identity\'s grants (subnet, VNet, key) to propagate', () => {
    const aks = onlyResource(json, 'azurerm_kubernetes_cluster');
    const waitRef = (aks.depends_on as string[]).find((d) => d.startsWith('terraform_data.'))!;
    const wait = waits(json)[waitRef.split('.')[1]];
    const identityGrants = grants(json).filter(([, g]) => /Aks_Identity/.test(g.principal_id)).map(([id]) => `azurerm_role_assignment.${id}`);
    expect(identityGrants).toHaveLength(3);
    expect([...wait.depends_on].sort()).toEqual([...identityGrants].sort());
  });

  test('the infra stack ends with a wait after the deployer\'s Cluster Admin grant (the app stack connects with it)', () => {
    const [[adminId, admin]] = grant(json, 'Azure Kubernetes Service RBAC Cluster Admin');
    expect(Object.values(waits(json)).some((w) => (w.depends_on as string[]).includes(`azurerm_role_assignment.${adminId}`))).toBe(true);
    // Made once: a second operator or CI principal does not replace (and revoke) it.
    expect(admin.lifecycle).toEqual({ ignore_changes: ['principal_id'] });
    const [[, officer]] = grant(json, 'Key Vault Crypto Officer').filter(([, g]) => /client_config/.test(g.principal_id));
    expect(officer.lifecycle).toEqual({ ignore_changes: ['principal_id'] });
  });

  test('admin groups get Crypto Officer on the vault (cluster-admin through the Entra ID integration)', () => {
    const groupOfficer = grant(json, 'Key Vault Crypto Officer').find(([, g]) => g.principal_id === '11111111-1111-1111-1111-111111111111')!;
    expect(groupOfficer[1]).toMatchObject({ principal_type: 'Group', scope: expect.stringMatching(/azurerm_key_vault\..*\.id/) });
    expect(onlyResource(json, 'azurerm_kubernetes_cluster').azure_active_directory_role_based_access_control.admin_group_object_ids).toEqual(['11111111-1111-1111-1111-111111111111']);
  });

  test('azure.rbacPropagationSeconds sets the wait; 0 removes it', () => {
    const slow = infra({ azure: { rbacPropagationSeconds: 300 } });
    for (const w of Object.values(waits(slow))) expect(w.provisioner[0]['local-exec'].command).toBe('setTimeout(() => {}, 300000)');
    const none = infra({ azure: { rbacPropagationSeconds: 0 } });
    expect(waits(none)).toEqual({});
    expect(onlyResource(none, 'azurerm_key_vault_key').depends_on[0]).toMatch(/^azurerm_role_assignment\./);
  });
});

describe('5. a private cluster\'s identity may join the VNet (private DNS zone link)', () => {
  test('Network Contributor on the VNet for a private cluster, on the subnet always', () => {
    const priv = infra();
    const nc = grant(priv, 'Network Contributor').map(([, g]) => g.scope);
    expect(nc).toEqual(expect.arrayContaining([expect.stringMatching(/^\$\{azurerm_subnet\..*nodes|NodesSubnet.*\.id\}$/), expect.stringMatching(/^\$\{azurerm_virtual_network\..*\.id\}$/)]));
    const pub = infra({ cluster: { apiAllowedCidrs: ['203.0.113.0/24'] } });
    expect(grant(pub, 'Network Contributor').map(([, g]) => g.scope).filter((s) => s.includes('azurerm_virtual_network'))).toEqual([]);
  });

  test('on a brought VNet the grant names that VNet', () => {
    const json = infra({ network: { existingNetworkId: VNET, existingSubnetIds: [`${VNET}/subnets/aks`, `${VNET}/subnets/pg`, `${VNET}/subnets/pe`] } });
    expect(grant(json, 'Network Contributor').map(([, g]) => g.scope)).toEqual([`${VNET}/subnets/aks`, VNET]);
  });
});

describe('6. existing private DNS zones for every private endpoint', () => {
  const ids = {
    blob: ZONE('privatelink.blob.core.windows.net'),
    redis: ZONE('privatelink.redis.azure.net'),
    postgres: ZONE('hub.private.postgres.database.azure.com'),
    clickhouse: ZONE('eastus2.privatelink.azure.clickhouse.cloud'),
  };
  let json: StackJson;
  beforeAll(() => { json = infra({ clickhouse: PRIVATE_LINK, azure: { privateDnsZoneIds: ids } }); });

  test('no zone or VNet link is created; endpoints and the server use the given zones', () => {
    expect(resourcesOf(json, 'azurerm_private_dns_zone')).toEqual({});
    expect(resourcesOf(json, 'azurerm_private_dns_zone_virtual_network_link')).toEqual({});
    const zonesOf = (Object.values(resourcesOf(json, 'azurerm_private_endpoint')) as any[]).map((e) => e.private_dns_zone_group?.private_dns_zone_ids?.[0]).filter(Boolean).sort();
    expect(zonesOf).toEqual([ids.blob, ids.redis].sort());
    expect(onlyResource(json, 'azurerm_postgresql_flexible_server').private_dns_zone_id).toBe(ids.postgres);
    expect(onlyResource(json, 'azurerm_private_dns_a_record')).toMatchObject({ name: '*', zone_name: 'eastus2.privatelink.azure.clickhouse.cloud', resource_group_name: 'dns-rg' });
  });

  /** The foundation built from a loaded deployment whose privateDnsZoneIds are then replaced, as a library user could. */
  const pastLoader = (overrides: Record<string, unknown>, zones: Record<string, string>) => () => {
    const [d] = validateDeployments({ deployments: [azure(overrides)] }, 'test.yaml');
    return buildAzureFoundation(Testing.app(), { ...d, azure: { ...d.azure, privateDnsZoneIds: zones } });
  };

  test('a ClickHouse zone that is not the host\'s is refused by the loader; past it, by the construct', () => {
    const zones = { clickhouse: ZONE('westus3.privatelink.azure.clickhouse.cloud') };
    expect(() => infra({ clickhouse: PRIVATE_LINK, azure: { privateDnsZoneIds: zones } }))
      .toThrow(/^test\.yaml: deployments\[0\] \(acme\): field 'azure\.privateDnsZoneIds\.clickhouse' has value .*; allowed: the id of a zone named eastus2\.privatelink\.azure\.clickhouse\.cloud/);
    expect(pastLoader({ clickhouse: PRIVATE_LINK }, zones)).toThrow(/^acme-infra\/LangSmith\/ClickHouse: field 'existingPrivateDnsZoneId'.*allowed: the zone eastus2\.privatelink\.azure\.clickhouse\.cloud/);
  });

  test('a zone of the wrong name is refused for each store by the loader; past it, by the constructs', () => {
    const wrong = { blob: ZONE('privatelink.file.core.windows.net'), redis: ZONE('privatelink.redis.cache.windows.net'), postgres: ZONE('privatelink.postgres.database.azure.com.example') };
    expect(() => infra({ azure: { privateDnsZoneIds: { blob: wrong.blob } } })).toThrow(/^test\.yaml: deployments\[0\] \(acme\): field 'azure\.privateDnsZoneIds\.blob' has value .*; allowed: the id of a zone named privatelink\.blob\.core\.windows\.net/);
    expect(() => infra({ azure: { privateDnsZoneIds: { redis: wrong.redis } } })).toThrow(/field 'azure\.privateDnsZoneIds\.redis' has value .*; allowed: the id of a zone named privatelink\.redis\.azure\.net/);
    expect(() => infra({ azure: { privateDnsZoneIds: { postgres: wrong.postgres } } })).toThrow(/field 'azure\.privateDnsZoneIds\.postgres' has value .*; allowed: the id of a zone whose name ends in \.postgres\.database\.azure\.com/);
    expect(pastLoader({}, { blob: wrong.blob })).toThrow(/^acme-infra\/LangSmith\/Blob\/PrivateEndpoint: field 'existingPrivateDnsZoneId'.*allowed: the zone privatelink\.blob\.core\.windows\.net/);
    expect(pastLoader({}, { redis: wrong.redis })).toThrow(/^acme-infra\/LangSmith\/Redis\/PrivateEndpoint: field 'existingPrivateDnsZoneId'.*allowed: the zone privatelink\.redis\.azure\.net/);
    expect(pastLoader({}, { postgres: wrong.postgres })).toThrow(/^acme-infra\/LangSmith\/Postgres: field 'existingPrivateDnsZoneId'.*ends in \.postgres\.database\.azure\.com/);
  });

  test('an id that is not a private DNS zone is refused by the loader', () => {
    expect(() => validateDeployments({ deployments: [azure({ azure: { privateDnsZoneIds: { blob: 'privatelink.blob.core.windows.net' } } })] }, 'test.yaml'))
      .toThrow(/azure\.privateDnsZoneIds\.blob/);
  });
});

describe('7. userDefinedRouting needs a brought VNet with a route table', () => {
  test('refused at load with a created VNet, naming the field', () => {
    expect(() => validateDeployments({ deployments: [azure({ azure: { outboundType: 'userDefinedRouting', nat: false } })] }, 'test.yaml'))
      .toThrow(/azure\.outboundType' has value "userDefinedRouting"; needs a route table/);
  });

  test('accepted on a brought VNet', () => {
    const json = infra({ network: { existingNetworkId: VNET, existingSubnetIds: [`${VNET}/subnets/aks`, `${VNET}/subnets/pg`, `${VNET}/subnets/pe`] }, azure: { outboundType: 'userDefinedRouting' } });
    expect(onlyResource(json, 'azurerm_kubernetes_cluster').network_profile.outbound_type).toBe('userDefinedRouting');
  });

  test('the foundation construct refuses it too (library users skip the loader)', () => {
    const s = new TerraformStack(new App(), 's');
    new AzurermProvider(s, 'azurerm', { features: [{}] });
    new RandomProvider(s, 'random', {});
    expect(() => new AzureLangSmithFoundation(s, 'LangSmith', { location: 'eastus2', name: 'acme', nat: false, outboundType: 'userDefinedRouting' }))
      .toThrow(/outboundType' has value "userDefinedRouting"; needs a route table/);
  });
});

describe('8. kubelogin follows the provider\'s authentication; a private API is explained', () => {
  test('the login mode follows the ARM_* variables', () => {
    expect(kubeloginModeFromEnv({})).toBe('azurecli');
    expect(kubeloginModeFromEnv({ ARM_CLIENT_ID: 'x', ARM_CLIENT_SECRET: 'y' })).toBe('spn');
    expect(kubeloginModeFromEnv({ ARM_CLIENT_ID: 'x', ARM_CLIENT_CERTIFICATE_PATH: '/c.pfx' })).toBe('spn');
    expect(kubeloginModeFromEnv({ ARM_USE_MSI: 'true' })).toBe('msi');
    expect(kubeloginModeFromEnv({ ARM_USE_OIDC: 'true', ARM_OIDC_TOKEN_FILE_PATH: '/t' })).toBe('workloadidentity');
  });

  test('spn: the app stack\'s providers log in as the client the azurerm provider used, no secret in the JSON', () => {
    const { app } = both({ azure: { kubeloginMode: 'spn' } });
    const exec = app.provider.kubernetes[0].exec[0];
    expect(exec.command).toBe('kubelogin');
    expect(exec.args.slice(0, 3)).toEqual(['get-token', '--login', 'spn']);
    expect(exec.args).toContain('--client-id');
    expect(exec.args).toContain('--tenant-id');
    expect(JSON.stringify(exec)).not.toMatch(/secret/i);
    expect(JSON.stringify(app.provider.helm)).toContain('"--login","spn"');
  });

  test('azurecli by default (no ARM_* secrets in the environment)', () => {
    expect(kubeloginArgs('azurecli', { clientId: 'c', tenantId: 't' })).toEqual(['get-token', '--login', 'azurecli', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630']);
    expect(kubeloginArgs('msi', { clientId: 'c', tenantId: 't' })).toEqual(['get-token', '--login', 'msi', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630', '--client-id', 'c']);
  });

  test('a private cluster outputs its private FQDN with how to reach it', () => {
    const out = infra().output.cluster_private_fqdn;
    expect(out.value).toMatch(/azurerm_kubernetes_cluster\..*\.private_fqdn/);
    expect(out.description).toMatch(/only inside the VNet.*runner or jump host.*peered network.*VPN/);
    expect(infra({ cluster: { apiAllowedCidrs: ['203.0.113.0/24'] } }).output.cluster_private_fqdn).toBeUndefined();
  });
});

describe('9. Container Insights has a data collection rule', () => {
  test('a DCR for the ContainerInsights extension into the workspace, associated with the cluster', () => {
    const json = infra();
    const dcr = onlyResource(json, 'azurerm_monitor_data_collection_rule');
    expect(dcr.data_sources.extension[0]).toMatchObject({ extension_name: 'ContainerInsights', streams: ['Microsoft-ContainerInsights-Group-Default'] });
    expect(JSON.parse(dcr.data_sources.extension[0].extension_json).dataCollectionSettings).toMatchObject({ interval: '5m', namespaceFilteringMode: 'Exclude', enableContainerLogV2: true });
    expect(dcr.destinations.log_analytics[0].workspace_resource_id).toMatch(/azurerm_log_analytics_workspace\..*\.id/);
    expect(dcr.data_flow[0]).toEqual({ streams: ['Microsoft-ContainerInsights-Group-Default'], destinations: [dcr.destinations.log_analytics[0].name] });
    const dcra = onlyResource(json, 'azurerm_monitor_data_collection_rule_association');
    expect(dcra.target_resource_id).toMatch(/azurerm_kubernetes_cluster\..*\.id/);
    expect(dcra.data_collection_rule_id).toMatch(/azurerm_monitor_data_collection_rule\..*\.id/);
    expect(onlyResource(json, 'azurerm_kubernetes_cluster').oms_agent.msi_auth_for_monitoring_enabled).toBe(true);
  });
});

describe('10. no public ingress without TLS', () => {
  test('azure.ingress: external without a certificate is refused at load', () => {
    expect(() => validateDeployments({ deployments: [azure({ hostname: 'ls.acme.example', azure: { ingress: 'external' } })] }, 'test.yaml'))
      .toThrow(/azure\.ingress' has value "external"; a public load balancer without TLS/);
  });

  test('accepted with tlsSecretName or certManagerIssuer, and internal without', () => {
    for (const exposure of [{ tlsSecretName: 'langsmith-tls' }, { certManagerIssuer: 'letsencrypt-prod' }]) {
      expect(() => validateDeployments({ deployments: [azure({ hostname: 'ls.acme.example', exposure, azure: { ingress: 'external' } })] }, 'test.yaml')).not.toThrow();
    }
    expect(() => validateDeployments({ deployments: [azure({ hostname: 'ls.acme.example' })] }, 'test.yaml')).not.toThrow();
  });
});

describe('11. nodes and cache sized by what runs', () => {
  const pool = (json: StackJson) => onlyResource(json, 'azurerm_kubernetes_cluster').default_node_pool;
  test('standalone: D4s_v5 nodes (two to start), a 3 GB Managed Redis', () => {
    const json = infra({ mode: 'standalone', size: 'small', agentServer: { image: 'acme.azurecr.io/agent:1.0.0', replicas: 2 }, azure: { acrIds: ['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-registry/providers/Microsoft.ContainerRegistry/registries/acme'] } });
    expect(pool(json)).toMatchObject({ vm_size: 'Standard_D4s_v5', min_count: 2, max_count: 6 });
    expect(onlyResource(json, 'azurerm_managed_redis').sku_name).toBe('Balanced_B3');
  });

  test('LangSmith-managed ClickHouse: fewer starting nodes than in-cluster ClickHouse needs', () => {
    // medium observability with in-cluster ClickHouse requests 45.5 CPU: four 16-vCPU nodes (not the old preset's six).
    expect(pool(infra({ size: 'medium' }))).toMatchObject({ vm_size: 'Standard_D16s_v5', min_count: 4 });
    expect(pool(infra({ size: 'medium', hostname: 'ls.acme.example', clickhouse: PRIVATE_LINK }))).toMatchObject({ vm_size: 'Standard_D16s_v5', min_count: 3, max_count: 10 });
  });
});

describe('12. Log Analytics: audit categories only, 30 days', () => {
  test('kube-audit-admin and guard, 30-day retention', () => {
    const json = infra();
    expect(onlyResource(json, 'azurerm_monitor_diagnostic_setting').enabled_log.map((l: any) => l.category)).toEqual(['kube-audit-admin', 'guard']);
    expect(onlyResource(json, 'azurerm_log_analytics_workspace').retention_in_days).toBe(30);
  });
});

describe('review: workload identity reaches every service account that gets blob settings', () => {
  test('full platform: each service account with the client-id annotation has a federated credential', () => {
    const { infra: i, app } = both({ mode: 'full-platform', hostname: 'ls.acme.example' });
    const releases = Object.values(resourcesOf(app, 'helm_release')).filter((r: any) => r.chart === 'langsmith') as any[];
    const values = JSON.parse(releases[0].values[0]);
    const annotated = Object.values(values).filter((v: any) => v?.serviceAccount?.annotations?.['azure.workload.identity/client-id']) as any[];
    const subjects = (Object.values(resourcesOf(i, 'azurerm_federated_identity_credential')) as any[]).map((c) => c.subject);
    expect(annotated.length).toBeGreaterThan(0);
    for (const v of annotated) expect(subjects).toContain(`system:serviceaccount:langsmith:${v.serviceAccount.name}`);
  });
});
