import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { PrivateDnsARecord } from '@cdktf/provider-azurerm/lib/private-dns-a-record';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { ConfigurationError } from '../core/errors';
import { checkNonEmpty, checkPattern } from '../core/validation';
import { AzureTags, checkArmId, checkLocation, checkName, checkSubnetId, parseArmId } from './common';
import { clickhousePrivateZone } from './constants';
import { LinkedPrivateDnsZone } from './private-dns';

/** Ports ClickHouse Cloud serves over Private Link: HTTPS 8443, native TLS 9440. */
export const CLICKHOUSE_PORTS = ['8443', '9440'];

// The rule lives in a binding-free file the deployments-file loader reads too.
export { clickhousePrivateZone };

/** Properties of {@link ClickHousePrivateLink}. */
export interface ClickHousePrivateLinkProps {
  /** Name prefix: endpoint `<name>-clickhouse-pe`. */
  readonly name: string;
  /** Azure region (location) of the private endpoint, e.g. westus3. */
  readonly location: string;
  /** Name of the resource group the resources are created in. */
  readonly resourceGroupName: string;
  /** ClickHouse Cloud's Private Link service alias, `production-<region>-0-0.<guid>.<region>.azure.privatelinkservice`. */
  readonly endpointService: string;
  /** The service's private hostname, `<id>.<region>.privatelink.azure.clickhouse.cloud`. */
  readonly host: string;
  /** Subnet of the private endpoint. */
  readonly subnetId: string;
  /** VNet the private DNS zone is linked to (when it is created here). */
  readonly vnetId: string;
  /**
   * An existing `<region>.privatelink.azure.clickhouse.cloud` zone, already linked to the VNet
   * (e.g. by a hub's DNS): the wildcard record goes into it and no zone or link is created.
   * @default - a new zone linked to `vnetId`
   */
  readonly existingPrivateDnsZoneId?: string;
  /** Source ranges allowed to reach 8443/9440 (the VNet's address space). @default ['VirtualNetwork'] */
  readonly sourceAddressPrefixes?: string[];
  /**
   * An existing network security group on the endpoint's subnet to add the 8443/9440 rules to.
   * @default - a new group with the rules (associate it with the subnet yourself, or pass the subnet's group)
   */
  readonly networkSecurityGroupName?: string;
  /** Resource group of that group. @default - resourceGroupName */
  readonly networkSecurityGroupResourceGroupName?: string;
  /**
   * Add the 8443/9440 inbound rule at all. `false` when the endpoint's subnet has no group this
   * construct may change: a group created here would be attached to nothing (its default rules,
   * or the subnet owner's group, already allow traffic from the VNet).
   * @default true
   */
  readonly securityRules?: boolean;
  /** Priority of the first rule (100-4095). @default 200 */
  readonly rulePriority?: number;
  /** Message shown to ClickHouse Cloud with the connection request. @default 'LangSmith <name>' */
  readonly requestMessage?: string;
  /** @default {} */
  readonly tags?: AzureTags;
}

/**
 * Private Link to a LangSmith-managed ClickHouse Cloud service
 * (ClickHouse Cloud's private networking docs, clickhouse.com/docs/manage/security, "Azure Private Link"):
 * - a private endpoint to the service alias with a manual connection request: it stays Pending
 *   until ClickHouse approves it and adds the endpoint to the service's allow-list;
 * - a private DNS zone `<region>.privatelink.azure.clickhouse.cloud` linked to the VNet, with a
 *   wildcard A record to the endpoint's IP (so every service host in the region resolves);
 * - inbound security rules for TCP 8443 and 9440 from the VNet to the endpoint.
 * The endpoint id to send for allow-listing is `endpointId` (the ARM id), though ClickHouse's docs
 * ask for the endpoint's resourceGuid: see lib/azure/README.md.
 */
export class ClickHousePrivateLink extends Construct {
  public readonly endpoint: PrivateEndpoint;
  public readonly dnsZone?: LinkedPrivateDnsZone;
  public readonly networkSecurityGroup?: NetworkSecurityGroup;
  /** ARM id of the private endpoint. */
  public readonly endpointId: string;
  /** Private IP of the endpoint. */
  public readonly ipAddress: string;
  /** Name of the private DNS zone. */
  public readonly dnsName: string;

