import { Fn, Op, Token } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsAvailabilityZone } from '@cdktf/provider-aws/lib/data-aws-availability-zone';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { ConfigurationError } from '../core/errors';
import { checkInteger, checkNoOverlap, checkOneOf, checkPrivateCidr } from '../core/validation';
import { planVpc } from './address-plan';
import { checkAtLeast, checkIds, checkName } from './common';
import { FLOW_LOG_TRAFFIC_TYPES, FlowLogTrafficType } from './constants';

// Defined in constants.ts (no provider binding: the deployments-file loader imports them); re-exported here.
export type { FlowLogTrafficType };

/**
 * Availability zone ids where EKS cannot place control-plane network interfaces
 * (UnsupportedAvailabilityZoneException; Amazon EKS user guide, "VPC and subnet requirements").
 * Zone names map to different ids in every account, so zones are filtered by id.
 */
export const EKS_UNSUPPORTED_ZONE_IDS: readonly string[] = ['use1-az3', 'usw1-az2', 'cac1-az3'];

/** A VPC and its subnets, created here or existing. */
export interface IAwsNetwork {
  readonly vpcId: string;
  /** Private subnets of the EKS nodes (and pods), in >= 2 availability zones. */
  readonly privateSubnetIds: string[];
  /** Private subnets of RDS, ElastiCache and interface endpoints, in >= 2 availability zones. */
  readonly dataSubnetIds: string[];
  /** Public subnets (NAT gateways, internet-facing load balancers). Empty when there are none. */
  readonly publicSubnetIds: string[];
}

/** Attributes of an existing VPC (bring your own network). */
export interface AwsNetworkAttributes {
  /** `vpc-...` */
  readonly vpcId: string;
  /** Private subnets for the nodes, in >= 2 availability zones, with a route to a NAT (or egress you manage). */
  readonly privateSubnetIds: string[];
  /** Private subnets for the data stores and endpoints. @default - the private subnets */
  readonly dataSubnetIds?: string[];
  /** Public subnets for internet-facing load balancers. @default [] */
  readonly publicSubnetIds?: string[];
}

/** Properties of {@link AwsNetwork}. */
export interface AwsNetworkProps {
  /** Name prefix (the `Name` tag of the VPC, `<name>-private-a`, ...). */
  readonly name: string;
  /** VPC address space, a private /16 to /20 (see lib/aws/address-plan.ts). @default '10.0.0.0/16' */
  readonly cidr?: string;
  /** How many availability zones to span: 2 or 3. EKS and RDS need at least 2. @default 2 */
  readonly availabilityZoneCount?: number;
  /** Explicit availability zone names (their count wins over `availabilityZoneCount`); a zone whose id EKS does not support is refused at plan. @default - the first available zones of the region that need no opt-in and that EKS supports ({@link EKS_UNSUPPORTED_ZONE_IDS}) */
  readonly availabilityZones?: string[];
  /** VPC flow logs to CloudWatch Logs (CKV2_AWS_11). @default true */
  readonly flowLogs?: boolean;
  /**
   * Which flows are logged: `REJECT` (refused connections: the security signal, a small share of
   * the volume), `ALL` or `ACCEPT`. Every logged GB costs CloudWatch ingestion ($0.50/GB).
   * @default 'REJECT'
   */
  readonly flowLogTrafficType?: FlowLogTrafficType;
  /** Aggregation interval of flow log records in seconds: 60 or 600. @default 600 */
  readonly flowLogIntervalSeconds?: 60 | 600;
  /** Retention of the flow log group in days. @default 365 */
  readonly flowLogRetentionDays?: number;
  /** EKS cluster name, for the `kubernetes.io/cluster/<name>` subnet tag. @default - no cluster tag */
  readonly clusterName?: string;
}

/**
 * A VPC across 2-3 availability zones with three subnet tiers: public (NAT gateways and
 * internet-facing load balancers only; tagged `kubernetes.io/role/elb`), private (EKS nodes
 * and pods; tagged `kubernetes.io/role/internal-elb`; one route table per zone, to which
 * {@link NatEgress} adds the default route) and data (RDS, ElastiCache, interface endpoints;
 * no route to the internet at all). DNS support and hostnames are on (interface endpoints and
 * private hosted zones need them); the default security group is emptied (CKV2_AWS_12); flow
 * logs (refused connections by default, 10-minute aggregation) go to CloudWatch Logs. Bring your own VPC with {@link AwsNetwork.fromNetworkAttributes}.
 */
