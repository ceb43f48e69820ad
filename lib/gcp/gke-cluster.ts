import { Fn, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { DataGoogleComputeSubnetwork } from '@cdktf/provider-google/lib/data-google-compute-subnetwork';
import { DataGoogleComputeZones } from '@cdktf/provider-google/lib/data-google-compute-zones';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ClusterAccess } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { ClusterWorkload, clusterNodePool, SIZE_NAMES, SizeName, SIZE_PRESETS } from '../core/sizing';
import { checkOffered, checkAllowList, checkInteger, checkOneOf, checkPattern, checkPrivateCidr } from '../core/validation';
import { checkAccountId, checkName, checkProject, checkRegion } from './common';
import { IGcpNetwork } from './network';
import { nodeMachineType } from './sizing';
import { KUBERNETES_MINOR_VERSIONS, kubernetesMinor } from '../core/kubernetes-versions';
import { GKE_RELEASE_CHANNELS, GkeReleaseChannel } from './constants';

// Defined in constants.ts (no provider binding: the deployments-file loader imports them); re-exported here.
export { GKE_RELEASE_CHANNELS };
export type { GkeReleaseChannel };

/** A GKE cluster the LangSmith foundation builds on, created here or existing. */
export interface IGkeCluster {
  readonly clusterName: string;
  readonly project: string;
  readonly region: string;
  /** Workload Identity pool, `<project>.svc.id.goog` (a reference to the cluster's attribute when created here). */
  readonly workloadPool: string;
  /** How the Kubernetes and Helm providers reach it. */
  readonly access: ClusterAccess;
  /** Service account of the nodes, for firewall rules. @default - unknown */
  readonly nodeServiceAccountEmail?: string;
  /**
   * The /28 of a VPC-peered control plane (`master_ipv4_cidr_block`): the source of the control
   * plane's connections to nodes and pods, which GKE's own rule admits on tcp 443 and 10250 only.
   * @default - none: a Private Service Connect control plane has no such range
   */
  readonly controlPlaneCidr?: string;
  /** What depends on the cluster existing (e.g. Workload Identity bindings need its pool). @default [] */
  readonly dependables: ITerraformDependable[];
}

/** Attributes of an existing GKE cluster. */
export interface GkeClusterAttributes {
  readonly clusterName: string;
  readonly project: string;
  /** Location of the cluster (region, or zone for a zonal cluster). */
  readonly region: string;
  /** API server IP or host name, without `https://`. */
  readonly endpoint: string;
  /** Base64 CA certificate (`master_auth.cluster_ca_certificate`). */
  readonly clusterCaCertificate: string;
  /** Whether the endpoint is the private one (adds `--internal-ip` to the kubeconfig command). @default false */
  readonly privateEndpoint?: boolean;
  /** @default - unknown */
  readonly nodeServiceAccountEmail?: string;
  /** The control plane's /28 of a VPC-peered cluster (`privateClusterConfig.masterIpv4CidrBlock`). @default - none (Private Service Connect) */
  readonly controlPlaneCidr?: string;
}

/** The ClusterAccess contract for a GKE cluster: exec-based auth with gke-gcloud-auth-plugin, no static token. */
export function gkeClusterAccess(a: { clusterName: string; project: string; region: string; endpoint: string; clusterCaCertificate: string; privateEndpoint?: boolean; zonal?: boolean }): ClusterAccess {
  return {
    clusterName: a.clusterName,
    host: `https://${a.endpoint}`,
    clusterCaCertificate: Fn.base64decode(a.clusterCaCertificate),
    exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'gke-gcloud-auth-plugin', args: [] },
    kubeconfigCommand: `gcloud container clusters get-credentials ${a.clusterName} ${a.zonal ? '--zone' : '--region'} ${a.region} --project ${a.project}${a.privateEndpoint ? ' --internal-ip' : ''}`,
  };
}