  constructor(scope: Construct, id: string, props: ClickHousePrivateLinkProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkLocation(this, 'location', props.location);
    checkSubnetId(this, 'subnetId', props.subnetId);
    checkPattern(this, 'endpointService', props.endpointService, /^[a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9]+\.azure\.privatelinkservice$/, 'a Private Link service alias such as production-westus3-0-0.<guid>.westus3.azure.privatelinkservice');
    checkNonEmpty(this, 'sourceAddressPrefixes', props.sourceAddressPrefixes, 'CIDR or service tag');
    const zoneName = Token.isUnresolved(props.host) ? undefined : clickhousePrivateZone(props.host);
    if (!Token.isUnresolved(props.host) && !zoneName) {
      throw ConfigurationError.forConstruct(this, 'host', props.host, 'allowed: the private hostname <id>.<region>.privatelink.azure.clickhouse.cloud (ClickHouse Cloud privateDnsHostname)');
    }
    const priority = props.rulePriority ?? 200;
    if (!Token.isUnresolved(priority) && (priority < 100 || priority > 4094 || !Number.isInteger(priority))) {
      throw ConfigurationError.forConstruct(this, 'rulePriority', priority, 'allowed: an integer from 100 to 4094');
    }

    this.endpoint = new PrivateEndpoint(this, 'Endpoint', {
      name: `${props.name}-clickhouse-pe`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.subnetId,
      customNetworkInterfaceName: `${props.name}-clickhouse-pe-nic`,
      privateServiceConnection: {
        name: `${props.name}-clickhouse`,
        privateConnectionResourceAlias: props.endpointService,
        isManualConnection: true,
        requestMessage: props.requestMessage ?? `LangSmith ${props.name}`,
      },
      tags: props.tags,
    });
    this.endpointId = this.endpoint.id;
    this.ipAddress = this.endpoint.privateServiceConnection.privateIpAddress;

    checkArmId(this, 'existingPrivateDnsZoneId', props.existingPrivateDnsZoneId, 'Microsoft.Network/privateDnsZones', `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${zoneName ?? '<region>.privatelink.azure.clickhouse.cloud'}`);
    let zoneResourceGroup = props.resourceGroupName;
    if (props.existingPrivateDnsZoneId) {
      const existing = parseArmId(props.existingPrivateDnsZoneId);
      if (existing && zoneName && existing.name.toLowerCase() !== zoneName) {
        throw ConfigurationError.forConstruct(this, 'existingPrivateDnsZoneId', props.existingPrivateDnsZoneId, `allowed: the zone ${zoneName} (the zone of host ${props.host})`);
      }
      this.dnsName = existing?.name ?? Fn.element(Fn.split('/', props.existingPrivateDnsZoneId), 8);
      zoneResourceGroup = existing?.resourceGroupName ?? Fn.element(Fn.split('/', props.existingPrivateDnsZoneId), 4);
    } else {
      this.dnsZone = new LinkedPrivateDnsZone(this, 'Dns', {
        zoneName: zoneName ?? props.host.replace(/^[^.]+\./, ''),
        resourceGroupName: props.resourceGroupName,
        vnetId: props.vnetId,
        tags: props.tags,
      });
      this.dnsName = this.dnsZone.zone.name;
    }
    new PrivateDnsARecord(this, 'Wildcard', {
      name: '*',
      zoneName: this.dnsName,
      resourceGroupName: zoneResourceGroup,
      ttl: 300,
      records: [this.ipAddress],
      tags: props.tags,
    });

    if (props.securityRules === false) {
      if (props.networkSecurityGroupName) throw ConfigurationError.forConstruct(this, 'networkSecurityGroupName', props.networkSecurityGroupName, 'only with securityRules; allowed: remove it, or securityRules: true');
      return;
    }
    let nsgName = props.networkSecurityGroupName;
    let nsgRg = props.networkSecurityGroupResourceGroupName ?? props.resourceGroupName;
    if (!nsgName) {
      this.networkSecurityGroup = new NetworkSecurityGroup(this, 'SecurityGroup', {
        name: `${props.name}-clickhouse-nsg`,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        tags: props.tags,
      });
      nsgName = this.networkSecurityGroup.name;
      nsgRg = props.resourceGroupName;
    }
    const sources = props.sourceAddressPrefixes ?? ['VirtualNetwork'];
    new NetworkSecurityRule(this, 'AllowClickHouse', {
      name: 'allow-clickhouse-private-link',
      description: 'ClickHouse Cloud over Private Link: HTTPS 8443 and native TLS 9440 from the VNet.',
      networkSecurityGroupName: nsgName,
      resourceGroupName: nsgRg,
      priority,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourcePortRange: '*',
      ...(sources.length === 1 ? { sourceAddressPrefix: sources[0] } : { sourceAddressPrefixes: sources }),
      destinationAddressPrefix: this.ipAddress,
      destinationPortRanges: CLICKHOUSE_PORTS,
    });
  }
}
