import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Foundation } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { FoundationClickHouseSettings, FoundationCommonProps, FoundationExistingClusterProps, resolveFoundationProps } from '../core/foundation-props';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE_NAME } from '../core/naming';
import { cacheFor, sizePreset } from '../core/sizing';
import { checkPrivateCidr } from '../core/validation';
import { ClickHousePrivateServiceConnect } from './clickhouse-private-service-connect';
import { CloudNat } from './cloud-nat';
import { PROXY_ONLY_MAX_PREFIX } from './constants';
import { CloudSqlPostgres, CloudSqlPostgresVersion } from './cloud-sql-postgres';
import { checkName, checkProject, checkRegion, gcpLabels } from './common';
import { GcsBlobStorage } from './gcs-blob-storage';
import { GkeControlPlaneFirewall } from './control-plane-firewall';
import { GkeCluster, GkeReleaseChannel, IGkeCluster } from './gke-cluster';
import { GkeIngressBackendProps, GkeIngressEndpoint, GkeIngressScheme } from './gke-ingress';
import { MemorystoreRedis, MemorystoreRedisVersion } from './memorystore-redis';
import { memorystoreShape } from './sizing';
import { GcpNetwork, IGcpNetwork, PrivateServicesAccess } from './network';
import { ProjectServices } from './project-services';

/** The storage class for in-cluster volumes: GKE's built-in SSD persistent disk class (LangSmith asks for SSD volumes). */
export const GKE_STORAGE_CLASS = 'premium-rwo';

/** LangSmith-managed ClickHouse on Google Cloud: the common settings and Private Service Connect's global access. */
export interface GcpClickHouseSettings extends FoundationClickHouseSettings {
  /** Global access on the Private Service Connect forwarding rule (clients in other regions). @default false */
  readonly globalAccess?: boolean;
}

/**
 * Properties of {@link GcpLangSmithFoundation}: the common ones ({@link FoundationCommonProps}:
 * `tags` become labels; `existingNetwork` from {@link GcpNetwork.fromNetworkAttributes},
 * `existingCluster` from {@link GkeCluster.fromClusterAttributes}) and Google Cloud's own.
 */
