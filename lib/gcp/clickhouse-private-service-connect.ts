import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ComputeAddress } from '@cdktf/provider-google/lib/compute-address';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeForwardingRule } from '@cdktf/provider-google/lib/compute-forwarding-rule';
import { DnsManagedZone } from '@cdktf/provider-google/lib/dns-managed-zone';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { ConfigurationError } from '../core/errors';
import { checkPattern } from '../core/validation';
import { clickHousePscHost, serviceAttachmentRegion } from './clickhouse-host';
import { checkName, checkRegion, networkProject } from './common';

/** The ClickHouse Cloud ports LangSmith uses: HTTPS 8443 and native TLS 9440. */
export const CLICKHOUSE_TLS_PORTS = ['8443', '9440'];

/** Properties of {@link ClickHousePrivateServiceConnect}. */
export interface ClickHousePrivateServiceConnectProps {
  /** Name prefix: address `<name>-clickhouse-psc`, forwarding rule `<name>-clickhouse`, zone `<name>-clickhouse`. */
  readonly name: string;
  /** Region of the endpoint: the ClickHouse service's region (PSC is not cross-region). */
  readonly region: string;
  /** Network path of the VPC. */
  readonly networkId: string;
  /** Subnetwork path the endpoint's internal address comes from. */
  readonly subnetworkId: string;
  /**
   * The ClickHouse Cloud service attachment, `projects/<p>/regions/<r>/serviceAttachments/<name>`
   * (from `privateEndpointConfig.endpointServiceId`).
   */
  readonly endpointService: string;
  /**
   * The ClickHouse Cloud host: the private `<id>.<region>.p.gcp.clickhouse.cloud`, or the public
   * `<id>.<region>.gcp.clickhouse.cloud`, from which the private one is derived ({@link host}).
   * Its region must be `region`. @default - none: {@link host} is undefined
   */
  readonly host?: string;
  /** Private DNS zone name (with the trailing dot). @default `<region>.p.gcp.clickhouse.cloud.` */
  readonly dnsName?: string;
  /** Let clients in other regions of the VPC use the endpoint (`allow_psc_global_access`). @default false */
  readonly globalAccess?: boolean;
  /**
   * Service accounts of the clients (GKE nodes): an egress firewall rule allows them tcp 8443/9440
   * to the endpoint, so a deny-all egress policy does not cut LangSmith off. @default - no rule
   */
  readonly clientServiceAccounts?: string[];
  /** @default - the provider's project */
  readonly project?: string;
  /** @default {} */
  readonly labels?: Record<string, string>;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Private Service Connect to LangSmith-managed ClickHouse Cloud, as the ClickHouse docs and
 * provider examples describe it (ClickHouse Cloud's private networking docs, clickhouse.com/docs/manage/security,
 * "GCP Private Service Connect"): an internal address (GCE_ENDPOINT) in the subnetwork, a
 * forwarding rule with `load_balancing_scheme = ""` targeting the service attachment, a private
 * Cloud DNS zone `<region>.p.gcp.clickhouse.cloud.` on the VPC with a wildcard A record to the
 * address. Its PSC connection id (`endpointId`) must be sent to LangSmith / ClickHouse to be put
 * on the service's allow-list; until then connections are reset.
 */
export class ClickHousePrivateServiceConnect extends Construct {
  public readonly address: ComputeAddress;
  public readonly forwardingRule: ComputeForwardingRule;
  public readonly zone: DnsManagedZone;
  public readonly firewall?: ComputeFirewall;
  /** The PSC connection id to allow-list on the ClickHouse service. */
  public readonly endpointId: string;
  /** The private zone's DNS name. */
  public readonly dnsName: string;
  /** The host LangSmith connects to: the private host, resolved by the zone to the endpoint. */
  public readonly host?: string;

