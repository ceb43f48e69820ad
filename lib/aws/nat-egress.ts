import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { EgressAddresses } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { checkInteger } from '../core/validation';
import { checkName } from './common';

/** Properties of {@link NatEgress}. */
export interface NatEgressProps {
  /** Name prefix (`<name>-nat-<i>`). */
  readonly name: string;
  /** Public subnets to place NAT gateways in (one gateway per subnet, up to `staticIps`). */
  readonly publicSubnetIds: string[];
  /** Private route tables that get a default route; route table i uses gateway i mod the gateway count. */
  readonly privateRouteTableIds: string[];
  /** How many static Elastic IPs egress leaves from (1-16). @default 2 */
  readonly staticIps?: number;
  /** What the gateways wait for (the internet gateway attachment). @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** Terraform prevent_destroy on the Elastic IPs (a released IP breaks every allow-list). @default true */
  readonly deletionProtection?: boolean;
}

/**
 * NAT gateways on Elastic IPs, so every egress of the cluster (LangSmith's license and
 * telemetry calls to https://beacon.langchain.com, ClickHouse Cloud over its public endpoint)
 * leaves from addresses known in advance, to allow-list there.
 *
 * `staticIps` Elastic IPs are allocated. One NAT gateway is created per public subnet up to
 * that count (so `staticIps: 1` is a single gateway; set it to the zone count for a gateway
 * per zone); any further IPs are attached to the gateways as secondary addresses, which NAT
 * gateways use for new connections too. Every IP is therefore an egress IP. The IPs' logical
 * ids (`Ip0`, `Ip1`, ...) are stable: renaming one releases its address; they carry
 * `prevent_destroy` unless `deletionProtection: false`.
 */
export class NatEgress extends Construct {
  public readonly ips: Eip[];
  public readonly gateways: NatGateway[];
  /** The private route tables' default routes through the gateways (what egress from the nodes waits for). */
  public readonly routes: Route[];
  /** The egress IPs (tokens of the Elastic IPs' public addresses). */
  public readonly egress: EgressAddresses;

  constructor(scope: Construct, id: string, props: NatEgressProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    const count = props.staticIps ?? 2;
    checkInteger(this, 'staticIps', count, 1, 16);
    if (props.publicSubnetIds.length === 0) throw ConfigurationError.forConstruct(this, 'publicSubnetIds', [], 'allowed: at least one public subnet for the NAT gateways');
    this.ips = Array.from({ length: count }, (_, i) => new Eip(this, `Ip${i}`, {
      domain: 'vpc',
      tags: { Name: `${props.name}-nat-${i}`, purpose: 'LangSmith egress (allow-list at beacon.langchain.com and ClickHouse Cloud)' },
      lifecycle: { preventDestroy: props.deletionProtection ?? true },
    }));
    const gatewayCount = Math.min(count, props.publicSubnetIds.length);
    const secondary: string[][] = Array.from({ length: gatewayCount }, () => []);
    for (let i = gatewayCount; i < count; i++) secondary[i % gatewayCount].push(this.ips[i].allocationId);
    this.gateways = Array.from({ length: gatewayCount }, (_, i) => new NatGateway(this, `Gateway${i}`, {
      allocationId: this.ips[i].allocationId,
      secondaryAllocationIds: secondary[i].length ? secondary[i] : undefined,
      subnetId: props.publicSubnetIds[i],
      connectivityType: 'public',
      tags: { Name: `${props.name}-nat-${i}` },
      dependsOn: props.dependsOn,
    }));
    this.routes = props.privateRouteTableIds.map((rt, i) =>
      new Route(this, `DefaultRoute${i}`, { routeTableId: rt, destinationCidrBlock: '0.0.0.0/0', natGatewayId: this.gateways[i % gatewayCount].id }));
    this.egress = { addresses: this.ips.map((ip) => ip.publicIp) };
  }
}
