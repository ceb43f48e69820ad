import { dependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import { Foundation } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { FoundationCommonProps, FoundationExistingClusterProps, resolveFoundationProps } from '../core/foundation-props';
import { blobServiceAccountSubjects, DEFAULT_NAMESPACE, DEFAULT_RELEASE_NAME } from '../core/naming';
import { cacheFor, clusterNodePool, sizePreset } from '../core/sizing';
import { checkName, checkRegion, tagResources } from './common';
import { AwsClickHousePrivateLink } from './clickhouse-private-link';
import { EbsCsiDriver, EksCoreAddOns, ENCRYPTED_GP3_STORAGE_CLASS, encryptedGp3StorageClass, MetricsServer } from './eks-add-ons';
import { DEFAULT_EKS_VERSION, EksCluster, EksSupportType, IEksCluster } from './eks-cluster';
import { checkExistingClusterProps, requireClusterInVpc } from './existing-cluster';
import { EksNodeGroup } from './eks-node-group';
import { IrsaRole } from './irsa-role';
import { LangSmithBucket, MAX_BUCKET_PREFIX } from './langsmith-bucket';
import { ALB_IDLE_TIMEOUT_SECONDS, AlbScheme, albName, AwsLoadBalancerController } from './load-balancer-controller';
import { NatEgress } from './nat-egress';
import { AwsNetwork, FlowLogTrafficType, IAwsNetwork } from './network';
import { RdsPostgres } from './rds-postgres';
import { CacheEngine, ElastiCacheRedis } from './elasticache-redis';
import { S3GatewayEndpoint } from './s3-gateway-endpoint';
import { cacheNodeType, nodeInstanceType, rdsInstanceClass } from './sizing';

/**
 * The longest `name` of an {@link AwsLangSmithFoundation}: the bucket prefix `<name>-langsmith-`
 * must fit the 37 characters the AWS provider allows for `bucket_prefix` (63 - 26 unique suffix).
 */
export const FOUNDATION_NAME_MAX_LENGTH = 26;

/**
 * Properties of {@link AwsLangSmithFoundation}: the common ones ({@link FoundationCommonProps}:
 * `name` at most 26 characters ({@link FOUNDATION_NAME_MAX_LENGTH}); `tags` on every taggable
 * resource created; `existingNetwork` from {@link AwsNetwork.fromNetworkAttributes}, in which no
 * NAT and no S3 endpoint are created; `clickhouse.endpointService` an endpoint service name) and AWS's own.
 */
export interface AwsLangSmithFoundationProps extends FoundationCommonProps<IAwsNetwork>, FoundationExistingClusterProps<IEksCluster> {
  /** AWS region of the deployment, e.g. us-west-2. */
  readonly region: string;
  /** Create the S3 bucket and its IRSA role (observability, full platform). @default true */
  readonly blobStorage?: boolean;
  /** Address space of a new VPC (/16 to /20). @default '10.0.0.0/16' */
  readonly vpcCidr?: string;
  /** Availability zones of a new VPC. @default - 2 (3 for presets with 3 zones), first available */
  readonly availabilityZones?: string[];
  /** VPC flow logs on a new VPC. @default true */
  readonly flowLogs?: boolean;
  /** Which flows the flow logs record. @default 'REJECT' */
  readonly flowLogTrafficType?: FlowLogTrafficType;
  /** EKS control-plane log types (audit and authenticator always). @default ['audit', 'authenticator'] */
  readonly controlPlaneLogTypes?: string[];
  /** EKS support type at the end of standard support. @default 'STANDARD' */
  readonly supportType?: EksSupportType;
  /** Kubernetes version. @default '1.34' */
  readonly kubernetesVersion?: string;
  /** CIDRs in or routed to the VPC allowed to reach the private API endpoint (VPN, CI runners). @default [] */
  readonly privateApiAccessCidrs?: string[];
  /** IAM principals given cluster-admin access entries (e.g. a CI role). @default [] */
  readonly clusterAdminArns?: string[];
  /** Node instance types, of one architecture (the AMI follows it: Graviton types get the arm64 AMI). @default - from the preset (m5.xlarge / m5.2xlarge / m5.4xlarge) */
  readonly nodeInstanceTypes?: string[];
  /** The metrics-server add-on (HorizontalPodAutoscalers, KEDA cpu/memory triggers, `kubectl top`). @default true */
  readonly metricsServer?: boolean;
  /** The AWS Load Balancer Controller and its role (an Ingress of class alb or a Service of type LoadBalancer needs it). @default true */
  readonly loadBalancerController?: boolean;
  /**
   * In-cluster volumes (ClickHouse, the chart's Polly/Insights stores, the operator's agent
   * Postgres, dev stores): the EBS CSI driver, its IRSA role and the encrypted gp3 StorageClass
   * handed to the Kubernetes layer. Without them (a standalone agent server, whose stores are
   * managed) none of the three is created.
   * @default true
   */
  readonly inClusterVolumes?: boolean;
  /** ElastiCache engine. @default 'valkey' */
  readonly cacheEngine?: CacheEngine;
  /** Scheme of the ALB serving the LangSmith Ingress. @default 'internal' */
  readonly albScheme?: AlbScheme;
  /**
   * Client CIDRs allowed to the ALB (required when internet-facing). For an internal ALB the
   * default is the VPC's CIDR plus `privateApiAccessCidrs`: add your VPN or office ranges here.
   * @default - internal: the VPC CIDR and privateApiAccessCidrs; internet-facing: required
   */
  readonly albInboundCidrs?: string[];
  /** ACM certificate for an HTTPS listener on the ALB. @default - HTTP only (TLS elsewhere) */
  readonly certificateArn?: string;
  /** Customer-managed KMS key for RDS, ElastiCache and S3. @default - AWS-managed keys (SSE-S3 for the bucket) */
  readonly kmsKeyArn?: string;
  /** PostgreSQL version. @default '16' */
  readonly postgresVersion?: string;
  /** RDS backup (and ElastiCache snapshot) retention in days, 7-35. @default 7 */
  readonly backupRetentionDays?: number;
  /**
   * An existing EKS cluster ({@link EksCluster.fromClusterAttributes}) in `existingNetwork`
   * (required with it): no cluster, node group, cluster KMS key, access entries or EKS add-ons are
   * created; the stores, the IRSA roles (trusting the cluster's OIDC provider), the load balancer
   * controller and the store security group rules (from the cluster security group and the
   * cluster's `nodeSecurityGroupIds`) are. The cluster must already run the EBS CSI driver (for
   * `inClusterVolumes`) and metrics-server where autoscaling needs it (lib/aws/README.md, "Bring
   * your own cluster"). The props of a created cluster (`kubernetesVersion`, `apiAllowedCidrs`,
   * `privateApiAccessCidrs`, `clusterAdminArns`, `controlPlaneLogTypes`, `supportType`,
   * `nodeInstanceTypes`, `metricsServer: true`) are refused with it.
   * @default - a new cluster
   */
  readonly existingCluster?: IEksCluster;
  /**
   * With `existingCluster`: it already runs the AWS Load Balancer Controller (IngressClass `alb`),
   * so neither its chart nor its role is installed; the LangSmith Ingress is still served by an ALB
   * (`loadBalancerController` still says whether one is needed).
   * @default false
   */
  readonly existingLoadBalancerController?: boolean;
}

/** CloudWatch retention (days) of the control-plane and flow logs of a dev preset; production keeps 365. */
const DEV_LOG_RETENTION_DAYS = 30;

/**
 * Everything LangSmith needs on AWS, built from the constructs of lib/aws (each usable alone):
 * {@link AwsNetwork} (or an existing VPC), {@link NatEgress} with static IPs,
 * {@link S3GatewayEndpoint}, {@link EksCluster} with an {@link EksNodeGroup}, the core add-ons,
 * the {@link EbsCsiDriver} and the {@link AwsLoadBalancerController} (as a chart for the app
 * stack), {@link RdsPostgres}, {@link ElastiCacheRedis}, a {@link LangSmithBucket} with its IRSA
 * role, and {@link AwsClickHousePrivateLink} for LangSmith-managed ClickHouse over PrivateLink.
 * {@link AwsLangSmithFoundation.foundation} is the cloud-neutral contract the Kubernetes layer consumes.
 */
export class AwsLangSmithFoundation extends Construct {
  public readonly network: IAwsNetwork;
  /** The VPC when one is created. */
  public readonly vpc?: AwsNetwork;
  public readonly nat?: NatEgress;
  public readonly s3Endpoint?: S3GatewayEndpoint;
  /** The cluster: an {@link EksCluster} created here, or `existingCluster`. */
  public readonly cluster: IEksCluster;
  /** The node group and core add-ons of a cluster created here (none with `existingCluster`). */
  public readonly nodes?: EksNodeGroup;
  public readonly coreAddOns?: EksCoreAddOns;
  /** The EBS CSI driver of a cluster created here, unless `inClusterVolumes: false`. */
  public readonly ebsCsi?: EbsCsiDriver;
  /** The load balancer controller, unless `loadBalancerController: false` or `existingLoadBalancerController`. */
  public readonly loadBalancerController?: AwsLoadBalancerController;
  public readonly metricsServer?: MetricsServer;
  /** The ALB's fixed name (`alb.ingress.kubernetes.io/load-balancer-name`), when the controller is installed. */
  public readonly loadBalancerName?: string;
  public readonly postgres: RdsPostgres;
  public readonly redis: ElastiCacheRedis;
  public readonly bucket?: LangSmithBucket;
  public readonly bucketRole?: IrsaRole;
  public readonly clickhouse?: AwsClickHousePrivateLink;
  /** The contract for the Kubernetes layer. */
  public readonly foundation: Foundation;

  constructor(scope: Construct, id: string, props: AwsLangSmithFoundationProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    if (!Token.isUnresolved(props.name) && props.name.length > FOUNDATION_NAME_MAX_LENGTH) {
      throw ConfigurationError.forConstruct(this, 'name', props.name,
        `allowed: at most ${FOUNDATION_NAME_MAX_LENGTH} characters (the bucket prefix '<name>-langsmith-' must fit the ${MAX_BUCKET_PREFIX} characters S3 bucket_prefix allows)`);
    }
    checkRegion(this, 'region', props.region);
    const common = resolveFoundationProps(this, props, 'an endpoint service name com.amazonaws.vpce.<region>.vpce-svc-...');
    const preset = sizePreset(common.size);
    const deletionProtection = common.deletionProtection;
    const name = props.name;
    const ch = props.clickhouse;
    const privateLink = common.clickhousePrivateLink;
    checkExistingClusterProps(this, props);

    // Network.
    if (props.existingNetwork) {
      this.network = props.existingNetwork;
    } else {
      this.vpc = new AwsNetwork(this, 'Network', {
        name,
        cidr: props.vpcCidr,
        availabilityZoneCount: Math.min(3, Math.max(2, preset.nodes.zones)),
        availabilityZones: props.availabilityZones,
        flowLogs: props.flowLogs,
        flowLogTrafficType: props.flowLogTrafficType,
        // A dev preset keeps 30 days (as Log Analytics on Azure), production the construct's 365.
        flowLogRetentionDays: preset.devOnly ? DEV_LOG_RETENTION_DAYS : undefined,
        clusterName: name,
      });
      this.network = this.vpc;
      this.nat = new NatEgress(this, 'Egress', {
        name,
        publicSubnetIds: this.vpc.publicSubnetIds,
        privateRouteTableIds: this.vpc.privateRouteTables.map((r) => r.id),
        staticIps: props.staticIps ?? (preset.devOnly ? 1 : 2),
        dependsOn: [this.vpc.internetGateway],
        deletionProtection,
      });
      this.s3Endpoint = new S3GatewayEndpoint(this, 'S3Endpoint', { vpcId: this.vpc.vpcId, region: props.region, routeTableIds: this.vpc.gatewayRouteTableIds });
    }
    const net = this.network;

    // Cluster: created here with its nodes and add-ons, or brought (existingCluster: none of them).
    if (props.existingCluster) {
      this.cluster = props.existingCluster;
    } else {
      const cluster = new EksCluster(this, 'Cluster', {
        name,
        region: props.region,
        subnetIds: net.privateSubnetIds,
        version: props.kubernetesVersion,
        publicAccessCidrs: props.apiAllowedCidrs,
        privateAccessCidrs: props.privateApiAccessCidrs,
        adminPrincipalArns: props.clusterAdminArns,
        logTypes: props.controlPlaneLogTypes,
        logRetentionDays: preset.devOnly ? DEV_LOG_RETENTION_DAYS : undefined,
        supportType: props.supportType,
        deletionProtection,
      });
      this.cluster = cluster;
      this.coreAddOns = new EksCoreAddOns(this, 'CoreAddOns', { clusterName: cluster.clusterName, nodes: [] });
      // No cluster autoscaler runs here: the node group holds the workload's peak (lib/core/sizing.ts clusterNodePool).
      const pool = clusterNodePool(preset, common.workload, { autoscaler: false });
      this.nodes = new EksNodeGroup(this, 'Nodes', {
        name,
        clusterName: cluster.clusterName,
        // A one-zone preset (dev: a single node) keeps its nodes in one zone: an EBS volume is
        // zonal, and a replacement node in another zone would leave in-cluster ClickHouse Pending.
        subnetIds: preset.nodes.zones === 1 && !Token.isUnresolved(net.privateSubnetIds) ? net.privateSubnetIds.slice(0, 1) : net.privateSubnetIds,
        instanceTypes: props.nodeInstanceTypes ?? [nodeInstanceType(pool)],
        kubernetesVersion: props.kubernetesVersion ?? DEFAULT_EKS_VERSION,
        minSize: pool.min,
        maxSize: pool.max,
        // Nodes pull the add-on images from ECR through NAT: they wait for the default routes, not only the gateways.
        dependsOn: [this.coreAddOns.vpcCni, this.coreAddOns.kubeProxy, ...(this.nat ? this.nat.routes : [])],
      });
      // dependable(): a static `type.name` reference; `.fqn` is an interpolation, which depends_on rejects.
      this.coreAddOns.coreDns.dependsOn = [...(this.coreAddOns.coreDns.dependsOn ?? []), dependable(this.nodes.nodeGroup)];
      if (props.inClusterVolumes ?? true) {
        this.ebsCsi = new EbsCsiDriver(this, 'EbsCsi', {
          name,
          clusterName: cluster.clusterName,
          oidcProviderArn: cluster.oidcProviderArn,
          oidcIssuerUrl: cluster.oidcIssuerUrl,
          nodes: [this.nodes.nodeGroup],
          kmsKeyArn: props.kmsKeyArn,
        });
      }
      if (props.metricsServer ?? true) {
        this.metricsServer = new MetricsServer(this, 'MetricsServer', { clusterName: cluster.clusterName, nodes: [this.nodes.nodeGroup] });
      }
    }
    // An ALB serves LangSmith: its controller, unless a brought cluster runs one already.
    const alb = props.loadBalancerController ?? true;
    if (alb && !props.existingLoadBalancerController) {
      this.loadBalancerController = new AwsLoadBalancerController(this, 'LoadBalancerController', {
        name,
        clusterName: this.cluster.clusterName,
        region: props.region,
        vpcId: net.vpcId,
        oidcProviderArn: this.cluster.oidcProviderArn,
        oidcIssuerUrl: this.cluster.oidcIssuerUrl,
      });
    }

    // Data stores: reachable only from the cluster security group (control plane and managed nodes),
    // and from the node security groups of a brought cluster whose nodes do not carry it.
    const fromCluster = { allowedSecurityGroupIds: [this.cluster.clusterSecurityGroupId, ...(this.cluster.nodeSecurityGroupIds ?? [])] };
    this.postgres = new RdsPostgres(this, 'Postgres', {
      name,
      vpcId: net.vpcId,
      subnetIds: net.dataSubnetIds,
      ...fromCluster,
      instanceClass: rdsInstanceClass(preset.database),
      engineVersion: props.postgresVersion,
      allocatedStorageGiB: preset.database.storageGiB,
      multiAz: preset.database.highAvailability,
      backupRetentionDays: props.backupRetentionDays,
      kmsKeyArn: props.kmsKeyArn,
      deletionProtection,
    });
    if (props.existingCluster) requireClusterInVpc(this.postgres.securityGroup, this.cluster, net.vpcId);
    this.redis = new ElastiCacheRedis(this, 'Redis', {
      name,
      vpcId: net.vpcId,
      subnetIds: net.dataSubnetIds,
      ...fromCluster,
      nodeType: cacheNodeType(cacheFor(preset, { standalone: props.standalone })),
      engine: props.cacheEngine,
      highAvailability: preset.cache.highAvailability,
      snapshotRetentionDays: props.backupRetentionDays,
      kmsKeyArn: props.kmsKeyArn,
      deletionProtection,
    });

    // Blob storage with workload identity.
    if (props.blobStorage ?? true) {
      this.bucket = new LangSmithBucket(this, 'Bucket', { namePrefix: `${name}-langsmith`, kmsKeyArn: props.kmsKeyArn, deletionProtection });
      this.bucketRole = this.bucket.addWorkloadIdentityRole('BlobAccess', {
        roleName: `${name}-langsmith-blob`,
        oidcProviderArn: this.cluster.oidcProviderArn,
        oidcIssuerUrl: this.cluster.oidcIssuerUrl,
        serviceAccountSubjects: blobServiceAccountSubjects(props.namespace ?? DEFAULT_NAMESPACE, props.releaseName ?? DEFAULT_RELEASE_NAME),
      });
    }

    // LangSmith-managed ClickHouse.
    if (privateLink) {
      this.clickhouse = new AwsClickHousePrivateLink(this, 'ClickHouse', {
        name,
        vpcId: net.vpcId,
        subnetIds: net.dataSubnetIds,
        ...fromCluster,
        endpointServiceName: privateLink.endpointService,
        host: privateLink.host,
      });
    }

    // How the LangSmith Ingress is served: an ALB from the controller (installed here, or already on a brought cluster).
    let ingressAnnotations: Record<string, string> | undefined;
    if (alb) {
      const scheme = props.albScheme ?? 'internal';
      let albSubnets: string[] | undefined;
      if (props.existingNetwork) {
        albSubnets = scheme === 'internet-facing' ? net.publicSubnetIds : net.privateSubnetIds;
        if (scheme === 'internet-facing' && !Token.isUnresolved(albSubnets) && albSubnets.length === 0) {
          throw ConfigurationError.forConstruct(this, 'existingNetwork.publicSubnetIds', [], 'required for an internet-facing ALB in an existing VPC; allowed: public subnet ids');
        }
      }
      // An internal ALB admits the VPC and the networks the user routes to it, not 0.0.0.0/0.
      const vpcCidr = () => (this.vpc ? this.vpc.vpcCidr : new DataAwsVpc(this, 'ExistingVpc', { id: net.vpcId }).cidrBlock);
      const inboundCidrs = props.albInboundCidrs
        ?? (scheme === 'internal' ? [vpcCidr(), ...(props.privateApiAccessCidrs ?? [])] : undefined);
      this.loadBalancerName = albName(name);
      ingressAnnotations = AwsLoadBalancerController.ingressAnnotations(this, {
        scheme,
        certificateArn: props.certificateArn,
        inboundCidrs,
        subnetIds: albSubnets,
        loadBalancerName: this.loadBalancerName,
      });
    }

    // A brought cluster's EBS provisioner: the EBS CSI driver's, or EKS Auto Mode's (IEksCluster.ebsProvisioner).
    const storageClass = this.ebsCsi?.storageClass ?? encryptedGp3StorageClass(props.kmsKeyArn, undefined, this.cluster.ebsProvisioner);
    this.foundation = {
      cluster: EksCluster.clusterAccess(this.cluster),
      postgres: this.postgres.connection,
      redis: this.redis.connection,
      blobStorage: this.bucket ? this.bucket.blobStorage(props.region, this.bucketRole) : undefined,
      clickhouseHost: ch ? (this.clickhouse ? this.clickhouse.host : ch.host) : undefined,
      egress: this.nat?.egress,
      ingressClassName: alb ? 'alb' : undefined,
      ingressAnnotations,
      // The frontend's nginx keeps idle connections open longer than the ALB does (its default is 75 s).
      ingressBackend: alb ? { keepAliveTimeoutSeconds: ALB_IDLE_TIMEOUT_SECONDS + 5 } : undefined,
      // The operator's agents (full platform) answer 404 on `/`, the ALB's default health check; a
      // Service annotation takes precedence over the Ingress's (aws-load-balancer-controller, "Ingress annotations").
      agentIngressBackend: alb ? { serviceAnnotations: AwsLoadBalancerController.agentServiceAnnotations() } : undefined,
      edgeTls: !!props.certificateArn && alb,
      storageClassName: (props.inClusterVolumes ?? true) ? ENCRYPTED_GP3_STORAGE_CLASS : undefined,
      storageClasses: (props.inClusterVolumes ?? true) ? [storageClass] : undefined,
      addOns: this.loadBalancerController ? [this.loadBalancerController.addOn] : [],
    };
    tagResources(this, props.tags);
  }
}