  constructor(scope: Construct, id: string, props: ClickHousePrivateServiceConnectProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkRegion(this, 'region', props.region);
    checkPattern(this, 'endpointService', props.endpointService, /^projects\/[^/]+\/regions\/[^/]+\/serviceAttachments\/[^/]+$/,
      'a service attachment such as projects/p/regions/us-east1/serviceAttachments/production-us-east1-clickhouse-cloud');
    checkPattern(this, 'dnsName', props.dnsName, /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+$/, 'a DNS name ending with a dot, such as us-east1.p.gcp.clickhouse.cloud.');
    this.dnsName = props.dnsName ?? `${props.region}.p.gcp.clickhouse.cloud.`;
    // PSC is same-region only (private-connectivity.md: "No cross-region"): an endpoint in another
    // region than the attachment is refused by Google, a host of another region would not resolve.
    const attachmentRegion = Token.isUnresolved(props.endpointService) ? undefined : serviceAttachmentRegion(props.endpointService);
    if (attachmentRegion && !Token.isUnresolved(props.region) && attachmentRegion !== props.region) {
      throw ConfigurationError.forConstruct(this, 'endpointService', props.endpointService, `allowed: a service attachment in region ${props.region} (Private Service Connect to ClickHouse Cloud is not cross-region)`);
    }
    if (props.host !== undefined && !Token.isUnresolved(props.host)) {
      const psc = clickHousePscHost(props.host);
      if (!psc) throw ConfigurationError.forConstruct(this, 'host', props.host, 'allowed: a ClickHouse Cloud GCP host <id>.<region>.p.gcp.clickhouse.cloud (or the public <id>.<region>.gcp.clickhouse.cloud, from which it is derived)');
      if (!Token.isUnresolved(props.region) && psc.region !== props.region) {
        throw ConfigurationError.forConstruct(this, 'host', props.host, `allowed: a ClickHouse service in region ${props.region} (Private Service Connect is not cross-region)`);
      }
      if (!Token.isUnresolved(this.dnsName) && !`${psc.host}.`.endsWith(`.${this.dnsName}`)) {
        throw ConfigurationError.forConstruct(this, 'dnsName', this.dnsName, `allowed: a zone containing ${psc.host}, such as ${psc.zone}`);
      }
      this.host = psc.host;
    } else {
      this.host = props.host;
    }

    this.address = new ComputeAddress(this, 'Address', {
      name: `${props.name}-clickhouse-psc`,
      project: props.project,
      region: props.region,
      subnetwork: props.subnetworkId,
      addressType: 'INTERNAL',
      purpose: 'GCE_ENDPOINT',
      description: 'Private Service Connect endpoint to ClickHouse Cloud (cdktf-langsmith).',
      labels: props.labels,
      dependsOn: props.dependsOn,
    });
    this.forwardingRule = new ComputeForwardingRule(this, 'ForwardingRule', {
      name: `${props.name}-clickhouse`,
      project: props.project,
      region: props.region,
      network: props.networkId,
      ipAddress: this.address.id,
      loadBalancingScheme: '',
      target: `https://www.googleapis.com/compute/v1/${props.endpointService}`,
      allowPscGlobalAccess: props.globalAccess ?? false,
      labels: props.labels,
    });
    this.endpointId = this.forwardingRule.pscConnectionId;

    this.zone = new DnsManagedZone(this, 'Zone', {
      name: `${props.name}-clickhouse`,
      project: props.project,
      dnsName: this.dnsName,
      visibility: 'private',
      privateVisibilityConfig: { networks: [{ networkUrl: props.networkId }] },
      description: 'ClickHouse Cloud over Private Service Connect (cdktf-langsmith).',
      labels: props.labels,
      dependsOn: props.dependsOn,
    });
    new DnsRecordSet(this, 'Wildcard', {
      name: `*.${this.dnsName}`,
      project: props.project,
      managedZone: this.zone.name,
      type: 'A',
      ttl: 300,
      rrdatas: [this.address.address],
    });

    if (props.clientServiceAccounts?.length) {
      this.firewall = new ComputeFirewall(this, 'Egress', {
        name: `${props.name}-clickhouse-egress`,
        // A firewall rule lives in the network's project (the host project of a Shared VPC).
        project: networkProject(props.networkId) ?? props.project,
        network: props.networkId,
        direction: 'EGRESS',
        priority: 900,
        destinationRanges: [`${this.address.address}/32`],
        targetServiceAccounts: props.clientServiceAccounts,
        allow: [{ protocol: 'tcp', ports: CLICKHOUSE_TLS_PORTS }],
        description: 'LangSmith to ClickHouse Cloud over Private Service Connect: tcp 8443, 9440.',
        dependsOn: props.dependsOn,
      });
    }
  }
}
