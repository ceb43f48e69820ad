import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { ConfigurationError } from '../core/errors';
import { AzureTags, checkArmId, checkSubnetId, parseArmId } from './common';
import { LinkedPrivateDnsZone } from './private-dns';

/** Properties of {@link PrivateEndpointWithDns}. */
export interface PrivateEndpointWithDnsProps {
  /** Private endpoint name. */
  readonly name: string;
  /** Azure region (location) of the private endpoint, e.g. westus3. */
  readonly location: string;
  /** Name of the resource group the resources are created in. */
  readonly resourceGroupName: string;
  /** Subnet of the endpoint. */
  readonly subnetId: string;
  /** The resource reached (storage account, cache). */
  readonly resourceId: string;
  /** Sub-resource (group id), e.g. `blob`, `redisCache`. */
  readonly subresource: string;
  /** Private DNS zone of the service, e.g. `privatelink.blob.core.windows.net`. */
  readonly zoneName: string;
  /** VNet the zone is linked to (when it is created here). */
  readonly vnetId: string;
  /** An existing private DNS zone (already linked to the VNet) instead of a new one. @default - a new zone linked to `vnetId` */
  readonly existingPrivateDnsZoneId?: string;
  /** @default {} */
  readonly tags?: AzureTags;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A private endpoint to an Azure PaaS resource, with its `privatelink.*` DNS zone (created and
 * linked to the VNet, or existing) registered through a DNS zone group, so that the resource's
 * public name resolves to the endpoint's private IP inside the VNet.
 */
export class PrivateEndpointWithDns extends Construct {
  public readonly endpoint: PrivateEndpoint;
  public readonly dnsZone?: LinkedPrivateDnsZone;
  /** The private DNS zone id. */
  public readonly privateDnsZoneId: string;

  constructor(scope: Construct, id: string, props: PrivateEndpointWithDnsProps) {
    super(scope, id);
    checkSubnetId(this, 'subnetId', props.subnetId);
    checkArmId(this, 'existingPrivateDnsZoneId', props.existingPrivateDnsZoneId, 'Microsoft.Network/privateDnsZones', `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${props.zoneName}`);
    if (props.existingPrivateDnsZoneId) {
      const zone = parseArmId(props.existingPrivateDnsZoneId);
      if (zone && zone.name.toLowerCase() !== props.zoneName) {
        throw ConfigurationError.forConstruct(this, 'existingPrivateDnsZoneId', props.existingPrivateDnsZoneId, `allowed: the zone ${props.zoneName} (the endpoint's DNS zone group registers the ${props.subresource} record there)`);
      }
      this.privateDnsZoneId = props.existingPrivateDnsZoneId;
    } else {
      this.dnsZone = new LinkedPrivateDnsZone(this, 'Dns', { zoneName: props.zoneName, resourceGroupName: props.resourceGroupName, vnetId: props.vnetId, tags: props.tags });
      this.privateDnsZoneId = this.dnsZone.zone.id;
    }
    this.endpoint = new PrivateEndpoint(this, 'Endpoint', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.subnetId,
      customNetworkInterfaceName: `${props.name}-nic`,
      privateServiceConnection: {
        name: props.name,
        privateConnectionResourceId: props.resourceId,
        subresourceNames: [props.subresource],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: [this.privateDnsZoneId] },
      tags: props.tags,
      dependsOn: [...(props.dependsOn ?? []), ...(this.dnsZone ? [this.dnsZone.link] : [])],
    });
  }
}