export interface GcpLangSmithFoundationProps extends FoundationCommonProps<IGcpNetwork>, FoundationExistingClusterProps<IGkeCluster> {
  /** GCP project id. */
  readonly project: string;
  /** GCP region of the deployment, e.g. us-central1. */
  readonly region: string;
  /** Address space of a created VPC (see lib/gcp/address-plan.ts). Ignored with `existingNetwork`. @default '10.0.0.0/16' */
  readonly networkCidr?: string;
  /**
   * Create private services access on an existing network (a range picked by Google, or
   * `servicesAccessCidr`). A network has at most one service networking connection, shared by every
   * producer (Cloud SQL, Memorystore, ...): a brought network usually has it already, so it is only
   * created when asked, and never by overwriting the ranges of an existing one.
   * @default - true when `servicesAccessCidr` is given, else false
   */
  readonly createPrivateServicesAccess?: boolean;
  /** Range for private services access on an existing network. @default - Google picks a free /20 */
  readonly servicesAccessCidr?: string;
  /** Cloud Router + Cloud NAT with static IPs. @default - true for a created network, false for an existing one */
  readonly nat?: boolean;
  /** Minimum Kubernetes minor version. @default - the release channel's default */
  readonly kubernetesVersion?: string;
  /** @default 'REGULAR' */
  readonly releaseChannel?: GkeReleaseChannel;
  /** Private CIDRs allowed to reach the private API endpoint (VPN, runners outside the node subnetwork). @default [] */
  readonly privateApiAccessCidrs?: string[];
  /** Master authorized networks enforced on the private endpoint (see `GkeClusterProps.privateEndpointEnforcement`). @default true */
  readonly privateEndpointEnforcement?: boolean;
  /** /28 for a VPC-peered control plane (see `GkeClusterProps.masterIpv4CidrBlock`). @default - a Private Service Connect control plane */
  readonly masterIpv4CidrBlock?: string;
  /**
   * TCP ports on the nodes and pods the control plane must reach besides GKE's own 443 and 10250:
   * webhooks and aggregated API servers of add-ons installed in the cluster (KEDA: 6443, 9443). On a
   * VPC-peered control plane (`masterIpv4CidrBlock`, or an `existingCluster` with
   * `controlPlaneCidr`) a firewall rule admits its /28 on them; a Private Service Connect control
   * plane has no such range and gets no rule (see lib/gcp/README.md).
   * @default []
   */
  readonly controlPlaneWebhookPorts?: number[];
  /** Node machine type. @default - from the preset and what runs (e.g. e2-standard-4 for a standalone agent server) */
  readonly machineType?: string;
  /** GKE control-plane component logs (API server, scheduler, controller manager) to Cloud Logging (see `GkeClusterProps.controlPlaneLogs`). @default false */
  readonly controlPlaneLogs?: boolean;
  /** Existing Cloud KMS key for GKE secrets encryption. @default - a new key ring and key */
  readonly secretsEncryptionKeyId?: string;
  /** @default 'POSTGRES_16' */
  readonly postgresVersion?: CloudSqlPostgresVersion;
  /** @default 'REDIS_7_2' */
  readonly redisVersion?: MemorystoreRedisVersion;
  /** Create the GCS bucket and its Workload Identity (not needed by a standalone agent server). @default true */
  readonly blobStorage?: boolean;
  /** Bucket name. @default `<project>-<name>-traces` */
  readonly bucketName?: string;
  /** LangSmith-managed ClickHouse; `private-link` is Private Service Connect to the service attachment `endpointService`. @default - none */
  readonly clickhouse?: GcpClickHouseSettings;
  /**
   * A static IP (and certificate) for GKE Ingress of `hostname`. With the internal scheme and a
   * `backend`, a firewall rule lets the load balancer's proxies reach the backend port: from the
   * proxy-only subnetwork created here, or from `proxyOnlyCidr` on an existing network.
   * @default - none
   */
  readonly ingress?: {
    readonly hostname: string;
    /** @default 'internal' */
    readonly scheme?: GkeIngressScheme;
    /** BackendConfig, health check and firewall port of the Service behind the load balancer. @default - none: GKE's defaults (30 s timeout, inferred health check) */
    readonly backend?: GkeIngressBackendProps;
    /** The same for the agent servers the LangSmith operator creates behind this Ingress (full platform): `Foundation.agentIngressBackend`, and their port in the proxies' firewall rule. @default - none */
    readonly agentBackend?: GkeIngressBackendProps;
    /** The range of the region's proxy-only subnetwork of an existing network. @default - none: no rule on an existing network (add your own) */
    readonly proxyOnlyCidr?: string;
  };
  /** Enable the Google APIs used (`google_project_service`). @default true */
  readonly enableApis?: boolean;
}

/**
 * Everything LangSmith needs on Google Cloud, from the smaller constructs of lib/gcp: APIs,
 * VPC (or yours) with private services access, Cloud NAT with static IPs, a private regional
 * GKE cluster, Cloud SQL Postgres, Memorystore Redis, a GCS bucket with Workload Identity,
 * Private Service Connect to ClickHouse Cloud and an Ingress address. `foundation` is the
 * contract the Kubernetes layer consumes.
 */
export class GcpLangSmithFoundation extends Construct {
  public readonly services?: ProjectServices;
  public readonly network: IGcpNetwork;
  public readonly privateServicesAccess?: PrivateServicesAccess;
  public readonly nat?: CloudNat;
  public readonly cluster: IGkeCluster;
  public readonly postgres: CloudSqlPostgres;
  public readonly redis: MemorystoreRedis;
  public readonly blob?: GcsBlobStorage;
  public readonly clickhouse?: ClickHousePrivateServiceConnect;
  public readonly ingress?: GkeIngressEndpoint;
  /** The rule admitting a VPC-peered control plane to `controlPlaneWebhookPorts`. */
  public readonly controlPlaneFirewall?: GkeControlPlaneFirewall;
  /** The contract for the Kubernetes layer. */
  public readonly foundation: Foundation;

