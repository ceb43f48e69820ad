/**
 * Every Azure rule of the policy fires on a hand-built bad resource and stays quiet on a good one.
 */
import { TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { ManagedRedis } from '@cdktf/provider-azurerm/lib/managed-redis';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { PostgresqlFlexibleServer } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server';
import { PostgresqlFlexibleServerConfiguration } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration';
import { PostgresqlFlexibleServerFirewallRule } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-firewall-rule';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { RedisCache } from '@cdktf/provider-azurerm/lib/redis-cache';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { AZURE_RULES } from '../lib/core/policy';
import { Opts, findings, merge, of } from './policy-helpers';



const keep = { preventDestroy: true };
const rg = { location: 'westeurope', resourceGroupName: 'rg' };
const subnetId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/data';

function privateEndpoint(stack: TerraformStack, id: string, target: string, sub: string): void {
  new PrivateEndpoint(stack, id, { ...rg, name: id, subnetId, privateServiceConnection: { name: id, isManualConnection: false, privateConnectionResourceId: target, subresourceNames: [sub] } });
}

/** A compliant stack with one of every Azure resource type the rules cover. */
function baseline(stack: TerraformStack, o: Opts = {}): void {
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  if (o.aks !== false) {
    const aks = new KubernetesCluster(stack, 'Aks', merge({
      ...rg, name: 'aks', dnsPrefix: 'aks', defaultNodePool: { name: 'system', vmSize: 'Standard_D4s_v5', nodeCount: 2, vnetSubnetId: subnetId },
      identity: { type: 'SystemAssigned' }, privateClusterEnabled: true, localAccountDisabled: true, roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, tenantId: 't' }, oidcIssuerEnabled: true, workloadIdentityEnabled: true,
      networkProfile: { networkPlugin: 'azure', networkPolicy: 'cilium', networkDataPlane: 'cilium' }, keyManagementService: { keyVaultKeyId: 'https://kv/keys/k/1' },
      automaticUpgradeChannel: 'patch', lifecycle: keep,
    }, o.aks));
    if (o.diag !== false) new MonitorDiagnosticSetting(stack, 'AksAudit', merge({ name: 'audit', targetResourceId: aks.id, logAnalyticsWorkspaceId: 'law', enabledLog: [{ category: 'kube-audit-admin' }] }, o.diag));
  }
  const pg = new PostgresqlFlexibleServer(stack, 'Pg', merge({
    ...rg, name: 'pg', skuName: 'GP_Standard_D2ds_v5', version: '16', publicNetworkAccessEnabled: false, backupRetentionDays: 14,
    geoRedundantBackupEnabled: true, highAvailability: { mode: 'ZoneRedundant' }, lifecycle: keep,
  }, o.pg || {}));
  if (o.pgPe !== false) privateEndpoint(stack, 'PgPe', pg.id, 'postgresqlServer');
  new PostgresqlFlexibleServerConfiguration(stack, 'PgTls', merge({ serverId: pg.id, name: 'require_secure_transport', value: 'on' }, o.pgConfig || {}));
  if (o.pgFirewall) new PostgresqlFlexibleServerFirewallRule(stack, 'PgFw', merge({ serverId: pg.id, name: 'office', startIpAddress: '203.0.113.1', endIpAddress: '203.0.113.9' }, o.pgFirewall));
  const redis = new RedisCache(stack, 'Redis', merge({ ...rg, name: 'redis', capacity: 1, family: 'C', skuName: 'Standard', minimumTlsVersion: '1.2', nonSslPortEnabled: false, publicNetworkAccessEnabled: false, lifecycle: keep }, o.redis || {}));
  if (o.redisPe !== false) privateEndpoint(stack, 'RedisPe', redis.id, 'redisCache');
  const sa = new StorageAccount(stack, 'Storage', merge({
    ...rg, name: 'acmels', accountTier: 'Standard', accountReplicationType: 'ZRS', httpsTrafficOnlyEnabled: true, minTlsVersion: 'TLS1_2',
    allowNestedItemsToBePublic: false, publicNetworkAccessEnabled: false, sharedAccessKeyEnabled: false,
    blobProperties: { versioningEnabled: true, deleteRetentionPolicy: { days: 14 } }, lifecycle: keep,
  }, o.storage || {}));
  if (o.storagePe !== false) privateEndpoint(stack, 'BlobPe', sa.id, 'blob');
  new StorageContainer(stack, 'Container', merge({ name: 'traces', storageAccountId: sa.id, containerAccessType: 'private' }, o.container || {}));
  new KeyVault(stack, 'Vault', merge({ ...rg, name: 'acme-kv', skuName: 'standard', tenantId: 't', purgeProtectionEnabled: true, publicNetworkAccessEnabled: false, lifecycle: keep }, o.vault || {}));
  new PublicIp(stack, 'NatIp', merge({ ...rg, name: 'nat', allocationMethod: 'Static', sku: 'Standard', lifecycle: keep }, o.ip || {}));
  new NetworkSecurityRule(stack, 'Https', merge({
    name: 'https', resourceGroupName: 'rg', networkSecurityGroupName: 'nsg', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp',
    sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*',
  }, o.nsg || {}));
}