export class AwsNetwork extends Construct implements IAwsNetwork {
  /**
   * An existing VPC and subnets, checked here (ids of the right kind, two subnets at least where
   * EKS and RDS need them); errors name `scope/id`. Creates nothing.
   */
  public static fromNetworkAttributes(scope: Construct, id: string, attrs: AwsNetworkAttributes): IAwsNetwork {
    const at = new Construct(scope, id);
    checkIds(at, 'vpcId', Token.isUnresolved(attrs.vpcId) ? undefined : [attrs.vpcId], 'vpc');
    checkIds(at, 'privateSubnetIds', attrs.privateSubnetIds, 'subnet');
    checkAtLeast(at, 'privateSubnetIds', attrs.privateSubnetIds, 2, 'subnets in different availability zones (EKS and RDS need two)');
    checkIds(at, 'dataSubnetIds', attrs.dataSubnetIds, 'subnet');
    checkAtLeast(at, 'dataSubnetIds', attrs.dataSubnetIds, 2, 'subnets in different availability zones (RDS needs two)');
    checkIds(at, 'publicSubnetIds', attrs.publicSubnetIds, 'subnet');
    return {
      vpcId: attrs.vpcId,
      privateSubnetIds: attrs.privateSubnetIds,
      dataSubnetIds: attrs.dataSubnetIds ?? attrs.privateSubnetIds,
      publicSubnetIds: attrs.publicSubnetIds ?? [],
    };
  }

  public readonly vpc: Vpc;
  public readonly internetGateway: InternetGateway;
  public readonly publicSubnets: Subnet[];
  public readonly privateSubnets: Subnet[];
  public readonly dataSubnets: Subnet[];
  /** One per zone; NatEgress adds their default routes. */
  public readonly privateRouteTables: RouteTable[];
  /** Route table of the data subnets (no default route). */
  public readonly dataRouteTable: RouteTable;
  public readonly publicRouteTable: RouteTable;
  public readonly vpcId: string;
  public readonly vpcCidr: string;
  public readonly privateSubnetIds: string[];
  public readonly dataSubnetIds: string[];
  public readonly publicSubnetIds: string[];
  /** Route tables a gateway endpoint (S3) should be associated with: private and data. */
  public readonly gatewayRouteTableIds: string[];
  public readonly flowLog?: FlowLog;

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    const cidr = props.cidr ?? '10.0.0.0/16';
    // AWS accepts VPC blocks from /16 to /28; the plan needs at least a /20.
    checkPrivateCidr(this, 'cidr', cidr, 16, 20);
    checkInteger(this, 'availabilityZoneCount', props.availabilityZoneCount, 2, 3);
    checkInteger(this, 'flowLogRetentionDays', props.flowLogRetentionDays, 1, 3653);
    checkOneOf(this, 'flowLogTrafficType', props.flowLogTrafficType, FLOW_LOG_TRAFFIC_TYPES);
    if (props.flowLogIntervalSeconds !== undefined && !Token.isUnresolved(props.flowLogIntervalSeconds) && ![60, 600].includes(props.flowLogIntervalSeconds)) {
      throw ConfigurationError.forConstruct(this, 'flowLogIntervalSeconds', props.flowLogIntervalSeconds, 'allowed: 60 | 600');
    }
    const given = props.availabilityZones;
    if (given && !Token.isUnresolved(given) && (given.length < 2 || given.length > 3)) {
      throw ConfigurationError.forConstruct(this, 'availabilityZones', given, 'allowed: 2 or 3 availability zone names');
    }
    if (Token.isUnresolved(cidr)) throw ConfigurationError.forConstruct(this, 'cidr', '<token>', 'allowed: a literal CIDR (the subnet plan is computed at synth)');
    const azCount = given && !Token.isUnresolved(given) ? given.length : (props.availabilityZoneCount ?? 2);
    const plan = planVpc(cidr, azCount);
    checkNoOverlap(this, Object.fromEntries([...plan.private, ...plan.public, ...plan.data].map((c, i) => [`subnet${i}`, c])));

    let zone: (i: number) => string;
    // A given zone is checked by id at plan (a precondition on its private subnet).
    let zoneCheck: (i: number) => { condition: unknown; errorMessage: string } | undefined = () => undefined;
    if (given && !Token.isUnresolved(given)) {
      zone = (i) => given[i];
      const ids = given.map((name, i) => new DataAwsAvailabilityZone(this, `Zone${i}`, { name }).zoneId);
      zoneCheck = (i) => ({
        condition: Op.not(Fn.contains([...EKS_UNSUPPORTED_ZONE_IDS], ids[i])),
        errorMessage: `Availability zone ${given[i]} maps, in this account, to a zone id where EKS does not place control-plane interfaces (${EKS_UNSUPPORTED_ZONE_IDS.join(', ')}); choose another zone in availabilityZones.`,
      });
    } else {
      const azs = new DataAwsAvailabilityZones(this, 'Zones', {
        state: 'available',
        filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
        excludeZoneIds: [...EKS_UNSUPPORTED_ZONE_IDS],
        // Fewer than two zones left (us-west-1 shows an account only two zone ids, one of which
        // may be usw1-az2) would make element() wrap and put both subnets in one zone: EKS and RDS
        // would refuse them in the middle of the apply. Refuse at plan instead.
        lifecycle: {
          postcondition: [{
            condition: '${length(self.names) >= 2}',
            errorMessage: `This region offers this account fewer than two availability zones that need no opt-in and that EKS supports (zone ids ${EKS_UNSUPPORTED_ZONE_IDS.join(', ')} are left out); EKS and RDS need two. Choose another region.`,
          }],
        },
      });
      zone = (i) => Fn.element(azs.names, i);
    }
    const letter = (i: number) => 'abc'[i];
    const clusterTag = props.clusterName ? { [`kubernetes.io/cluster/${props.clusterName}`]: 'shared' } : {};

