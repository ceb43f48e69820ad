import { z } from 'zod';
import { ExposureType, exposureType } from '../exposure-type';
import { CLOUD_SQL_POSTGRES_VERSIONS, GKE_INGRESS_SCHEMES, GKE_RELEASE_CHANNELS, MEMORYSTORE_REDIS_VERSIONS, PROXY_ONLY_MAX_PREFIX, SERVICES_ACCESS_MAX_PREFIX } from '../../lib/gcp/constants';
import { isPrivateCidr, parseCidr } from '../../lib/core/validation';
import { clickHousePscHost, serviceAttachmentRegion } from '../../lib/gcp/clickhouse-host';

/**
 * The `gcp:` block of a deployment: settings only cloud: gcp has. Every field optional with a
 * documented default; unknown fields are rejected like everywhere else in the file. The enum
 * values are lib/gcp/constants.ts's, a file that loads no provider binding.
 */
export const gcpConfigSchema = z.strictObject({
  /**
   * How GKE Ingress serves `hostname`: `internal` (regional internal Application Load Balancer,
   * reachable from the VPC and connected networks only) or `external` (global external
   * Application Load Balancer with a Google-managed certificate, HTTPS only).
   * @default internal
   */
  ingress: z.enum(GKE_INGRESS_SCHEMES).default('internal'),
  /**
   * Private CIDRs (VPN, Interconnect, CI runners outside the node subnetwork, peered networks)
   * allowed to reach the cluster's private API endpoint (master authorized networks, enforced on the
   * private endpoint). Otherwise only the cluster's nodes and pods and the node subnetwork's primary
   * range reach it, so the app stack must run from that subnetwork.
   * @default []
   */
  privateApiAccessCidrs: z.array(z.string().refine((v) => parseCidr(v) !== undefined && isPrivateCidr(v), 'a private IPv4 CIDR such as 10.200.0.0/16')).default([]),
  /** GKE node machine type. @default - from the size preset (e.g. e2-standard-8 for small) */
  machineType: z.string().regex(/^[a-z][a-z0-9]*-[a-z0-9-]+$/, 'a Compute Engine machine type such as e2-standard-8').optional(),
  /** GKE control-plane component logs (API server, scheduler, controller manager) to Cloud Logging; Admin Activity audit logs are always on. @default false */
  controlPlaneLogs: z.boolean().default(false),
  /** GKE release channel. @default REGULAR */
  releaseChannel: z.enum(GKE_RELEASE_CHANNELS).default('REGULAR'),
  /** Cloud SQL PostgreSQL version. @default POSTGRES_16 */
  postgresVersion: z.enum(CLOUD_SQL_POSTGRES_VERSIONS).default('POSTGRES_16'),
  /** Memorystore Redis version. @default REDIS_7_2 */
  redisVersion: z.enum(MEMORYSTORE_REDIS_VERSIONS).default('REDIS_7_2'),
  /** Cloud Router + Cloud NAT with `egress.staticIps` static IPs (set it in an existing network with public ClickHouse: true, or false for the network's own static egress). @default true for a created network, false with network.existingNetworkId */
  nat: z.boolean().optional(),
  /** Secondary range of the existing subnetwork for pods (network.existingSubnetIds). @default pods */
  podsRangeName: z.string().min(1).default('pods'),
  /** Secondary range of the existing subnetwork for services. @default services */
  servicesRangeName: z.string().min(1).default('services'),
  /**
   * With network.existingNetworkId: the network already has private services access (a service
   * networking connection, which a network has at most one of), so none is created. Set false, or
   * set gcp.servicesAccessCidr, to create one on a network that has none. Ignored for a created network.
   * @default true with network.existingNetworkId, unless gcp.servicesAccessCidr is set
   */
  existingPrivateServicesAccess: z.boolean().optional(),
  /**
   * With network.existingNetworkId and the internal GKE Ingress (hostname, exposure ingress without
   * a className): the range of the region's proxy-only subnetwork. A firewall rule then lets the
   * internal load balancer's proxies reach the pods (GKE allows only the health checks). Refused for
   * a created network, which gets its own, and where no such Ingress would use it.
   * @default - no rule on an existing network: add one yourself
   */
  proxyOnlyCidr: z.string().refine((v) => isPrivateCidr(v) && parseCidr(v)!.prefix <= PROXY_ONLY_MAX_PREFIX, `a private IPv4 CIDR of /${PROXY_ONLY_MAX_PREFIX} or larger such as 10.129.0.0/23`).optional(),
  /** Range for private services access created on an existing network (private, /8 to /24; refused for a created network). @default - Google picks a free /20 */
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

/** Whether Cloud NAT is created, as the builder tells the foundation: unless gcp.nat says otherwise or the network exists. */
export function gcpNat(d: { readonly network: { readonly existingNetworkId?: string }; readonly gcp: { readonly nat?: boolean } }): boolean {
  return d.gcp.nat ?? !d.network.existingNetworkId;
}

/** Whether the deployment's frontend is served by a GKE Ingress whose class (gcp.ingress) this foundation picks. */
export function usesGkeIngress(d: { readonly hostname?: string; readonly exposure: { readonly type?: ExposureType; readonly className?: string } }): boolean {
  return exposureType(d) === 'ingress' && !!d.hostname && d.exposure.className === undefined;
}

/** The fields of a deployment the GCP rules below read. */
interface GcpDeploymentFields {
  readonly region?: string;
  readonly hostname?: string;
  readonly exposure: { readonly type?: ExposureType; readonly className?: string };
  readonly clickhouse: { readonly type: string; readonly connectivity?: string; readonly host?: string; readonly endpointService?: string };
  readonly network: { readonly existingNetworkId?: string };
  readonly gcp: {
    readonly existingPrivateServicesAccess?: boolean;
    readonly servicesAccessCidr?: string;
    readonly ingress: string;
    readonly proxyOnlyCidr?: string;
    readonly clickhouseGlobalAccess?: boolean;
  };
}

/**
 * Rules of a cloud: gcp deployment across fields (each a ConfigurationError of the loader):
 * LangSmith-managed ClickHouse over Private Service Connect needs a ClickHouse Cloud GCP host in
 * the deployment's region (the public host is accepted and its private host derived, as on AWS)
 * and a service attachment in that region (PSC is not cross-region); over the public endpoint,
 * the private host would not resolve. A proxy-only range is given only for an existing network
 * served by the internal load balancer.
 */
export function gcpDeploymentProblems(d: GcpDeploymentFields): { field: string; value: unknown; allowed: string }[] {
  const problems: { field: string; value: unknown; allowed: string }[] = [];
  const ch = d.clickhouse;
  if (ch.type === 'langsmith-managed' && (ch.connectivity ?? 'private-link') === 'private-link') {
    const psc = ch.host ? clickHousePscHost(ch.host) : undefined;
    if (ch.host && !psc) {
      problems.push({ field: 'clickhouse.host', value: ch.host, allowed: 'allowed with connectivity: private-link on cloud: gcp: the ClickHouse Cloud host <id>.<region>.p.gcp.clickhouse.cloud (privateDnsHostname) or <id>.<region>.gcp.clickhouse.cloud, whose private host is derived' });
    } else if (psc && d.region && psc.region !== d.region) {
      problems.push({ field: 'clickhouse.host', value: ch.host, allowed: `allowed: a ClickHouse service in region ${d.region} (Private Service Connect is not cross-region)` });
    }
    const attachmentRegion = ch.endpointService ? serviceAttachmentRegion(ch.endpointService) : undefined;
    if (attachmentRegion && d.region && attachmentRegion !== d.region) {
      problems.push({ field: 'clickhouse.endpointService', value: ch.endpointService, allowed: `allowed: a service attachment in region ${d.region} (Private Service Connect is not cross-region)` });
    }
  } else if (ch.type === 'langsmith-managed' && ch.host && /\.p\.gcp\.clickhouse\.cloud$/.test(ch.host)) {
    problems.push({ field: 'clickhouse.host', value: ch.host, allowed: 'allowed with connectivity: public: the public host <id>.<region>.gcp.clickhouse.cloud (the .p. host resolves only through Private Service Connect)' });
  }
  if (d.gcp.clickhouseGlobalAccess && !(ch.type === 'langsmith-managed' && (ch.connectivity ?? 'private-link') === 'private-link')) {
    problems.push({ field: 'gcp.clickhouseGlobalAccess', value: true, allowed: 'only with clickhouse.type: langsmith-managed over connectivity: private-link (it opens that Private Service Connect endpoint to other regions; nothing else would use it); remove it' });
  }
  // The proxy-only range feeds one firewall rule: the internal GKE Ingress's, on an existing network.
  if (d.gcp.proxyOnlyCidr !== undefined) {
    if (!d.network.existingNetworkId || d.gcp.ingress !== 'internal') {
      problems.push({ field: 'gcp.proxyOnlyCidr', value: d.gcp.proxyOnlyCidr, allowed: 'only with network.existingNetworkId and gcp.ingress: internal (a created network gets its own proxy-only subnetwork and rule); remove it' });
    } else if (!usesGkeIngress(d)) {
      problems.push({ field: 'gcp.proxyOnlyCidr', value: d.gcp.proxyOnlyCidr, allowed: 'only where a GKE Ingress serves hostname (exposure.type: ingress with a hostname and no exposure.className): this deployment has none, so no firewall rule would use the range; remove it' });
    }
  }
  // Private services access is allocated from gcp.servicesAccessCidr only on an existing network (PrivateServicesAccess).
  const psa = d.gcp.servicesAccessCidr;
  if (psa !== undefined) {
    const prefix = parseCidr(psa)?.prefix;
    if (!isPrivateCidr(psa)) {
      problems.push({ field: 'gcp.servicesAccessCidr', value: psa, allowed: 'allowed: a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) such as 10.100.0.0/20' });
    } else if (!d.network.existingNetworkId) {
      problems.push({ field: 'gcp.servicesAccessCidr', value: psa, allowed: 'only with network.existingNetworkId (a created network takes its private services access range from network.cidr); remove it' });
    } else if (d.gcp.existingPrivateServicesAccess === true) {
      problems.push({ field: 'gcp.servicesAccessCidr', value: psa, allowed: 'only when private services access is created (gcp.existingPrivateServicesAccess: false); remove one of them' });
    } else if (prefix! < 8 || prefix! > SERVICES_ACCESS_MAX_PREFIX) {
      problems.push({ field: 'gcp.servicesAccessCidr', value: psa, allowed: `allowed: a prefix from /8 to /${SERVICES_ACCESS_MAX_PREFIX} such as 10.100.0.0/20 (Cloud SQL and Memorystore take their blocks from it)` });
    }
  }
  return problems;
}
