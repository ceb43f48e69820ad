import { Fn, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { ConfigurationError } from '../core/errors';
import { checkInteger, checkNoOverlap, checkPrivateCidr, parseCidr } from '../core/validation';
import { SERVICES_ACCESS_MAX_PREFIX } from './constants';
import { planAddresses } from './address-plan';
import { checkName, checkProject, checkRegion, networkPath, subnetworkPath } from './common';

/** A VPC network and the GKE subnetwork in it, created here or existing. */
export interface IGcpNetwork {
  /** Network path `projects/<p>/global/networks/<n>`. */
  readonly networkId: string;
  /** Subnetwork path `projects/<p>/regions/<r>/subnetworks/<s>` of the nodes. */
  readonly subnetworkId: string;
  /** Region of the subnetwork. */
  readonly region: string;
  /** Secondary range of the subnetwork for GKE pods. */
  readonly podsRangeName: string;
  /** Secondary range of the subnetwork for GKE services. */
  readonly servicesRangeName: string;
  /**
   * What Cloud SQL and Memorystore must wait for: the private services access (service networking)
   * connection. Empty when the network already has one.
   */
  readonly servicesAccessDependencies: ITerraformDependable[];
  /** Name of the allocated range for private services access. @default - any range of the connection */
  readonly servicesAccessRangeName?: string;
  /** Primary range of the node subnetwork. @default - unknown (read from the subnetwork where needed) */
  readonly nodesCidr?: string;
}

/** Attributes of an existing network (bring your own VPC). */
export interface GcpNetworkAttributes {
  /** Project of the network (the host project for Shared VPC). */
  readonly project: string;
  readonly region: string;
  /** Network name, or its path `projects/<p>/global/networks/<n>`. */
  readonly network: string;
  /** Subnetwork name, or its path; it must have secondary ranges for pods and services. */
  readonly subnetwork: string;
  /** @default 'pods' */
  readonly podsRangeName?: string;
  /** @default 'services' */
  readonly servicesRangeName?: string;
  /** The private services access connection to wait for, if created elsewhere in this stack. @default [] */
  readonly servicesAccessDependencies?: ITerraformDependable[];
  /** @default - any range of the network's service networking connection */
  readonly servicesAccessRangeName?: string;
  /** Primary range of the subnetwork. @default - read from the subnetwork where needed */
  readonly nodesCidr?: string;
}

/** Properties of {@link PrivateServicesAccess}. */
export interface PrivateServicesAccessProps {
  /** Name prefix of the allocated range (`<name>-psa`). */
  readonly name: string;
  /** Network path or name. */
  readonly networkId: string;
  /** The range to allocate, e.g. 10.0.160.0/19. @default - Google picks a free range of `prefixLength` */
  readonly cidr?: string;
  /** Prefix length when `cidr` is not given. @default 20 */
  readonly prefixLength?: number;
  /** @default - the provider's project */
  readonly project?: string;
  /**
   * When the network already has a service networking connection (one abandoned by an earlier
   * destroy), replace its ranges with this one (`update_on_creation_fail`, a forced patch). Only for
   * a network this deployment owns: on a shared network it would take the ranges of other producers away.
   * @default false
   */
  readonly updateOnCreationFail?: boolean;
  /** Resources to wait for (API enablement). @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Private services access: an allocated internal range peered with Google's service producer
 * network (`google_compute_global_address` purpose VPC_PEERING + `google_service_networking_connection`),
 * so Cloud SQL and Memorystore get private IPs only. Use it alone on an existing network that
 * has no such connection yet. Destroy abandons the peering (`deletion_policy = ABANDON`): Google
 * refuses to delete it while Cloud SQL still holds addresses in it (the provider's documented
 * reason for ABANDON). The peering `servicenetworking-googleapis-com` then stays on the network until
 * removed (lib/gcp/README.md, "Destroying"); a later create on the same network patches it
 * (`updateOnCreationFail`) instead of failing.
 */
export class PrivateServicesAccess extends Construct {
  public readonly range: ComputeGlobalAddress;
  public readonly connection: ServiceNetworkingConnection;

  constructor(scope: Construct, id: string, props: PrivateServicesAccessProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkPrivateCidr(this, 'cidr', props.cidr, 8, SERVICES_ACCESS_MAX_PREFIX);
    checkInteger(this, 'prefixLength', props.prefixLength, 8, SERVICES_ACCESS_MAX_PREFIX);
    const parsed = props.cidr && !Token.isUnresolved(props.cidr) ? parseCidr(props.cidr) : undefined;
    this.range = new ComputeGlobalAddress(this, 'Range', {
      name: `${props.name}-psa`,
      project: props.project,
      purpose: 'VPC_PEERING',
      addressType: 'INTERNAL',
      network: props.networkId,
      address: parsed ? props.cidr!.split('/')[0] : undefined,
      prefixLength: parsed ? parsed.prefix : (props.prefixLength ?? 20),
      description: 'Private services access for Cloud SQL and Memorystore (cdktf-langsmith).',
      dependsOn: props.dependsOn,
    });
    this.connection = new ServiceNetworkingConnection(this, 'Connection', {
      network: props.networkId,
      service: 'servicenetworking.googleapis.com',
      reservedPeeringRanges: [this.range.name],
      deletionPolicy: 'ABANDON',
      updateOnCreationFail: props.updateOnCreationFail ?? false,
    });
  }
}

/**
 * The node subnetwork's flow log settings, cost-aware but still a security record
 * (google provider 6.x `log_config`; values checked against resource_compute_subnetwork.go):
 * - `INTERVAL_10_MIN` aggregation instead of the 5-second default: a long-lived connection
 *   is one record per 10 minutes rather than 120 (as AWS's 600-second `max_aggregation_interval`);
 *   every sampled connection is still recorded with its 5-tuple, bytes, packets and times;
 * - 50% sampling (Google's default);
 * - `CUSTOM_METADATA` with only `src_gke_details` / `dest_gke_details`: the cluster, pod and
 *   service of each end, which a pod IP alone cannot tell after the pod is gone, without the
 *   instance, VPC and geography fields that make up much of an `INCLUDE_ALL_METADATA` record.
 * Cloud Logging bills ingestion per GiB: the longer interval matters most for the long-lived
 * connections a LangSmith cluster keeps (Postgres, Redis, ClickHouse).
 */
export const FLOW_LOG_CONFIG = {
  aggregationInterval: 'INTERVAL_10_MIN',
  flowSampling: 0.5,
  metadata: 'CUSTOM_METADATA',
  metadataFields: ['src_gke_details', 'dest_gke_details'],
} as const;

/** Properties of {@link GcpNetwork}. */
export interface GcpNetworkProps {
  /** Project id. */
  readonly project: string;
  /** Region of the subnetwork. */
  readonly region: string;
  /** Name prefix: network `<name>`, subnetwork `<name>-nodes`. */
  readonly name: string;
  /** Address space to split (see lib/gcp/address-plan.ts). @default '10.0.0.0/16' */
  readonly cidr?: string;
  /** Node subnetwork range. @default - from `cidr` */
  readonly nodesCidr?: string;
  /** Pods secondary range. @default - from `cidr` */
  readonly podsCidr?: string;
  /** Services secondary range. @default - from `cidr` */
  readonly servicesCidr?: string;
  /** Private services access range. @default - from `cidr` */
  readonly servicesAccessCidr?: string;
  /** Create private services access for Cloud SQL / Memorystore. @default true */
  readonly privateServicesAccess?: boolean;
  /**
   * Create a proxy-only subnetwork (REGIONAL_MANAGED_PROXY), needed by internal Application
   * Load Balancers such as GKE `gce-internal` Ingress.
   * @default false
   */
  readonly proxyOnlySubnet?: boolean;
  /** Proxy-only range. @default - from `cidr` */
  readonly proxyOnlyCidr?: string;
  /**
   * VPC flow logs on the node subnetwork: 10-minute aggregation (as the AWS flow logs here), 50%
   * sampling, and of the metadata only the GKE details (cluster, pod, service of each end) that
   * attribute a flow to a workload: see {@link FLOW_LOG_CONFIG}.
   * @default true
   */
  readonly flowLogs?: boolean;
  /** Resources to wait for (API enablement). @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A custom-mode VPC with one regional subnetwork for GKE: secondary ranges for pods and
 * services, Private Google Access (nodes without public IPs reach Google APIs), flow logs
 * (CKV_GCP_26), and private services access for Cloud SQL and Memorystore. Bring your own
 * network with {@link GcpNetwork.fromNetworkAttributes}.
 */
export class GcpNetwork extends Construct implements IGcpNetwork {
  /** An existing network and subnetwork, checked here (project, region); errors name `scope/id`. Creates nothing. */
  public static fromNetworkAttributes(scope: Construct, id: string, attrs: GcpNetworkAttributes): IGcpNetwork {
    const at = new Construct(scope, id);
    checkProject(at, 'project', attrs.project);
    checkRegion(at, 'region', attrs.region);
    return {
      networkId: networkPath(attrs.project, attrs.network),
      subnetworkId: subnetworkPath(attrs.project, attrs.region, attrs.subnetwork),
      region: attrs.region,
      podsRangeName: attrs.podsRangeName ?? 'pods',
      servicesRangeName: attrs.servicesRangeName ?? 'services',
      servicesAccessDependencies: attrs.servicesAccessDependencies ?? [],
      servicesAccessRangeName: attrs.servicesAccessRangeName,
      nodesCidr: attrs.nodesCidr,
    };
  }

  public readonly network: ComputeNetwork;
  public readonly subnetwork: ComputeSubnetwork;
  public readonly proxyOnly?: ComputeSubnetwork;
  public readonly servicesAccess?: PrivateServicesAccess;
  public readonly networkId: string;
  public readonly subnetworkId: string;
  public readonly region: string;
  public readonly podsRangeName = 'pods';
  public readonly servicesRangeName = 'services';
  public readonly servicesAccessDependencies: ITerraformDependable[];
  public readonly servicesAccessRangeName?: string;
  public readonly nodesCidr: string;

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkProject(this, 'project', props.project);
    checkRegion(this, 'region', props.region);
    const cidr = props.cidr ?? '10.0.0.0/16';
    checkPrivateCidr(this, 'cidr', cidr, 8, 20);
    for (const f of ['nodesCidr', 'podsCidr', 'servicesCidr', 'servicesAccessCidr', 'proxyOnlyCidr'] as const) {
      checkPrivateCidr(this, f, props[f], 8, 28);
    }
    const literal = !Token.isUnresolved(cidr);
    const plan = literal ? planAddresses(cidr) : undefined;
    const pick = (given: string | undefined, planned: string | undefined, newbits: number, netnum: number): string =>
      given ?? planned ?? Fn.cidrsubnet(cidr, newbits, netnum);
    const ranges = {
      nodesCidr: pick(props.nodesCidr, plan?.nodes, 3, 4),
      podsCidr: pick(props.podsCidr, plan?.pods, 1, 0),
      servicesCidr: pick(props.servicesCidr, plan?.services, 4, 12),
      servicesAccessCidr: pick(props.servicesAccessCidr, plan?.servicesAccess, 3, 5),
      proxyOnlyCidr: pick(props.proxyOnlyCidr, plan?.proxyOnly, 6, 52),
    };
    checkNoOverlap(this, props.proxyOnlySubnet ? ranges : { ...ranges, proxyOnlyCidr: undefined });
    const proxyPrefix = parseCidr(ranges.proxyOnlyCidr)?.prefix;
    if (props.proxyOnlySubnet && proxyPrefix !== undefined && proxyPrefix > 26) {
      throw ConfigurationError.forConstruct(this, 'proxyOnlyCidr', ranges.proxyOnlyCidr, 'allowed: a /26 or larger range (Google recommends /23)');
    }

    this.region = props.region;
    this.network = new ComputeNetwork(this, 'Network', {
      name: props.name,
      project: props.project,
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
      description: 'LangSmith (cdktf-langsmith).',
      dependsOn: props.dependsOn,
    });
    this.networkId = this.network.id;
    const flowLogs = props.flowLogs ?? true;
    this.subnetwork = new ComputeSubnetwork(this, 'Subnetwork', {
      name: `${props.name}-nodes`,
      project: props.project,
      region: props.region,
      network: this.network.id,
      ipCidrRange: ranges.nodesCidr,
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: this.podsRangeName, ipCidrRange: ranges.podsCidr },
        { rangeName: this.servicesRangeName, ipCidrRange: ranges.servicesCidr },
      ],
      logConfig: flowLogs ? { ...FLOW_LOG_CONFIG, metadataFields: [...FLOW_LOG_CONFIG.metadataFields] } : undefined,
    });
    this.subnetworkId = this.subnetwork.id;
    this.nodesCidr = ranges.nodesCidr;
    if (props.proxyOnlySubnet) {
      this.proxyOnly = new ComputeSubnetwork(this, 'ProxyOnlySubnetwork', {
        name: `${props.name}-proxy-only`,
        project: props.project,
        region: props.region,
        network: this.network.id,
        ipCidrRange: ranges.proxyOnlyCidr,
        purpose: 'REGIONAL_MANAGED_PROXY',
        role: 'ACTIVE',
      });
    }
    if (props.privateServicesAccess ?? true) {
      this.servicesAccess = new PrivateServicesAccess(this, 'PrivateServicesAccess', {
        name: props.name,
        project: props.project,
        networkId: this.network.id,
        cidr: ranges.servicesAccessCidr,
        // The network is this deployment's: a connection left by an earlier destroy is taken over.
        updateOnCreationFail: true,
        dependsOn: props.dependsOn,
      });
      this.servicesAccessDependencies = [this.servicesAccess.connection];
      this.servicesAccessRangeName = this.servicesAccess.range.name;
    } else {
      this.servicesAccessDependencies = [];
    }
  }
}