    this.vpc = new Vpc(this, 'Vpc', {
      cidrBlock: cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    this.vpcId = this.vpc.id;
    this.vpcCidr = cidr;
    new DefaultSecurityGroup(this, 'DefaultSecurityGroup', { vpcId: this.vpc.id, tags: { Name: `${props.name}-default-deny` } });
    this.internetGateway = new InternetGateway(this, 'InternetGateway', { vpcId: this.vpc.id, tags: { Name: props.name } });

    this.publicRouteTable = new RouteTable(this, 'PublicRouteTable', { vpcId: this.vpc.id, tags: { Name: `${props.name}-public` } });
    new Route(this, 'PublicDefaultRoute', { routeTableId: this.publicRouteTable.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: this.internetGateway.id });
    this.dataRouteTable = new RouteTable(this, 'DataRouteTable', { vpcId: this.vpc.id, tags: { Name: `${props.name}-data` } });

    this.publicSubnets = [];
    this.privateSubnets = [];
    this.dataSubnets = [];
    this.privateRouteTables = [];
    for (let i = 0; i < azCount; i++) {
      const pub = new Subnet(this, `PublicSubnet${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: plan.public[i],
        availabilityZone: zone(i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${letter(i)}`, 'kubernetes.io/role/elb': '1', ...clusterTag },
      });
      new RouteTableAssociation(this, `PublicSubnet${i}Routes`, { subnetId: pub.id, routeTableId: this.publicRouteTable.id });
      this.publicSubnets.push(pub);

      const priv = new Subnet(this, `PrivateSubnet${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: plan.private[i],
        availabilityZone: zone(i),
        tags: { Name: `${props.name}-private-${letter(i)}`, 'kubernetes.io/role/internal-elb': '1', ...clusterTag },
        lifecycle: zoneCheck(i) ? { precondition: [zoneCheck(i)!] } : undefined,
      });
      const rt = new RouteTable(this, `PrivateRouteTable${i}`, { vpcId: this.vpc.id, tags: { Name: `${props.name}-private-${letter(i)}` } });
      new RouteTableAssociation(this, `PrivateSubnet${i}Routes`, { subnetId: priv.id, routeTableId: rt.id });
      this.privateSubnets.push(priv);
      this.privateRouteTables.push(rt);

      const data = new Subnet(this, `DataSubnet${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: plan.data[i],
        availabilityZone: zone(i),
        tags: { Name: `${props.name}-data-${letter(i)}` },
      });
      new RouteTableAssociation(this, `DataSubnet${i}Routes`, { subnetId: data.id, routeTableId: this.dataRouteTable.id });
      this.dataSubnets.push(data);
    }
    this.publicSubnetIds = this.publicSubnets.map((s) => s.id);
    this.privateSubnetIds = this.privateSubnets.map((s) => s.id);
    this.dataSubnetIds = this.dataSubnets.map((s) => s.id);
    this.gatewayRouteTableIds = [...this.privateRouteTables.map((r) => r.id), this.dataRouteTable.id];

    if (props.flowLogs ?? true) {
      const group = new CloudwatchLogGroup(this, 'FlowLogGroup', {
        name: `/aws/vpc/${props.name}/flow-logs`,
        retentionInDays: props.flowLogRetentionDays ?? 365,
      });
      // Only the flow-logs service, and only on behalf of this account's flow logs (confused deputy).
      const account = new DataAwsCallerIdentity(this, 'Account', {}).accountId;
      const role = new IamRole(this, 'FlowLogRole', {
        name: `${props.name}-vpc-flow-logs`,
        assumeRolePolicy: Fn.jsonencode({
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': account },
              ArnLike: { 'aws:SourceArn': `arn:aws:ec2:*:${account}:vpc-flow-log/*` },
            },
          }],
        }),
      });
      new IamRolePolicy(this, 'FlowLogPolicy', {
        role: role.id,
        name: 'write-flow-logs',
        policy: Fn.jsonencode({
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
            Resource: [group.arn, `${group.arn}:*`],
          }],
        }),
      });
      this.flowLog = new FlowLog(this, 'FlowLog', {
        vpcId: this.vpc.id,
        trafficType: props.flowLogTrafficType ?? 'REJECT',
        logDestinationType: 'cloud-watch-logs',
        logDestination: group.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: props.flowLogIntervalSeconds ?? 600,
      });
    }
  }
}
