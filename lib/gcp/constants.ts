/**
 * The allowed values of the GCP constructs' enum props, in a file that loads no provider binding:
 * the deployments-file loader (stacks/clouds/gcp-config.ts) checks against the same lists.
 */

/** GKE release channels. */
export const GKE_RELEASE_CHANNELS = ['RAPID', 'REGULAR', 'STABLE'] as const;
export type GkeReleaseChannel = typeof GKE_RELEASE_CHANNELS[number];

/**
 * Cloud SQL PostgreSQL major versions accepted. LangSmith needs PostgreSQL >= 14
 * (LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale, "Minimum requirements"); the official
 * GCP module defaults to POSTGRES_15 and its example uses a newer one.
 */
export const CLOUD_SQL_POSTGRES_VERSIONS = ['POSTGRES_15', 'POSTGRES_16', 'POSTGRES_17'] as const;
export type CloudSqlPostgresVersion = typeof CLOUD_SQL_POSTGRES_VERSIONS[number];

/**
 * Memorystore Redis versions accepted. LangSmith needs Redis >= 6.2
 * (LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale, "Minimum requirements"); the official
 * GCP module uses REDIS_7_0 (example REDIS_7_2).
 */
export const MEMORYSTORE_REDIS_VERSIONS = ['REDIS_7_0', 'REDIS_7_2'] as const;
export type MemorystoreRedisVersion = typeof MEMORYSTORE_REDIS_VERSIONS[number];

/** Where GKE Ingress puts the LangSmith frontend. */
export const GKE_INGRESS_SCHEMES = ['internal', 'external'] as const;
export type GkeIngressScheme = typeof GKE_INGRESS_SCHEMES[number];

/**
 * The smallest proxy-only subnetwork GCP accepts is a /26 (Google recommends /23): the longest
 * prefix `ingress.proxyOnlyCidr` (and the deployments file's `gcp.proxyOnlyCidr`) may have.
 */
export const PROXY_ONLY_MAX_PREFIX = 26;