  constructor(scope: Construct, id: string, props: GcpLangSmithFoundationProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkProject(this, 'project', props.project);
    checkRegion(this, 'region', props.region);
    const { size, deletionProtection, clickhousePrivateLink: privateLink, workload } = resolveFoundationProps(this, props, 'a service attachment projects/<p>/regions/<r>/serviceAttachments/<name>');
    const labels = props.tags ? gcpLabels(props.tags) : undefined;
    const { project, region, name } = props;
    if (props.existingCluster && !props.existingNetwork) {
      throw ConfigurationError.forConstruct(this, 'existingNetwork', undefined, 'required with existingCluster: the network the cluster runs in (Cloud SQL, Memorystore and Private Service Connect attach to it)');
    }
    if (props.existingCluster && props.masterIpv4CidrBlock !== undefined) {
      throw ConfigurationError.forConstruct(this, 'masterIpv4CidrBlock', props.masterIpv4CidrBlock, 'only for a cluster created here; for existingCluster give controlPlaneCidr to GkeCluster.fromClusterAttributes');
    }
    if (props.nat === false && props.staticIps !== undefined) {
      throw ConfigurationError.forConstruct(this, 'staticIps', props.staticIps, 'only with nat: true; allowed: remove it or enable nat');
    }

    const deps: ITerraformDependable[] = [];
    if (props.enableApis ?? true) {
      this.services = new ProjectServices(this, 'Services', { project });
      deps.push(...this.services.services);
    }

    // Network.
    let servicesAccessDeps: ITerraformDependable[];
    let servicesAccessRange: string | undefined;
    if (props.existingNetwork) {
      this.network = props.existingNetwork;
      servicesAccessDeps = [...props.existingNetwork.servicesAccessDependencies];
      servicesAccessRange = props.existingNetwork.servicesAccessRangeName;
      if (props.createPrivateServicesAccess ?? props.servicesAccessCidr !== undefined) {
        this.privateServicesAccess = new PrivateServicesAccess(this, 'PrivateServicesAccess', { name, project, networkId: this.network.networkId, cidr: props.servicesAccessCidr, dependsOn: deps });
        servicesAccessDeps.push(this.privateServicesAccess.connection);
        servicesAccessRange = this.privateServicesAccess.range.name;
      }
    } else {
      const network = new GcpNetwork(this, 'Network', {
        project,
        region,
        name,
        cidr: props.networkCidr,
        proxyOnlySubnet: props.ingress !== undefined && (props.ingress.scheme ?? 'internal') === 'internal',
        dependsOn: deps,
      });
      this.network = network;
      servicesAccessDeps = network.servicesAccessDependencies;
      servicesAccessRange = network.servicesAccessRangeName;
    }

    // Egress.
    if (props.nat ?? !props.existingNetwork) {
      this.nat = new CloudNat(this, 'Nat', {
        name,
        project,
        region,
        networkId: this.network.networkId,
        subnetworkIds: props.existingNetwork ? [this.network.subnetworkId] : undefined,
        staticIps: props.staticIps ?? (size === 'dev' ? 1 : 2),
        labels,
        dependsOn: deps,
        deletionProtection: props.deletionProtection,
      });
    }

    // Cluster.
    this.cluster = props.existingCluster ?? new GkeCluster(this, 'Gke', {
      project,
      region,
      name,
      network: this.network,
      size,
      workload,
      machineType: props.machineType,
      controlPlaneLogs: props.controlPlaneLogs,
      kubernetesVersion: props.kubernetesVersion,
      releaseChannel: props.releaseChannel,
      apiAllowedCidrs: props.apiAllowedCidrs,
      privateApiAccessCidrs: props.privateApiAccessCidrs,
      privateEndpointEnforcement: props.privateEndpointEnforcement,
      masterIpv4CidrBlock: props.masterIpv4CidrBlock,
      secretsEncryptionKeyId: props.secretsEncryptionKeyId,
      deletionProtection,
      labels,
      dependsOn: [...deps, ...(this.nat ? [this.nat.nat] : [])],
      // The project and zone lookups wait for the two APIs they call only (see GkeClusterProps.lookupDependsOn).
      lookupDependsOn: this.services ? ['cloudresourcemanager.googleapis.com', 'compute.googleapis.com'].map((n) => this.services!.service(n)).filter((x): x is NonNullable<typeof x> => !!x) : [],
    });

    // The control plane to add-on webhooks: GKE admits a VPC-peered control plane on 443/10250 only.
    const webhookPorts = props.controlPlaneWebhookPorts ?? [];
    if (webhookPorts.length > 0 && this.cluster.controlPlaneCidr !== undefined) {
      this.controlPlaneFirewall = new GkeControlPlaneFirewall(this, 'ControlPlaneFirewall', {
        name,
        project,
        networkId: this.network.networkId,
        controlPlaneCidr: this.cluster.controlPlaneCidr,
        ports: webhookPorts,
        targetServiceAccounts: this.cluster.nodeServiceAccountEmail ? [this.cluster.nodeServiceAccountEmail] : undefined,
        dependsOn: deps,
      });
    }

    // Stores.
    const storeDeps = [...deps, ...servicesAccessDeps];
    this.postgres = new CloudSqlPostgres(this, 'Postgres', {
      name: `${name}-pg`,
      project,
      region,
      networkId: this.network.networkId,
      allocatedIpRange: servicesAccessRange,
      size,
      databaseVersion: props.postgresVersion,
      deletionProtection,
      labels,
      dependsOn: storeDeps,
    });
    this.redis = new MemorystoreRedis(this, 'Redis', {
      name: `${name}-redis`,
      project,
      region,
      networkId: this.network.networkId,
      reservedIpRange: servicesAccessRange,
      size,
      memorySizeGb: props.standalone ? memorystoreShape(cacheFor(sizePreset(size), { standalone: true })).memorySizeGb : undefined,
      redisVersion: props.redisVersion,
      deletionProtection,
      labels,
      dependsOn: storeDeps,
    });
    if (props.blobStorage ?? true) {
      this.blob = new GcsBlobStorage(this, 'Blob', {
        project,
        name,
        location: region,
        bucketName: props.bucketName,
        namespace: props.namespace ?? DEFAULT_NAMESPACE,
        releaseName: props.releaseName ?? DEFAULT_RELEASE_NAME,
        workloadPool: this.cluster.workloadPool,
        deletionProtection,
        labels,
        // The identity pool exists once the cluster does (workloadPool is a reference to it).
        dependsOn: [...deps, ...(props.existingCluster ? props.existingCluster.dependables : [])],
      });
    }

    // ClickHouse Cloud over Private Service Connect.
    if (privateLink) {
      this.clickhouse = new ClickHousePrivateServiceConnect(this, 'ClickHouse', {
        name,
        project,
        region,
        networkId: this.network.networkId,
        subnetworkId: this.network.subnetworkId,
        endpointService: privateLink.endpointService,
        host: privateLink.host,
        globalAccess: props.clickhouse!.globalAccess,
        clientServiceAccounts: this.cluster.nodeServiceAccountEmail ? [this.cluster.nodeServiceAccountEmail] : undefined,
        labels,
        dependsOn: deps,
      });
    }

    // Ingress address.
    if (props.ingress) {
      const internal = (props.ingress.scheme ?? 'internal') === 'internal';
      const proxyOnlyCidr = props.ingress.proxyOnlyCidr ?? (this.network instanceof GcpNetwork ? this.network.proxyOnly?.ipCidrRange : undefined);
      checkPrivateCidr(this, 'ingress.proxyOnlyCidr', props.ingress.proxyOnlyCidr, 8, PROXY_ONLY_MAX_PREFIX);
      if (props.ingress.proxyOnlyCidr !== undefined && !internal) {
        throw ConfigurationError.forConstruct(this, 'ingress.proxyOnlyCidr', props.ingress.proxyOnlyCidr, 'only with the internal scheme; remove it');
      }
      this.ingress = new GkeIngressEndpoint(this, 'Ingress', {
        name,
        project,
        region,
        hostname: props.ingress.hostname,
        scheme: props.ingress.scheme,
        backend: props.ingress.backend,
        agentBackend: props.ingress.agentBackend,
        subnetworkId: this.network.subnetworkId,
        // GKE allows the health check ranges itself, not the internal load balancer's proxies.
        proxyFirewall: internal && props.ingress.backend && proxyOnlyCidr ? {
          networkId: this.network.networkId,
          sourceRanges: [proxyOnlyCidr],
          targetServiceAccounts: this.cluster.nodeServiceAccountEmail ? [this.cluster.nodeServiceAccountEmail] : undefined,
        } : undefined,
        dependsOn: deps,
      });
    }

    this.foundation = {
      cluster: this.cluster.access,
      postgres: this.postgres.connection,
      redis: this.redis.connection,
      blobStorage: this.blob?.blobStorage,
      // The private host (derived from a public one) when Private Service Connect was created.
      clickhouseHost: this.clickhouse?.host ?? props.clickhouse?.host,
      egress: this.nat?.egress,
      ingressAnnotations: this.ingress?.annotations,
      ingressBackend: this.ingress?.backend,
      agentIngressBackend: this.ingress?.agentBackend,
      // The external load balancer serves a Google-managed certificate (HTTPS only).
      edgeTls: !!this.ingress?.certificate,
      storageClassName: GKE_STORAGE_CLASS,
      addOns: [],
    };
  }
}