describe('Azure rules', () => {
  test('the compliant baseline has no finding at all', () => {
    expect(findings((s) => baseline(s)).map((f) => `${f.ruleId} ${f.address}: ${f.reason}`)).toEqual([]);
  });

  const cases: [string, string, (s: TerraformStack) => void, RegExp][] = [
    ['LS-AZ-AKS-1', 'public API without ranges', (s) => baseline(s, { aks: { privateClusterEnabled: false } }), /open to 0\.0\.0\.0\/0/],
    ['LS-AZ-AKS-1', 'authorized range 0.0.0.0/0', (s) => baseline(s, { aks: { privateClusterEnabled: false, apiServerAccessProfile: { authorizedIpRanges: ['0.0.0.0/0'] } } }), /contains 0\.0\.0\.0\/0/],
    ['LS-AZ-AKS-2', 'no Entra RBAC', (s) => baseline(s, { aks: { azureActiveDirectoryRoleBasedAccessControl: undefined, localAccountDisabled: true } }), /azure_active_directory_role_based_access_control/],
    ['LS-AZ-AKS-3', 'local accounts on', (s) => baseline(s, { aks: { localAccountDisabled: false } }), /local_account_disabled/],
    ['LS-AZ-AKS-4', 'no workload identity', (s) => baseline(s, { aks: { workloadIdentityEnabled: false } }), /workload_identity_enabled/],
    ['LS-AZ-AKS-5', 'no network policy', (s) => baseline(s, { aks: { networkProfile: { networkPolicy: undefined, networkDataPlane: undefined } } }), /network_policy is not set/],
    ['LS-AZ-AKS-6', 'no audit logs', (s) => baseline(s, { diag: false }), /kube-audit/],
    ['LS-AZ-AKS-6', 'diagnostics without the audit category', (s) => baseline(s, { diag: { enabledLog: [{ category: 'kube-apiserver' }] } }), /kube-audit/],
    ['LS-AZ-AKS-7', 'no KMS etcd encryption', (s) => baseline(s, { aks: { keyManagementService: undefined } }), /key_management_service/],
    ['LS-AZ-AKS-8', 'no upgrade channel', (s) => baseline(s, { aks: { automaticUpgradeChannel: undefined } }), /automatic_upgrade_channel/],
    ['LS-AZ-PG-1', 'public network access', (s) => baseline(s, { pg: { publicNetworkAccessEnabled: true } }), /public_network_access_enabled/],
    ['LS-AZ-PG-2', 'no private endpoint', (s) => baseline(s, { pgPe: false }), /private endpoint/],
    ['LS-AZ-PG-3', 'three-day backups', (s) => baseline(s, { pg: { backupRetentionDays: 3 } }), /backup_retention_days is 3/],
    ['LS-AZ-PG-4', 'local backups only', (s) => baseline(s, { pg: { geoRedundantBackupEnabled: false } }), /geo_redundant_backup_enabled/],
    ['LS-AZ-PG-5', 'no standby', (s) => baseline(s, { pg: { highAvailability: undefined } }), /high_availability/],
    ['LS-AZ-PG-6', 'TLS turned off', (s) => baseline(s, { pgConfig: { value: 'off' } }), /require_secure_transport is off/],
    ['LS-AZ-PG-6', 'TLS 1.0 allowed', (s) => baseline(s, { pgConfig: { name: 'ssl_min_protocol_version', value: 'TLSv1' } }), /TLSv1/],
    ['LS-AZ-PG-7', 'open to the internet', (s) => baseline(s, { pgFirewall: { startIpAddress: '0.0.0.0', endIpAddress: '255.255.255.255' } }), /0\.0\.0\.0-255/],
    ['LS-AZ-PG-7', 'open to all of Azure', (s) => baseline(s, { pgFirewall: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' } }), /0\.0\.0\.0-0\.0\.0\.0/],
    ['LS-AZ-REDIS-1', 'TLS 1.0', (s) => baseline(s, { redis: { minimumTlsVersion: '1.0' } }), /1\.0/],
    ['LS-AZ-REDIS-2', 'plaintext port', (s) => baseline(s, { redis: { nonSslPortEnabled: true } }), /non-TLS port/],
    ['LS-AZ-REDIS-3', 'public network access by default', (s) => baseline(s, { redis: { publicNetworkAccessEnabled: undefined } }), /public_network_access_enabled/],
    ['LS-AZ-REDIS-4', 'no private endpoint', (s) => baseline(s, { redisPe: false }), /private endpoint/],
    ['LS-AZ-REDIS-5', 'Basic SKU', (s) => baseline(s, { redis: { skuName: 'Basic' } }), /Basic/],
    ['LS-AZ-REDIS-6', 'public Azure Managed Redis', (s) => { baseline(s); const r = new ManagedRedis(s, 'Amr', { ...rg, name: 'amr', skuName: 'Balanced_B1', lifecycle: keep }); privateEndpoint(s, 'AmrPe', r.id, 'redisEnterprise'); }, /public_network_access/],
    ['LS-AZ-SA-1', 'HTTP allowed', (s) => baseline(s, { storage: { httpsTrafficOnlyEnabled: false } }), /HTTPS-only/],
    ['LS-AZ-SA-2', 'TLS 1.0', (s) => baseline(s, { storage: { minTlsVersion: 'TLS1_0' } }), /TLS1_0/],
    ['LS-AZ-SA-3', 'public blobs by default', (s) => baseline(s, { storage: { allowNestedItemsToBePublic: undefined } }), /allow_nested_items_to_be_public/],
    ['LS-AZ-SA-4', 'open to the internet', (s) => baseline(s, { storage: { publicNetworkAccessEnabled: true } }), /default_action is not set/],
    ['LS-AZ-SA-5', 'shared keys on', (s) => baseline(s, { storage: { sharedAccessKeyEnabled: true } }), /shared_access_key_enabled/],
    ['LS-AZ-SA-6', 'no versioning or soft delete', (s) => baseline(s, { storage: { blobProperties: undefined } }), /versioning/],
    ['LS-AZ-SA-7', 'private but unreachable', (s) => baseline(s, { storagePe: false }), /nothing could reach/],
    ['LS-AZ-SA-8', 'a public container', (s) => baseline(s, { container: { containerAccessType: 'blob' } }), /container_access_type is blob/],
    ['LS-AZ-KV-1', 'no purge protection', (s) => baseline(s, { vault: { purgeProtectionEnabled: false } }), /purge_protection_enabled/],
    ['LS-AZ-KV-2', 'public vault', (s) => baseline(s, { vault: { publicNetworkAccessEnabled: true } }), /public network access/],
    ['LS-AZ-NET-1', 'Postgres from the internet', (s) => baseline(s, { nsg: { destinationPortRange: '5432' } }), /5432/],
    ['LS-AZ-NET-1', 'every port from *', (s) => baseline(s, { nsg: { destinationPortRange: '*', sourceAddressPrefix: '*' } }), /ports \*/],
  ];

  test.each(cases)('%s fires on: %s', (id, _what, build, reason) => {
    const fs = findings(build);
    const rule = AZURE_RULES.find((r) => r.id === id)!;
    expect(of(fs, id)).toEqual([expect.objectContaining({ level: rule.level, reason: expect.stringMatching(reason) })]);
    expect(fs.filter((f) => f.ruleId !== id && !f.ruleId.startsWith('LS-TF'))).toEqual([]);
  });

  test('every Azure rule has a bad case above', () => {
    expect(AZURE_RULES.map((r) => r.id).filter((id) => !cases.some((c) => c[0] === id))).toEqual([]);
  });

  test('alternatives that comply stay quiet', () => {
    // A public API limited to listed ranges.
    expect(of(findings((s) => baseline(s, { aks: { privateClusterEnabled: false, apiServerAccessProfile: { authorizedIpRanges: ['203.0.113.0/24'] } } })), 'LS-AZ-AKS-1')).toEqual([]);
    // VNet-integrated Postgres (delegated subnet) needs no private endpoint.
    expect(findings((s) => baseline(s, { pg: { publicNetworkAccessEnabled: undefined, delegatedSubnetId: subnetId, privateDnsZoneId: 'z' }, pgPe: false }))).toEqual([]);
    // A storage account behind a Deny firewall with subnet rules.
    expect(findings((s) => baseline(s, { storage: { publicNetworkAccessEnabled: true, networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'], virtualNetworkSubnetIds: [subnetId] } }, storagePe: false }))).toEqual([]);
    // A firewall rule for one office range.
    expect(findings((s) => baseline(s, { pgFirewall: { startIpAddress: '203.0.113.1', endIpAddress: '203.0.113.9' } }))).toEqual([]);
    // A private Azure Managed Redis with TLS.
    expect(findings((s) => { baseline(s); const r = new ManagedRedis(s, 'Amr', { ...rg, name: 'amr', skuName: 'Balanced_B1', publicNetworkAccess: 'Disabled', defaultDatabase: { clientProtocol: 'Encrypted' }, lifecycle: keep }); privateEndpoint(s, 'AmrPe', r.id, 'redisEnterprise'); })).toEqual([]);
  });
});
