import { App, TerraformStack, Testing, Token } from 'cdktf';
import { BLOB_STORAGE_COMPONENTS } from '../lib/core/naming';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { AksCluster } from '../lib/azure/aks-cluster';
import { AzureBlobStorage } from '../lib/azure/blob-storage';
import { ClickHousePrivateLink } from '../lib/azure/clickhouse-private-link';
import { AzureLangSmithFoundation } from '../lib/azure/foundation';
import { AzureManagedRedis } from '../lib/azure/managed-redis';
import { AzureNatGateway } from '../lib/azure/nat-gateway';
import { AzureNetwork } from '../lib/azure/network';
import { AzurePostgres } from '../lib/azure/postgres-flexible-server';
import { aksVmSize, managedRedisSku, postgresSku, postgresStorageMb } from '../lib/azure/sizing';
import { planAzureAddresses } from '../lib/azure/address-plan';
import { SIZE_PRESETS } from '../lib/core/sizing';
import { onlyResource, resourcesOf, StackJson } from './helpers';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const VNET = `${SUB}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub`;
const NODES = `${VNET}/subnets/aks`;
const PG = `${VNET}/subnets/pg`;
const PE = `${VNET}/subnets/pe`;
const ZONE = (name: string) => `${SUB}/resourceGroups/dns-rg/providers/Microsoft.Network/privateDnsZones/${name}`;

/** A bare stack with the azurerm and random providers, as a user's own stack would have. */
function stack(): TerraformStack {
  const s = new TerraformStack(new App(), 'test');
  new AzurermProvider(s, 'azurerm', { features: [{}] });
  new RandomProvider(s, 'random', {});
  return s;
}

function synth(s: TerraformStack): StackJson {
  return JSON.parse(Testing.synth(s));
}

const BASE = { location: 'eastus2', resourceGroupName: 'acme-rg' };

