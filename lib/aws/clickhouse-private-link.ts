import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { ConfigurationError } from '../core/errors';
import { checkPattern } from '../core/validation';
import { checkAtLeast, checkHasSource, checkName, IngressSources, restrictedSecurityGroup } from './common';

/** ClickHouse Cloud ports: 8443 (HTTPS) and 9440 (native TLS). */
export const CLICKHOUSE_PRIVATE_LINK_PORTS = [8443, 9440];

/**
 * The host to use over AWS PrivateLink for a ClickHouse Cloud host, and the private zone that
 * resolves it. ClickHouse Cloud's private DNS hostname is `<id>.<region>.vpce.aws.clickhouse.cloud`
 * (the public one is `<id>.<region>.aws.clickhouse.cloud`) and only the private hostname is
 * served over the link (ClickHouse Cloud's private networking docs, clickhouse.com/docs/manage/security). A public
 * hostname is therefore mapped to its private form; any other host is used as given, and its
 * zone is the host without its first label.
 */
export function clickHousePrivateHost(host: string): { host: string; zone: string } {
  const pub = /^([a-z0-9-]+)\.([a-z0-9-]+)\.aws\.clickhouse\.cloud$/.exec(host);
  const privateHost = pub ? `${pub[1]}.${pub[2]}.vpce.aws.clickhouse.cloud` : host;
  return { host: privateHost, zone: privateHost.slice(privateHost.indexOf('.') + 1) };
}

/** Properties of {@link AwsClickHousePrivateLink}. */
export interface AwsClickHousePrivateLinkProps extends IngressSources {
  /** Name prefix (`<name>-clickhouse` security group). */
  readonly name: string;
  /** ID of the VPC the endpoint and its security group are created in (and the private DNS zone is associated with). */
  readonly vpcId: string;
  /** Subnets of the endpoint's network interfaces: >= 2 availability zones. */
  readonly subnetIds: string[];
  /** The ClickHouse Cloud endpoint service, `com.amazonaws.vpce.<region>.vpce-svc-...`. */
  readonly endpointServiceName: string;
  /** The ClickHouse host (its private DNS hostname, or the public one, which is mapped). */
  readonly host: string;
  /** The endpoint service's region when it differs from the VPC's (cross-region PrivateLink). @default - same region */
  readonly serviceRegion?: string;
}

/**
 * Private connectivity to a (LangSmith-managed) ClickHouse Cloud service over AWS PrivateLink:
 * an interface VPC endpoint to the service's endpoint service (private DNS off, as ClickHouse
 * documents), a security group that admits 8443 and 9440 only from the cluster, and a Route 53
 * private hosted zone `<region>.vpce.aws.clickhouse.cloud` on the VPC whose wildcard record
 * points at the endpoint. The endpoint id (`vpce-...`) must then be sent to LangChain /
 * ClickHouse to be allow-listed on the service: until then connections are reset.
 */
export class AwsClickHousePrivateLink extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly endpoint: VpcEndpoint;
  public readonly zone: Route53Zone;
  /** The endpoint id to get allow-listed. */
  public readonly endpointId: string;
  /** The host LangSmith connects to. */
  public readonly host: string;
  /** The private hosted zone's name. */
  public readonly zoneName: string;

  constructor(scope: Construct, id: string, props: AwsClickHousePrivateLinkProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkPattern(this, 'endpointServiceName', props.endpointServiceName, /^com\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[0-9a-f]+$/, 'an AWS endpoint service name such as com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0');
    checkPattern(this, 'host', props.host, /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.){2,}[a-z]{2,63}$/, 'a host name with at least three labels, such as abc123.us-west-2.vpce.aws.clickhouse.cloud');
    if (Token.isUnresolved(props.host)) throw ConfigurationError.forConstruct(this, 'host', '<token>', 'allowed: a literal host name (the private zone is derived from it at synth)');
    checkAtLeast(this, 'subnetIds', props.subnetIds, 2, 'subnets in different availability zones');
    checkHasSource(this, props);
    const { host, zone } = clickHousePrivateHost(props.host);
    this.host = host;
    this.zoneName = zone;

    this.securityGroup = restrictedSecurityGroup(this, 'SecurityGroup', {
      name: `${props.name}-clickhouse`,
      description: 'ClickHouse Cloud PrivateLink endpoint: 8443 and 9440 from the cluster only',
      vpcId: props.vpcId,
      ports: CLICKHOUSE_PRIVATE_LINK_PORTS,
      sources: props,
    });
    this.endpoint = new VpcEndpoint(this, 'Endpoint', {
      vpcId: props.vpcId,
      vpcEndpointType: 'Interface',
      serviceName: props.endpointServiceName,
      serviceRegion: props.serviceRegion,
      subnetIds: props.subnetIds,
      securityGroupIds: [this.securityGroup.id],
      privateDnsEnabled: false,
      tags: { Name: `${props.name}-clickhouse` },
    });
    this.endpointId = this.endpoint.id;
    this.zone = new Route53Zone(this, 'Zone', {
      name: zone,
      comment: 'ClickHouse Cloud over PrivateLink (cdktf-langsmith)',
      vpc: [{ vpcId: props.vpcId }],
    });
    new Route53Record(this, 'Wildcard', {
      zoneId: this.zone.zoneId,
      name: `*.${zone}`,
      type: 'CNAME',
      ttl: 300,
      records: [this.endpoint.dnsEntry.get(0).dnsName],
    });
  }
}
