import { z } from 'zod';

/**
 * The `gcp:` block of a deployment: settings only cloud: gcp has. Every field optional with a
 * documented default; unknown fields are rejected like everywhere else in the file.
 * (Enum values mirror lib/gcp; they are repeated here so loading the config does not load the
 * provider bindings.)
 */
export const gcpConfigSchema = z.strictObject({
  /**
   * How GKE Ingress serves `hostname`: `internal` (regional internal Application Load Balancer,
   * reachable from the VPC and connected networks only) or `external` (global external
   * Application Load Balancer with a Google-managed certificate, HTTPS only).
   * @default internal
   */
  ingress: z.enum(['internal', 'external']).default('internal'),
  /** GKE node machine type. @default - from the size preset (e.g. e2-standard-8 for small) */
  machineType: z.string().regex(/^[a-z][a-z0-9]*-[a-z0-9-]+$/, 'a Compute Engine machine type such as e2-standard-8').optional(),
  /** GKE release channel. @default REGULAR */
  releaseChannel: z.enum(['RAPID', 'REGULAR', 'STABLE']).default('REGULAR'),
  /** Cloud SQL PostgreSQL version. @default POSTGRES_16 */
  postgresVersion: z.enum(['POSTGRES_15', 'POSTGRES_16', 'POSTGRES_17']).default('POSTGRES_16'),
  /** Memorystore Redis version. @default REDIS_7_2 */
  redisVersion: z.enum(['REDIS_7_0', 'REDIS_7_2']).default('REDIS_7_2'),
  /** Cloud Router + Cloud NAT with `egress.staticIps` static IPs. @default true for a created network, false with network.existingNetworkId */
  nat: z.boolean().optional(),
  /** Secondary range of the existing subnetwork for pods (network.existingSubnetIds). @default pods */
  podsRangeName: z.string().min(1).default('pods'),
  /** Secondary range of the existing subnetwork for services. @default services */
  servicesRangeName: z.string().min(1).default('services'),
  /** The existing network already has private services access (a service networking connection); do not create one. @default false */
  existingPrivateServicesAccess: z.boolean().default(false),
  /** Range for private services access on an existing network. @default - Google picks a free /20 */
  servicesAccessCidr: z.string().optional(),
  /** Existing Cloud KMS key for GKE secrets encryption, projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>. @default - a new key ring <name>-gke */
  secretsEncryptionKey: z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, 'a Cloud KMS key id projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>').optional(),
  /** GCS bucket name (globally unique). @default <project>-<name>-traces */
  bucketName: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/, '3-63 lowercase letters, digits, - and _').optional(),
  /** Private Service Connect global access: clients in other regions of the VPC may use the ClickHouse endpoint. @default false */
  clickhouseGlobalAccess: z.boolean().default(false),
  /** Enable the Google APIs the foundation uses (google_project_service). Turn off where APIs are managed centrally. @default true */
  enableApis: z.boolean().default(true),
});
