/**
 * `cdktf-langsmith/gcp`: the GCP foundation (`GcpLangSmithFoundation`) and the constructs it is
 * built from. Loads @cdktf/provider-google (and helm, kubernetes, random), never AWS or Azure bindings.
 */
export { planAddresses } from './address-plan';
export { ArtifactRegistryReader, artifactRegistryRepository } from './artifact-registry-reader';
export type { ArtifactRegistryReaderProps, ArtifactRegistryRepositoryRef } from './artifact-registry-reader';
export type { AddressPlan } from './address-plan';
export { CLICKHOUSE_TLS_PORTS, ClickHousePrivateServiceConnect } from './clickhouse-private-service-connect';
export type { ClickHousePrivateServiceConnectProps } from './clickhouse-private-service-connect';
export { CloudNat } from './cloud-nat';
export { GkeControlPlaneFirewall } from './control-plane-firewall';
export type { GkeControlPlaneFirewallProps } from './control-plane-firewall';
export type { CloudNatProps } from './cloud-nat';
export { CLOUD_SQL_POSTGRES_VERSIONS, CloudSqlPostgres } from './cloud-sql-postgres';
export type { CloudSqlPostgresProps, CloudSqlPostgresVersion } from './cloud-sql-postgres';
export { GKE_STORAGE_CLASS, GcpLangSmithFoundation } from './foundation';
export type { GcpClickHouseSettings, GcpLangSmithFoundationProps } from './foundation';
export { GCS_API_URL, GcsBlobStorage } from './gcs-blob-storage';
export type { GcsBlobStorageProps } from './gcs-blob-storage';
export { GKE_RELEASE_CHANNELS, GkeCluster, gkeClusterAccess } from './gke-cluster';
export type { GkeClusterAttributes, GkeClusterProps, GkeReleaseChannel, IGkeCluster } from './gke-cluster';
export { GKE_INGRESS_SCHEMES, GkeIngressEndpoint } from './gke-ingress';
export type { GkeIngressBackendProps, GkeIngressEndpointProps, GkeIngressScheme } from './gke-ingress';
export { MEMORYSTORE_REDIS_VERSIONS, MemorystoreRedis } from './memorystore-redis';
export type { MemorystoreRedisProps, MemorystoreRedisVersion } from './memorystore-redis';
export { GcpNetwork, PrivateServicesAccess } from './network';
export type { GcpNetworkAttributes, GcpNetworkProps, IGcpNetwork, PrivateServicesAccessProps } from './network';
export { LANGSMITH_GCP_SERVICES, ProjectServices } from './project-services';
export type { ProjectServicesProps } from './project-services';
export { GCP_REGIONS } from './regions';
export { cloudSqlTier, memorystoreShape, nodeMachineType } from './sizing';
