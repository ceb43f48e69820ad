/**
 * `cdktf-langsmith/azure`: the Azure foundation (`AzureLangSmithFoundation`) and the constructs it is
 * built from. Loads @cdktf/provider-azurerm (and helm, kubernetes, random), never AWS or Google bindings.
 */
export { DEFAULT_POD_CIDR, DEFAULT_SERVICE_CIDR, dnsServiceIp, planAzureAddresses } from './address-plan';
export type { AzureAddressPlan } from './address-plan';
export { AKS_AAD_SERVER_ID, AKS_APP_ROUTING_MODES, AKS_LOG_CATEGORIES, AKS_NETWORK_POLICIES, AKS_OUTBOUND_TYPES, AKS_STORAGE_CLASS, APP_ROUTING_INGRESS_CLASS, AksCluster, DEFAULT_AKS_VERSION, KUBELOGIN_MODES } from './aks-cluster';
export type { KubeloginMode, AksAppRouting, AksClusterAttributes, AksClusterProps, AksExistingSecretsKey, AksNetworkPolicy, AksOutboundType, IAksCluster } from './aks-cluster';
export { AksSecretsKey } from './aks-secrets-key';
export type { AksSecretsKeyProps } from './aks-secrets-key';
export { AzureBlobStorage, BLOB_DNS_ZONE, STORAGE_REPLICATION_TYPES, WORKLOAD_IDENTITY_AUDIENCE } from './blob-storage';
export type { AzureBlobStorageProps, ExistingStorageAccount, StorageReplicationType } from './blob-storage';
export { CLICKHOUSE_PORTS, ClickHousePrivateLink as AzureClickHousePrivateLink, clickhousePrivateZone } from './clickhouse-private-link';
export type { ClickHousePrivateLinkProps as AzureClickHousePrivateLinkProps } from './clickhouse-private-link';
export type { AzureTags } from './common';
export { deletionLock } from './deletion-lock';
export { AzureLangSmithFoundation } from './foundation';
export type { AzureIngressScheme, AzureLangSmithFoundationProps, AzurePrivateDnsZoneIds } from './foundation';
export { AzureManagedRedis, MANAGED_REDIS_DNS_ZONE, MANAGED_REDIS_PORT } from './managed-redis';
export type { AzureManagedRedisProps } from './managed-redis';
export { AzureNatGateway } from './nat-gateway';
export type { AzureNatGatewayProps } from './nat-gateway';
export { AzureNetwork } from './network';
export type { AzureNetworkAttributes, AzureNetworkProps, IAzureNetwork } from './network';
export { AZURE_POSTGRES_VERSIONS, AzurePostgres, LANGSMITH_POSTGRES_EXTENSIONS } from './postgres-flexible-server';
export type { AzurePostgresProps, AzurePostgresVersion } from './postgres-flexible-server';
export { LinkedPrivateDnsZone } from './private-dns';
export type { LinkedPrivateDnsZoneProps } from './private-dns';
export { PrivateEndpointWithDns } from './private-endpoint';
export type { PrivateEndpointWithDnsProps } from './private-endpoint';
export { DEFAULT_RBAC_PROPAGATION_SECONDS, RbacPropagationWait } from './rbac-wait';
export type { RbacPropagationWaitProps } from './rbac-wait';
export { AZURE_REGIONS } from './regions';
export { MANAGED_REDIS_BALANCED_GB, POSTGRES_STORAGE_MB, aksNodePool, aksVmSize, managedRedisSku, postgresSku, postgresStorageMb } from './sizing';
export type { AksWorkload } from './sizing';