/** Properties of {@link GkeCluster}. */
export interface GkeClusterProps {
  /** GCP project id. */
  readonly project: string;
  /** Region of the cluster (and of its zone when zonal). */
  readonly region: string;
  /**
   * A zonal cluster (one control plane in one zone, nodes in that zone): GKE's free tier credit
   * covers the management fee of one zonal cluster per billing account, not of a regional one.
   * A regional control plane survives a zone outage. Changing it replaces the cluster.
   * @default - true for size dev, else false (regional)
   */
  readonly zonal?: boolean;
  /** Zone of a zonal cluster. @default - the region's first zone (alphabetically) */
  readonly zone?: string;
  /** Cluster name; also the prefix of the node service account (`<name>-nodes`) and key ring (`<name>-gke`). */
  readonly name: string;
  /** Network and subnetwork (with `pods` / `services` secondary ranges). */
  readonly network: IGcpNetwork;
  /** Sizing preset for the node pool. @default 'small' */
  readonly size?: SizeName;
  /** Node machine type. @default - from the preset and `workload` (lib/gcp/sizing.ts), e.g. e2-standard-8 for small, e2-standard-4 for a standalone agent server */
  readonly machineType?: string;
  /** What runs on the nodes: sizes the node pool (lib/core/sizing.ts `clusterNodePool`). @default - LangSmith with in-cluster ClickHouse */
  readonly workload?: ClusterWorkload;
  /** Minimum nodes in the pool, all zones together (the autoscaler's floor: the workload's baseline). @default - from the preset and `workload` */
  readonly minNodes?: number;
  /** Maximum nodes in the pool, all zones together (the workload's peak at least). @default - from the preset and `workload` */
  readonly maxNodes?: number;
  /**
   * Zones the nodes spread over (the first N zones of the region). Ignored with `nodeLocations`.
   * @default - the preset's (1 for dev, 2 for small, 3 for medium and large)
   */
  readonly zoneCount?: number;
  /** Explicit node zones. @default - the first `zoneCount` zones of the region */
  readonly nodeLocations?: string[];
  /** Node boot disk size (pd-balanced). @default 100 */
  readonly diskSizeGb?: number;
  /** Minimum Kubernetes minor version, e.g. '1.33'. @default - the release channel's default */
  readonly kubernetesVersion?: string;
  /** @default 'REGULAR' */
  readonly releaseChannel?: GkeReleaseChannel;
  /**
   * CIDRs allowed to reach a public API endpoint (master authorized networks). Empty: the
   * public endpoint is disabled and only the private endpoint in the VPC answers.
   * @default []
   */
  readonly apiAllowedCidrs?: string[];
  /**
   * Private CIDRs (VPN, Interconnect, CI runners in other subnets or peered networks) allowed to
   * reach the private API endpoint. With `privateEndpointEnforcement` (the default) the private
   * endpoint admits only the cluster's nodes and pods (always allowed by GKE), the node
   * subnetwork's primary range and these CIDRs: without them, the app stack (helm, kubernetes
   * providers) must run from the node subnetwork.
   * @default []
   */
  readonly privateApiAccessCidrs?: string[];
  /**
   * Enforce master authorized networks on the private endpoint of a Private Service Connect control
   * plane (`private_endpoint_enforcement_enabled`). GKE's default is off, and then any address that
   * can route to the endpoint (the whole VPC and every network connected to it) reaches the API
   * server. The node subnetwork's primary range is added to the authorized networks so that the
   * documented path (deploy from the node subnetwork) keeps working. Updated in place on an
   * existing cluster (not ForceNew). A VPC-peered control plane (`masterIpv4CidrBlock`) always
   * enforces them on its private endpoint, so the field is refused there.
   * @default true
   */
  readonly privateEndpointEnforcement?: boolean;
  /**
   * /28 for a VPC-peered control plane (the legacy private cluster). GKE's firewall rule lets this
   * range reach the nodes on tcp 443 and 10250 only; webhooks and aggregated API servers on other
   * ports need their own rule (`GcpLangSmithFoundation` `controlPlaneWebhookPorts`). Changing it
   * replaces the cluster.
   * @default - a Private Service Connect control plane (no range needed)
   */
  readonly masterIpv4CidrBlock?: string;
  /**
   * Existing Cloud KMS key for application-layer secrets encryption (same region). The GKE
   * service agent is granted Encrypter/Decrypter on it.
   * @default - a key ring `<name>-gke` and key `secrets` (90-day rotation) are created
   */
  readonly secretsEncryptionKeyId?: string;
  /** Existing node service account email. @default - `<name>-nodes` with roles/container.defaultNodeServiceAccount only */
  readonly nodeServiceAccountEmail?: string;
  /**
   * Control-plane component logs (API server, scheduler, controller manager) to Cloud Logging, on
   * top of the system-component and workload logs. Off by default, as on AKS and EKS here: they are
   * the bulk of a cluster's log volume (Cloud Logging bills ingestion per GiB), and the security
   * record is kept anyway: Admin Activity audit logs are always on in Google Cloud.
   * @default false
   */
  readonly controlPlaneLogs?: boolean;
  /** GKE deletion protection and Terraform `prevent_destroy`. @default true */
  readonly deletionProtection?: boolean;
  /** Labels of the cluster and nodes. @default {} */
  readonly labels?: Record<string, string>;
  /** Resources everything here waits for (e.g. API enablement). @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * What the project and zone lookups (data sources) wait for: only the APIs they call (Cloud
   * Resource Manager, Compute). A data source waiting on a resource with pending changes is read
   * only at apply, so waiting on every API would make the project number and zone unknown whenever
   * any API changes, and a zonal cluster's unknown location plans a replacement.
   * @default - `dependsOn`
   */
  readonly lookupDependsOn?: ITerraformDependable[];
}

