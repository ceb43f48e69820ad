import { IConstruct } from 'constructs';
import { ConfigurationError } from './errors';
import { ClusterWorkload, SIZE_NAMES, SizeName } from './sizing';
import { checkInteger, checkOneOf } from './validation';

/** The size preset of a cloud foundation when none is given (every cloud). */
export const DEFAULT_FOUNDATION_SIZE: SizeName = 'small';

/** How a cloud foundation reaches LangSmith-managed ClickHouse (ClickHouse Cloud). */
export type ClickHouseConnectivity = 'private-link' | 'public';

/** LangSmith-managed (or external) ClickHouse as a cloud foundation sees it. */
export interface FoundationClickHouseSettings {
  /** The ClickHouse host (ClickHouse Cloud's public host for LangSmith-managed ClickHouse). */
  readonly host: string;
  /**
   * `private-link`: a private endpoint to `endpointService` and private DNS resolving `host` to it
   * (AWS PrivateLink, GCP Private Service Connect, Azure Private Link); `public`: nothing is created,
   * ClickHouse is reached through the static egress IPs (or routes you manage).
   * @default 'private-link'
   */
  readonly connectivity?: ClickHouseConnectivity;
  /**
   * The service the private endpoint connects to: an AWS endpoint service name, a GCP service
   * attachment, an Azure Private Link service alias. Required with `private-link`.
   * @default - none (required with connectivity private-link)
   */
  readonly endpointService?: string;
}

/**
 * The props every cloud foundation (`AwsLangSmithFoundation`, `GcpLangSmithFoundation`,
 * `AzureLangSmithFoundation`) shares, with the same meaning and default everywhere. Cloud-specific
 * knobs (machine types, SKUs, versions, ...) stay on each cloud's props.
 */
export interface FoundationCommonProps<TNetwork> {
  /**
   * Name prefix of every resource the foundation creates (the deployment name): a lowercase letter,
   * then letters, digits and '-'. Each cloud bounds its length by its own names (see its foundation).
   */
  readonly name: string;
  /**
   * Sizing preset (lib/core/sizing.ts): node shape and counts, database and cache shapes, zones and
   * high availability, which each cloud maps to its machine types; the cloud's own size props (e.g.
   * `nodeInstanceTypes`, `machineType`, `vmSize`) override single shapes.
   * @default 'small' ({@link DEFAULT_FOUNDATION_SIZE})
   */
  readonly size?: SizeName;
  /** Namespace of the LangSmith release (the blob storage identity trusts its service accounts). @default 'langsmith' */
  readonly namespace?: string;
  /** Helm release name of LangSmith (its service account names). @default 'langsmith' */
  readonly releaseName?: string;
  /** Deletion protection (the cloud's flag or lock, and Terraform `prevent_destroy`) on the cluster, databases, cache and bucket. @default true */
  readonly deletionProtection?: boolean;
  /**
   * Key/value metadata on every taggable resource the foundation creates: AWS tags and Azure tags
   * as given; GCP labels after GCP's label rules (lowercase letters, digits, '_' and '-', keys
   * starting with a letter, at most 63 characters: other characters become '_').
   * A resource's own tags (e.g. `Name`) win over these.
   * @default {}
   */
  readonly tags?: Record<string, string>;
  /**
   * Static egress IPs (the NAT's public IPs, output as `egress_ips` for allow-listing), when the
   * foundation creates the NAT (a new network, or the cloud's `nat: true`).
   * @default 1 for size dev, else 2
   */
  readonly staticIps?: number;
  /** CIDRs allowed to reach a public Kubernetes API endpoint; empty = a private endpoint only. @default [] */
  readonly apiAllowedCidrs?: string[];
  /** An existing network (the cloud's `XxxNetwork.fromNetworkAttributes(scope, id, attrs)`) instead of a new one. @default - a new network */
  readonly existingNetwork?: TNetwork;
  /** LangSmith-managed (or external) ClickHouse: its host for the app stack, and private connectivity to it. @default - none (in-cluster ClickHouse, or an external one the app stack is given) */
  readonly clickhouse?: FoundationClickHouseSettings;
  /** A standalone agent server runs on the cluster (smaller nodes and cache). @default false */
  readonly standalone?: boolean;
  /** The full platform's control-plane services run too (node sizing). @default false */
  readonly fullPlatform?: boolean;
  /** ClickHouse runs in the cluster (node sizing). @default - true unless `clickhouse` */
  readonly inClusterClickHouse?: boolean;
  /** The standalone agent server's replicas and HPA maximum (node sizing). @default - the preset's replicas */
  readonly agentServer?: ClusterWorkload['agentServer'];
  /** Full platform: agent deployments the node pool holds at its peak (node sizing; each the preset's agent-server shape with its Postgres and Redis). @default 1 */
  readonly agentDeployments?: number;
}

/** An existing cluster instead of a new one (the cloud's `XxxCluster.fromClusterAttributes(scope, id, attrs)`). */
export interface FoundationExistingClusterProps<TCluster> {
  /** An existing cluster (on `existingNetwork`). @default - a new cluster */
  readonly existingCluster?: TCluster;
}

/** The common props a foundation resolves: checked, with their defaults. */
export interface ResolvedFoundationProps {
  /** `size`, or {@link DEFAULT_FOUNDATION_SIZE}. */
  readonly size: SizeName;
  /** `deletionProtection`, or true. */
  readonly deletionProtection: boolean;
  /** The private endpoint to create for `clickhouse` (connectivity private-link). @default - none */
  readonly clickhousePrivateLink?: { readonly host: string; readonly endpointService: string };
  /** What runs on the cluster, for its node pool (`standalone`, `fullPlatform`, `inClusterClickHouse`, `agentServer`, `agentDeployments`). */
  readonly workload: ClusterWorkload;
}

/**
 * Checks the common props of a foundation (`size`, `staticIps`, `clickhouse`; the cloud checks
 * `name` by its own naming rules) and resolves their defaults. `endpointService` says what the
 * cloud's private endpoint connects to, for the error message.
 */
export function resolveFoundationProps(scope: IConstruct, props: FoundationCommonProps<unknown>, endpointService: string): ResolvedFoundationProps {
  checkOneOf(scope, 'size', props.size, SIZE_NAMES);
  checkInteger(scope, 'staticIps', props.staticIps, 1, 16);
  return {
    size: props.size ?? DEFAULT_FOUNDATION_SIZE,
    deletionProtection: props.deletionProtection ?? true,
    clickhousePrivateLink: clickHousePrivateLink(scope, props.clickhouse, endpointService),
    workload: {
      standalone: props.standalone,
      fullPlatform: props.fullPlatform,
      inClusterClickHouse: props.inClusterClickHouse ?? !props.clickhouse,
      agentServer: props.agentServer,
      agentDeployments: props.agentDeployments,
    },
  };
}

/** The private endpoint a foundation creates for `clickhouse` (connectivity private-link), checked; undefined for none. */
function clickHousePrivateLink(scope: IConstruct, clickhouse: FoundationClickHouseSettings | undefined, allowed: string): { host: string; endpointService: string } | undefined {
  if (!clickhouse) return undefined;
  checkOneOf(scope, 'clickhouse.connectivity', clickhouse.connectivity, ['private-link', 'public']);
  if ((clickhouse.connectivity ?? 'private-link') !== 'private-link') return undefined;
  if (!clickhouse.endpointService) {
    throw ConfigurationError.forConstruct(scope, 'clickhouse.endpointService', undefined, `required for connectivity private-link; allowed: ${allowed}`);
  }
  return { host: clickhouse.host, endpointService: clickhouse.endpointService };
}