describe('AzureNetwork', () => {
  test('a created VNet splits its range and puts an NSG on the private-endpoint subnet', () => {
    const s = stack();
    new AzureNetwork(s, 'Net', { ...BASE, name: 'acme', cidr: '10.20.0.0/16' });
    const json = synth(s);
    const names = (Object.values(resourcesOf(json, 'azurerm_subnet')) as any[]).map((x) => `${x.name}=${x.address_prefixes[0]}`).sort();
    expect(names).toEqual(['nodes=10.20.0.0/17', 'postgres=10.20.129.0/24', 'private-endpoints=10.20.128.0/24']);
    expect(onlyResource(json, 'azurerm_subnet_network_security_group_association').subnet_id).toMatch(/PrivateEndpointSubnet/);
  });

  test('the address plan holds for the smallest allowed range (/20)', () => {
    expect(planAzureAddresses('10.1.0.0/20')).toEqual({ nodes: '10.1.0.0/21', privateEndpoints: '10.1.8.0/24', postgres: '10.1.9.0/24' });
  });

  test('a public range is refused with the construct path', () => {
    expect(() => new AzureNetwork(stack(), 'Net', { ...BASE, name: 'acme', cidr: '8.8.0.0/16' })).toThrow(/test\/Net: field 'cidr' has value "8\.8\.0\.0\/16"; allowed: a private range/);
  });

  test('fromNetworkAttributes: ids of the wrong type, or one subnet twice, are refused', () => {
    expect(() => AzureNetwork.fromNetworkAttributes(stack(), 'Existing', { vnetId: `${SUB}/resourceGroups/x/providers/Microsoft.Storage/storageAccounts/y`, nodesSubnetId: NODES, postgresSubnetId: PG, privateEndpointSubnetId: PE }))
      .toThrow(/test\/Existing: field 'vnetId' has value "\/subscriptions\/.*; allowed: an Azure resource id such as/);
    expect(() => AzureNetwork.fromNetworkAttributes(stack(), 'Existing', { vnetId: VNET, nodesSubnetId: NODES, postgresSubnetId: NODES, privateEndpointSubnetId: PE }))
      .toThrow(/field 'postgresSubnetId'.*three different subnets/);
    const net = AzureNetwork.fromNetworkAttributes(stack(), 'Existing', { vnetId: VNET, nodesSubnetId: NODES, postgresSubnetId: PG, privateEndpointSubnetId: PE });
    expect(net).toMatchObject({ vnetName: 'hub', resourceGroupName: 'net-rg', addressSpace: ['VirtualNetwork'] });
  });
});

describe('AzureNatGateway on an existing subnet', () => {
  test('static IPs associated to the gateway, the gateway to the given subnet', () => {
    const s = stack();
    const nat = new AzureNatGateway(s, 'Nat', { ...BASE, name: 'acme', subnetIds: [NODES], staticIps: 3 });
    const json = synth(s);
    expect(Object.keys(resourcesOf(json, 'azurerm_public_ip'))).toHaveLength(3);
    expect(onlyResource(json, 'azurerm_subnet_nat_gateway_association').subnet_id).toBe(NODES);
    expect(nat.egress.addresses).toHaveLength(3);
  });

  test('staticIps 0 is refused', () => {
    expect(() => new AzureNatGateway(stack(), 'Nat', { ...BASE, name: 'acme', subnetIds: [NODES], staticIps: 0 })).toThrow(/test\/Nat: field 'staticIps' has value 0; allowed: an integer from 1 to 16/);
  });
});

describe('AksCluster', () => {
  test('on an existing subnet, with an existing Key Vault key and Log Analytics workspace: creates neither, grants the identity', () => {
    const s = stack();
    const vault = `${SUB}/resourceGroups/sec/providers/Microsoft.KeyVault/vaults/corp-kv`;
    const workspace = `${SUB}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/corp-logs`;
    new AksCluster(s, 'Aks', {
      ...BASE,
      name: 'acme-aks',
      nodesSubnetId: NODES,
      size: 'medium',
      secretsEncryption: { keyVaultId: vault, keyId: 'https://corp-kv.vault.azure.net/keys/aks/0123456789abcdef0123456789abcdef' },
      logAnalyticsWorkspaceId: workspace,
      apiAllowedCidrs: ['198.51.100.0/24'],
    });
    const json = synth(s);
    expect(resourcesOf(json, 'azurerm_key_vault')).toEqual({});
    expect(resourcesOf(json, 'azurerm_log_analytics_workspace')).toEqual({});
    const aks = onlyResource(json, 'azurerm_kubernetes_cluster');
    expect(aks.default_node_pool.vnet_subnet_id).toBe(NODES);
    expect(aks.default_node_pool.vm_size).toBe('Standard_D16s_v5');
    expect(aks.key_management_service).toEqual({ key_vault_key_id: 'https://corp-kv.vault.azure.net/keys/aks/0123456789abcdef0123456789abcdef', key_vault_network_access: 'Public' });
    expect(aks.oms_agent.log_analytics_workspace_id).toBe(workspace);
    expect(onlyResource(json, 'azurerm_monitor_diagnostic_setting').log_analytics_workspace_id).toBe(workspace);
    const grants = Object.values(resourcesOf(json, 'azurerm_role_assignment')) as any[];
    expect(grants.find((g) => g.role_definition_name === 'Key Vault Crypto User').scope).toBe(vault);
    expect(grants.find((g) => g.role_definition_name === 'Network Contributor').scope).toBe(NODES);
  });

  test('secretsEncryption: false leaves out KMS (the policy warns)', () => {
    const s = stack();
    new AksCluster(s, 'Aks', { ...BASE, name: 'acme-aks', nodesSubnetId: NODES, secretsEncryption: false });
    expect(onlyResource(synth(s), 'azurerm_kubernetes_cluster').key_management_service).toBeUndefined();
  });

  test('fromClusterAttributes reads an existing cluster: kubelogin access from its kube_config, its OIDC issuer', () => {
    const s = stack();
    const c = AksCluster.fromClusterAttributes(s, 'Existing', { clusterName: 'corp-aks', resourceGroupName: 'corp-rg' });
    expect(c.access.exec?.command).toBe('kubelogin');
    expect(c.access.kubeconfigCommand).toBe('az aks get-credentials --resource-group corp-rg --name corp-aks && kubelogin convert-kubeconfig -l azurecli');
    new AzureBlobStorage(s, 'Blob', { ...BASE, name: 'acme', storageAccountName: 'acmetraces', privateEndpointSubnetId: PE, vnetId: VNET, oidcIssuerUrl: c.oidcIssuerUrl });
    const json = synth(s);
    expect(Object.values(json.data.azurerm_kubernetes_cluster)).toEqual([expect.objectContaining({ name: 'corp-aks', resource_group_name: 'corp-rg' })]);
    for (const cred of Object.values(resourcesOf(json, 'azurerm_federated_identity_credential')) as any[]) expect(cred.issuer).toMatch(/data\.azurerm_kubernetes_cluster\..*\.oidc_issuer_url/);
  });

  test('validation errors name the construct, the field, the value and what is allowed', () => {
    expect(() => new AksCluster(stack(), 'Aks', { ...BASE, name: 'acme-aks', nodesSubnetId: NODES, apiAllowedCidrs: ['0.0.0.0/0'] })).toThrow(/test\/Aks: field 'apiAllowedCidrs' has value "0\.0\.0\.0\/0"; allowed: specific CIDRs/);
    expect(() => new AksCluster(stack(), 'Aks', { ...BASE, name: 'acme-aks', nodesSubnetId: 'aks' })).toThrow(/field 'nodesSubnetId' has value "aks"; allowed: an Azure resource id/);
    expect(() => new AksCluster(stack(), 'Aks', { ...BASE, name: 'acme-aks', nodesSubnetId: NODES, vmSize: 'd8s' })).toThrow(/field 'vmSize' has value "d8s"/);
    expect(() => new AksCluster(stack(), 'Aks', { ...BASE, name: 'acme-aks', nodesSubnetId: NODES, location: 'mars-east' })).toThrow(/field 'location' has value "mars-east"/);
  });
});

describe('AzurePostgres', () => {
  test('on an existing delegated subnet with an existing private DNS zone: no zone created', () => {
    const s = stack();
    const pg = new AzurePostgres(s, 'Pg', { ...BASE, name: 'acme-pg', delegatedSubnetId: PG, vnetId: VNET, existingPrivateDnsZoneId: ZONE('corp.private.postgres.database.azure.com'), size: 'large' });
    const json = synth(s);
    expect(resourcesOf(json, 'azurerm_private_dns_zone')).toEqual({});
    const server = onlyResource(json, 'azurerm_postgresql_flexible_server');
    expect(server).toMatchObject({ delegated_subnet_id: PG, private_dns_zone_id: ZONE('corp.private.postgres.database.azure.com'), public_network_access_enabled: false, sku_name: 'GP_Standard_D8ds_v5' });
    expect(pg.connection).toMatchObject({ port: 5432, username: 'langsmith', tls: true });
  });

  test('a Burstable SKU with high availability, or a reserved admin login, is refused', () => {
    expect(() => new AzurePostgres(stack(), 'Pg', { ...BASE, name: 'acme-pg', delegatedSubnetId: PG, vnetId: VNET, skuName: 'B_Standard_B2s' })).toThrow(/test\/Pg: field 'skuName' has value "B_Standard_B2s"; allowed: a General Purpose or Memory Optimized SKU with highAvailability/);
    expect(() => new AzurePostgres(stack(), 'Pg', { ...BASE, name: 'acme-pg', delegatedSubnetId: PG, vnetId: VNET, administratorLogin: 'admin' })).toThrow(/field 'administratorLogin' has value "admin"/);
    expect(() => new AzurePostgres(stack(), 'Pg', { ...BASE, name: 'acme-pg', delegatedSubnetId: PG, vnetId: VNET, backupRetentionDays: 3 })).toThrow(/field 'backupRetentionDays' has value 3; allowed: an integer from 7 to 35/);
  });
});

describe('AzureManagedRedis', () => {
  test('with an existing privatelink.redis.azure.net zone: the endpoint registers in it, no zone created; port 10000 TLS', () => {
    const s = stack();
    const r = new AzureManagedRedis(s, 'Redis', { ...BASE, name: 'acme-redis', privateEndpointSubnetId: PE, vnetId: VNET, existingPrivateDnsZoneId: ZONE('privatelink.redis.azure.net') });
    const json = synth(s);
    expect(resourcesOf(json, 'azurerm_private_dns_zone')).toEqual({});
    expect(onlyResource(json, 'azurerm_private_endpoint')).toMatchObject({ subnet_id: PE, private_dns_zone_group: { private_dns_zone_ids: [ZONE('privatelink.redis.azure.net')] } });
    expect(r.connection).toMatchObject({ port: 10000, tls: true });
    expect(Token.isUnresolved(r.connection.password)).toBe(true);
  });

  test('a bad SKU is refused', () => {
    expect(() => new AzureManagedRedis(stack(), 'Redis', { ...BASE, name: 'acme-redis', privateEndpointSubnetId: PE, vnetId: VNET, skuName: 'Premium_P1' })).toThrow(/test\/Redis: field 'skuName' has value "Premium_P1"/);
  });
});

describe('AzureBlobStorage', () => {
  test('in an existing storage account: only container, lifecycle, identity and grants are created', () => {
    const s = stack();
    const account = `${SUB}/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/corptraces`;
    const b = new AzureBlobStorage(s, 'Blob', { ...BASE, name: 'acme', existingStorageAccount: { id: account, name: 'corptraces' }, containerName: 'traces', privateEndpointSubnetId: PE, vnetId: VNET, oidcIssuerUrl: 'https://eastus2.oic.prod-aks.azure.com/tenant/issuer/', namespace: 'obs' });
    const json = synth(s);
    expect(resourcesOf(json, 'azurerm_storage_account')).toEqual({});
    expect(resourcesOf(json, 'azurerm_private_endpoint')).toEqual({});
    expect(onlyResource(json, 'azurerm_storage_container')).toMatchObject({ name: 'traces', storage_account_id: account });
    expect(onlyResource(json, 'azurerm_storage_management_policy').rule.map((r: any) => r.filters.prefix_match[0])).toEqual(['traces/ttl_s/', 'traces/ttl_l/']);
    const grant = (Object.values(resourcesOf(json, 'azurerm_role_assignment')) as any[])[0];
    expect(grant.scope).toBe(`${account}/blobServices/default/containers/traces`);
    const creds = Object.values(resourcesOf(json, 'azurerm_federated_identity_credential')) as any[];
    expect(creds.every((c) => c.issuer === 'https://eastus2.oic.prod-aks.azure.com/tenant/issuer/' && c.subject.startsWith('system:serviceaccount:obs:langsmith-'))).toBe(true);
    // Chained: Entra ID refuses concurrent federated-credential writes on one identity.
    expect(creds.filter((c) => (c.depends_on ?? []).some((d: string) => d.startsWith('azurerm_federated_identity_credential.')))).toHaveLength(BLOB_STORAGE_COMPONENTS.length - 1);
    expect(b.blobStorage).toMatchObject({ engine: 'Azure', azureStorageAccountName: 'corptraces', podLabels: { 'azure.workload.identity/use': 'true' } });
  });

  test('a storage account name with dashes or capitals is refused; a new account needs a name', () => {
    expect(() => new AzureBlobStorage(stack(), 'Blob', { ...BASE, name: 'acme', storageAccountName: 'acme-traces', privateEndpointSubnetId: PE, vnetId: VNET, oidcIssuerUrl: 'https://x' })).toThrow(/test\/Blob: field 'storageAccountName' has value "acme-traces"; allowed: 3-24 lowercase letters and digits/);
    expect(() => new AzureBlobStorage(stack(), 'Blob', { ...BASE, name: 'acme', privateEndpointSubnetId: PE, vnetId: VNET, oidcIssuerUrl: 'https://x' })).toThrow(/field 'storageAccountName' is missing; required without existingStorageAccount/);
  });
});

describe('ClickHousePrivateLink', () => {
  test('with an existing subnet NSG: the 8443/9440 rule goes into it, no group created', () => {
    const s = stack();
    const ch = new ClickHousePrivateLink(s, 'Ch', {
      ...BASE,
      name: 'acme',
      endpointService: 'production-westus3-0-0.8f1c2d3e-4a5b-4c6d-9e8f-0a1b2c3d4e5f.westus3.azure.privatelinkservice',
      host: 'abc.westus3.privatelink.azure.clickhouse.cloud',
      subnetId: PE,
      vnetId: VNET,
      sourceAddressPrefixes: ['10.0.0.0/16', '10.1.0.0/16'],
      networkSecurityGroupName: 'pe-nsg',
      networkSecurityGroupResourceGroupName: 'net-rg',
    });
    const json = synth(s);
    expect(resourcesOf(json, 'azurerm_network_security_group')).toEqual({});
    expect(onlyResource(json, 'azurerm_network_security_rule')).toMatchObject({ network_security_group_name: 'pe-nsg', resource_group_name: 'net-rg', source_address_prefixes: ['10.0.0.0/16', '10.1.0.0/16'], destination_port_ranges: ['8443', '9440'] });
    expect(onlyResource(json, 'azurerm_private_dns_zone').name).toBe('westus3.privatelink.azure.clickhouse.cloud');
    expect(onlyResource(json, 'azurerm_private_dns_zone_virtual_network_link').virtual_network_id).toBe(VNET);
    expect(Token.isUnresolved(ch.endpointId)).toBe(true);
  });

  test('an AWS service name is refused as a Private Link alias', () => {
    expect(() => new ClickHousePrivateLink(stack(), 'Ch', { ...BASE, name: 'acme', endpointService: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123', host: 'abc.eastus2.privatelink.azure.clickhouse.cloud', subnetId: PE, vnetId: VNET }))
      .toThrow(/test\/Ch: field 'endpointService' has value "com\.amazonaws\.vpce\.us-east-1\.vpce-svc-0123"; allowed: a Private Link service alias/);
  });
});

describe('AzureLangSmithFoundation with existing resources', () => {
  test('existing resource group, VNet and cluster: none of them created; stores attach to the given subnets', () => {
    const s = stack();
    const network = AzureNetwork.fromNetworkAttributes(s, 'Net', { vnetId: VNET, nodesSubnetId: NODES, postgresSubnetId: PG, privateEndpointSubnetId: PE, addressSpace: ['10.50.0.0/16'] });
    const cluster = AksCluster.fromClusterAttributes(s, 'Cluster', { clusterName: 'corp-aks', resourceGroupName: 'corp-rg' });
    const f = new AzureLangSmithFoundation(s, 'LangSmith', { location: 'eastus2', name: 'acme', existingResourceGroupName: 'corp-rg', existingNetwork: network, existingCluster: cluster, size: 'small' });
    const json = synth(s);
    for (const type of ['azurerm_resource_group', 'azurerm_virtual_network', 'azurerm_kubernetes_cluster', 'azurerm_nat_gateway']) expect(resourcesOf(json, type)).toEqual({});
    expect(onlyResource(json, 'azurerm_postgresql_flexible_server').resource_group_name).toBe('corp-rg');
    expect(f.foundation.egress).toBeUndefined();
    expect(f.foundation.cluster.clusterName).toBe('corp-aks');
    expect(f.foundation.storageClassName).toBe('managed-csi-premium');
  });

  test('existingCluster without existingNetwork is refused', () => {
    const s = stack();
    const cluster = AksCluster.fromClusterAttributes(s, 'Cluster', { clusterName: 'corp-aks', resourceGroupName: 'corp-rg' });
    expect(() => new AzureLangSmithFoundation(s, 'LangSmith', { location: 'eastus2', name: 'acme', existingCluster: cluster })).toThrow(/test\/LangSmith: field 'existingNetwork' is missing; required with existingCluster/);
  });

  test('staticIps without a NAT gateway is refused', () => {
    const s = stack();
    const network = AzureNetwork.fromNetworkAttributes(s, 'Net', { vnetId: VNET, nodesSubnetId: NODES, postgresSubnetId: PG, privateEndpointSubnetId: PE });
    expect(() => new AzureLangSmithFoundation(s, 'LangSmith', { location: 'eastus2', name: 'acme', existingNetwork: network, staticIps: 2 })).toThrow(/field 'staticIps' has value 2; only with nat: true/);
  });
});

describe('sizing', () => {
  test('presets map to Azure shapes', () => {
    expect(aksVmSize(SIZE_PRESETS.small.nodes)).toBe('Standard_D8s_v5');
    expect(postgresSku(SIZE_PRESETS.medium.database)).toBe('GP_Standard_D4ds_v5');
    expect(postgresStorageMb(SIZE_PRESETS.medium.database)).toBe(131072);
    expect(managedRedisSku(SIZE_PRESETS.medium.cache)).toBe('Balanced_B20');
    expect(managedRedisSku(SIZE_PRESETS.large.cache)).toBe('Balanced_B20');
  });
});