/**
 * A GKE Standard cluster hardened for LangSmith, regional (zonal for size dev):
 * - private nodes (no public IPs; egress through Cloud NAT) and a control plane reached through
 *   its private endpoint only, or a public endpoint restricted to `apiAllowedCidrs`
 *   (master authorized networks, never 0.0.0.0/0): CKV_GCP_25/64/20/18, AVD-GCP-0059/0061/0053;
 * - Workload Identity (pool on the cluster, GKE_METADATA on nodes): CKV_GCP_69, AVD-GCP-0057;
 * - shielded nodes with secure boot and integrity monitoring: CKV_GCP_71/68/72, AVD-GCP-0055;
 * - legacy ABAC off, no client certificate: CKV_GCP_7/13, AVD-GCP-0064;
 * - release channel (CKV_GCP_70), VPC-native (CKV_GCP_23), Dataplane V2 (network policy
 *   enforcement built in; CKV_GCP_12 asks for the Calico `network_policy` block, which GKE
 *   refuses together with ADVANCED_DATAPATH);
 * - application-layer secrets encryption with Cloud KMS; control-plane logs;
 * - a dedicated least-privilege node service account instead of the Compute Engine default
 *   (roles/container.defaultNodeServiceAccount only);
 * - deletion protection (GKE flag + Terraform `prevent_destroy`).
 * The default node pool is removed; one autoscaled pool `langsmith` sized by the preset and what runs on it.
 */
