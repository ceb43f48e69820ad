/**
 * The allowed values of the Azure constructs' enum props, in a file that loads no provider binding:
 * the deployments-file loader (stacks/clouds/azure-config.ts) checks against the same lists.
 */

/** Outbound types this library supports. */
export const AKS_OUTBOUND_TYPES = ['userAssignedNATGateway', 'loadBalancer', 'userDefinedRouting'] as const;
export type AksOutboundType = typeof AKS_OUTBOUND_TYPES[number];

/** Network policy engines. */
export const AKS_NETWORK_POLICIES = ['cilium', 'azure', 'calico'] as const;
export type AksNetworkPolicy = typeof AKS_NETWORK_POLICIES[number];

/**
 * How kubelogin gets the token the Kubernetes and Helm providers present, matching how the azurerm
 * provider authenticates (so that the principal granted cluster admin is the one that connects):
 * `azurecli` (a user's or a pipeline's `az login`), `spn` (a service principal with a client
 * secret or certificate: kubelogin reads it from AZURE_CLIENT_SECRET / AAD_SERVICE_PRINCIPAL_CLIENT_SECRET
 * or the certificate variables), `workloadidentity` (a federated token file, AZURE_FEDERATED_TOKEN_FILE),
 * `msi` (a managed identity).
 */
export const KUBELOGIN_MODES = ['azurecli', 'spn', 'workloadidentity', 'msi'] as const;
export type KubeloginMode = typeof KUBELOGIN_MODES[number];

/** The private DNS zone of Blob Storage private endpoints (the only name their DNS zone group registers in). */
export const BLOB_DNS_ZONE = 'privatelink.blob.core.windows.net';

/** The private DNS zone of Azure Managed Redis private endpoints. */
export const MANAGED_REDIS_DNS_ZONE = 'privatelink.redis.azure.net';

/** How the name of a VNet-integrated PostgreSQL Flexible Server's private DNS zone ends (the service refuses any other). */
export const POSTGRES_DNS_ZONE_SUFFIX = '.postgres.database.azure.com';

/** The private DNS zone names AKS accepts for a private API server in `location`: `privatelink.<location>.azmk8s.io` or `<subzone>.privatelink.<location>.azmk8s.io`. */
export function isAksPrivateDnsZoneName(zoneName: string, location: string): boolean {
  return new RegExp(`^([a-z0-9-]+\\.)?privatelink\\.${location}\\.azmk8s\\.io$`).test(zoneName.toLowerCase());
}

/** The private DNS zone of a ClickHouse Cloud private hostname `<id>.<region>.privatelink.azure.clickhouse.cloud`. */
export function clickhousePrivateZone(host: string): string | undefined {
  const m = /^[a-z0-9-]+\.([a-z0-9]+\.privatelink\.azure\.clickhouse\.cloud)$/.exec(host);
  return m?.[1];
}

/** Whether a PostgreSQL Flexible Server SKU is Burstable (`B_...`), a tier without high availability. */
export function isBurstablePostgresSku(sku: string): boolean {
  return sku.startsWith('B_');
}