export class GkeCluster extends Construct implements IGkeCluster {
  /** An existing cluster, its project checked here (errors name `scope/id`). Creates nothing. */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: GkeClusterAttributes): IGkeCluster {
    checkProject(new Construct(scope, id), 'project', attrs.project);
    return {
      clusterName: attrs.clusterName,
      project: attrs.project,
      region: attrs.region,
      workloadPool: `${attrs.project}.svc.id.goog`,
      access: gkeClusterAccess(attrs),
      nodeServiceAccountEmail: attrs.nodeServiceAccountEmail,
      controlPlaneCidr: attrs.controlPlaneCidr,
      dependables: [],
    };
  }

  public readonly cluster: ContainerCluster;
  public readonly nodePool: ContainerNodePool;
  public readonly nodeServiceAccount?: ServiceAccount;
  public readonly secretsKey?: KmsCryptoKey;
  public readonly clusterName: string;
  public readonly project: string;
  public readonly region: string;
  public readonly workloadPool: string;
  public readonly access: ClusterAccess;
  public readonly nodeServiceAccountEmail: string;
  public readonly dependables: ITerraformDependable[];
  /** The cluster's location: the region, or the zone of a zonal cluster. */
  public readonly location: string;
  /** Whether only the private endpoint is enabled. */
  public readonly privateEndpoint: boolean;
  public readonly controlPlaneCidr?: string;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkProject(this, 'project', props.project);
    checkRegion(this, 'region', props.region);
    if (!props.nodeServiceAccountEmail) checkAccountId(this, 'name', props.name, `${props.name}-nodes`);
    checkOneOf(this, 'size', props.size, SIZE_NAMES);
    checkOneOf(this, 'releaseChannel', props.releaseChannel, GKE_RELEASE_CHANNELS);
    checkPattern(this, 'kubernetesVersion', props.kubernetesVersion, /^1\.\d{2}(\.\d+(-gke\.\d+)?)?$/, 'a Kubernetes version such as 1.33');
    if (props.kubernetesVersion !== undefined && !Token.isUnresolved(props.kubernetesVersion)) checkOffered(this, 'kubernetesVersion', kubernetesMinor(props.kubernetesVersion), KUBERNETES_MINOR_VERSIONS, 'Kubernetes minor version');
    checkAllowList(this, 'apiAllowedCidrs', props.apiAllowedCidrs);
    for (const c of props.privateApiAccessCidrs ?? []) checkPrivateCidr(this, 'privateApiAccessCidrs', c, 8, 32);
    checkInteger(this, 'zoneCount', props.zoneCount, 1, 4);
    checkPattern(this, 'zone', props.zone, /^[a-z]+-[a-z]+[0-9]+-[a-z]$/, 'a Google Cloud zone such as us-central1-a');
    const zonal = props.zonal ?? (props.size ?? 'small') === 'dev';
    if (!zonal && props.zone !== undefined) throw ConfigurationError.forConstruct(this, 'zone', props.zone, 'only for a zonal cluster (zonal: true); remove it');
    if (zonal && (props.nodeLocations !== undefined || props.zoneCount !== undefined)) {
      throw ConfigurationError.forConstruct(this, props.nodeLocations !== undefined ? 'nodeLocations' : 'zoneCount', props.nodeLocations ?? props.zoneCount, 'only for a regional cluster (zonal: false): a zonal cluster runs its nodes in its zone');
    }
    checkInteger(this, 'diskSizeGb', props.diskSizeGb, 30, 65536);
    checkPattern(this, 'masterIpv4CidrBlock', props.masterIpv4CidrBlock, /^\d{1,3}(\.\d{1,3}){3}\/28$/, 'a /28 IPv4 range');
    if (props.masterIpv4CidrBlock !== undefined && props.privateEndpointEnforcement !== undefined) {
      throw ConfigurationError.forConstruct(this, 'privateEndpointEnforcement', props.privateEndpointEnforcement, 'only for a Private Service Connect control plane (no masterIpv4CidrBlock): a VPC-peered control plane always enforces master authorized networks on its private endpoint; remove it');
    }
    this.controlPlaneCidr = props.masterIpv4CidrBlock;
    // GKE's cluster autoscaler: the minimum holds the baseline, the maximum the peak.
    const pool = clusterNodePool(SIZE_PRESETS[props.size ?? 'small'], props.workload ?? {}, { autoscaler: true });
    const minNodes = props.minNodes ?? pool.min;
    const maxNodes = props.maxNodes ?? pool.max;
    checkInteger(this, 'minNodes', minNodes, 1, 1000);
    checkInteger(this, 'maxNodes', maxNodes, 1, 1000);
    if (!Token.isUnresolved(minNodes) && !Token.isUnresolved(maxNodes) && maxNodes < minNodes) {
      throw ConfigurationError.forConstruct(this, 'maxNodes', maxNodes, `allowed: an integer >= minNodes (${minNodes})`);
    }
    if (props.nodeLocations && !Token.isUnresolved(props.nodeLocations) && props.nodeLocations.length === 0) {
      throw ConfigurationError.forConstruct(this, 'nodeLocations', [], 'allowed: at least one zone of the region, or omit it');
    }
    const allowed = props.apiAllowedCidrs ?? [];
    const deletionProtection = props.deletionProtection ?? true;
    const dependsOn = props.dependsOn ?? [];
    const lookupDependsOn = props.lookupDependsOn ?? dependsOn;
    this.privateEndpoint = allowed.length === 0;
    this.project = props.project;
    this.region = props.region;
    this.clusterName = props.name;
    const workloadPool = `${props.project}.svc.id.goog`;
    this.workloadPool = workloadPool;

    // Node identity: a dedicated service account, never the Compute Engine default (roles/editor).
    const nodeDeps: ITerraformDependable[] = [];
    if (props.nodeServiceAccountEmail) {
      this.nodeServiceAccountEmail = props.nodeServiceAccountEmail;
    } else {
      this.nodeServiceAccount = new ServiceAccount(this, 'NodeServiceAccount', {
        accountId: `${props.name}-nodes`,
        project: props.project,
        displayName: `GKE nodes of ${props.name} (cdktf-langsmith)`,
        dependsOn,
      });
      this.nodeServiceAccountEmail = this.nodeServiceAccount.email;
      nodeDeps.push(new ProjectIamMember(this, 'NodeServiceAccountRole', {
        project: props.project,
        role: 'roles/container.defaultNodeServiceAccount',
        member: this.nodeServiceAccount.member,
      }));
    }

    // A zonal cluster: a fixed zone, or the region's first zone in name order (no status filter,
    // so that a zone briefly DOWN does not move, and so replace, the cluster).
    const location = !zonal ? props.region
      : props.zone ?? Fn.element(new DataGoogleComputeZones(this, 'ClusterZone', { project: props.project, region: props.region, dependsOn: lookupDependsOn }).names, 0);
    this.location = location;

    // Application-layer secrets encryption: the GKE service agent must use the key.
    // Read through the Cloud Resource Manager API: on a fresh project it must be enabled first.
    const projectData = new DataGoogleProject(this, 'Project', { projectId: props.project, dependsOn: lookupDependsOn });
    let keyId = props.secretsEncryptionKeyId;
    if (!keyId) {
      const ring = new KmsKeyRing(this, 'KeyRing', { name: `${props.name}-gke`, project: props.project, location: props.region, dependsOn });
      this.secretsKey = new KmsCryptoKey(this, 'SecretsKey', {
        name: 'secrets',
        keyRing: ring.id,
        purpose: 'ENCRYPT_DECRYPT',
        rotationPeriod: '7776000s',
        lifecycle: { preventDestroy: deletionProtection },
      });
      keyId = this.secretsKey.id;
    }
    const keyGrant = new KmsCryptoKeyIamMember(this, 'SecretsKeyGrant', {
      cryptoKeyId: keyId,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: `serviceAccount:service-${projectData.number}@container-engine-robot.iam.gserviceaccount.com`,
      dependsOn,
    });

    const hardenedNodeConfig = {
      serviceAccount: this.nodeServiceAccountEmail,
      oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      metadata: { 'disable-legacy-endpoints': 'true' },
    };
    // Master authorized networks on the private endpoint of a Private Service Connect control plane
    // (GKE leaves them off there by default): the nodes and pods are always admitted by GKE; the node
    // subnetwork's primary range is listed so that a runner in it (the documented deploy path) is too.
    const enforcePrivate = props.masterIpv4CidrBlock === undefined && (props.privateEndpointEnforcement ?? true);
    const nodeSubnetCidr = enforcePrivate ? this.nodeSubnetworkCidr(props.network, lookupDependsOn) : undefined;
    const logComponents = ['SYSTEM_COMPONENTS', 'WORKLOADS', ...((props.controlPlaneLogs ?? false) ? ['APISERVER', 'CONTROLLER_MANAGER', 'SCHEDULER'] : [])];

    this.cluster = new ContainerCluster(this, 'Cluster', {
      name: props.name,
      project: props.project,
      location,
      network: props.network.networkId,
      subnetwork: props.network.subnetworkId,
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: {
        clusterSecondaryRangeName: props.network.podsRangeName,
        servicesSecondaryRangeName: props.network.servicesRangeName,
      },
      datapathProvider: 'ADVANCED_DATAPATH',
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      // Applies to the default pool only, which exists for a moment: it must not run as the
      // Compute Engine default service account either.
      nodeConfig: hardenedNodeConfig,
      releaseChannel: { channel: props.releaseChannel ?? 'REGULAR' },
      minMasterVersion: props.kubernetesVersion,
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: this.privateEndpoint,
        masterIpv4CidrBlock: props.masterIpv4CidrBlock,
        masterGlobalAccessConfig: { enabled: true },
      },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: [
          ...allowed.map((cidr) => ({ cidrBlock: cidr, displayName: `allowed ${cidr}` })),
          ...(props.privateApiAccessCidrs ?? []).map((cidr) => ({ cidrBlock: cidr, displayName: `private ${cidr}` })),
          ...(nodeSubnetCidr ? [{ cidrBlock: nodeSubnetCidr, displayName: 'node subnetwork' }] : []),
        ],
        gcpPublicCidrsAccessEnabled: false,
        // Only for Private Service Connect (a VPC-peered control plane always enforces them).
        privateEndpointEnforcementEnabled: props.masterIpv4CidrBlock === undefined ? enforcePrivate : undefined,
      },
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      enableLegacyAbac: false,
      enableShieldedNodes: true,
      workloadIdentityConfig: { workloadPool },
      databaseEncryption: { state: 'ENCRYPTED', keyName: keyId },
      addonsConfig: {
        httpLoadBalancing: { disabled: false },
        horizontalPodAutoscaling: { disabled: false },
        gcePersistentDiskCsiDriverConfig: { enabled: true },
      },
      loggingConfig: { enableComponents: logComponents },
      monitoringConfig: { enableComponents: ['SYSTEM_COMPONENTS'], managedPrometheus: { enabled: true } },
      maintenancePolicy: { dailyMaintenanceWindow: { startTime: '03:00' } },
      resourceLabels: props.labels,
      deletionProtection,
      lifecycle: { preventDestroy: deletionProtection, ignoreChanges: ['node_config', 'initial_node_count'] },
      dependsOn: [...dependsOn, keyGrant, ...nodeDeps],
    });

    let nodeLocations = props.nodeLocations;
    const zoneCount = props.zoneCount ?? pool.zones;
    if (!zonal && !nodeLocations && zoneCount < 3) {
      const zones = new DataGoogleComputeZones(this, 'Zones', { project: props.project, region: props.region, status: 'UP', dependsOn: lookupDependsOn });
      nodeLocations = Token.asList(Fn.slice(zones.names, 0, zoneCount));
    }
    const zonesForInitial = zonal ? 1 : props.nodeLocations && !Token.isUnresolved(props.nodeLocations) ? props.nodeLocations.length : zoneCount;
    this.nodePool = new ContainerNodePool(this, 'NodePool', {
      name: 'langsmith',
      project: props.project,
      cluster: this.cluster.id,
      location,
      nodeLocations,
      initialNodeCount: Math.max(1, Math.ceil(minNodes / Math.max(1, zonesForInitial))),
      autoscaling: { totalMinNodeCount: minNodes, totalMaxNodeCount: maxNodes, locationPolicy: 'BALANCED' },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        ...hardenedNodeConfig,
        machineType: props.machineType ?? nodeMachineType(pool),
        diskSizeGb: props.diskSizeGb ?? 100,
        diskType: 'pd-balanced',
        imageType: 'COS_CONTAINERD',
        labels: { 'langsmith.dev/pool': 'langsmith' },
        resourceLabels: props.labels,
      },
      lifecycle: { ignoreChanges: ['initial_node_count'] },
      dependsOn: nodeDeps,
    });

    this.access = gkeClusterAccess({
      clusterName: props.name,
      project: props.project,
      region: location,
      zonal,
      endpoint: this.privateEndpoint ? this.cluster.privateClusterConfig.privateEndpoint : this.cluster.endpoint,
      clusterCaCertificate: this.cluster.masterAuth.clusterCaCertificate,
      privateEndpoint: this.privateEndpoint,
    });
    this.dependables = [this.cluster, this.nodePool];
    // A reference, so whatever uses the pool (Workload Identity bindings) waits for the cluster.
    this.workloadPool = this.cluster.workloadIdentityConfig.workloadPool;
  }

  /**
   * The primary range of the node subnetwork: known for a network created here, read from the
   * subnetwork (name, region, project of its path) for an existing one, undefined when the path is
   * not one (then only GKE's own node and pod ranges and the listed CIDRs are admitted).
   */
  private nodeSubnetworkCidr(network: IGcpNetwork, dependsOn: ITerraformDependable[]): string | undefined {
    if (network.nodesCidr !== undefined) return network.nodesCidr;
    if (Token.isUnresolved(network.subnetworkId)) return undefined;
    const m = /(?:^|\/)projects\/([^/]+)\/regions\/([^/]+)\/subnetworks\/([^/]+)$/.exec(network.subnetworkId);
    if (!m) return undefined;
    return new DataGoogleComputeSubnetwork(this, 'NodeSubnetwork', { project: m[1], region: m[2], name: m[3], dependsOn }).ipCidrRange;
  }
}
