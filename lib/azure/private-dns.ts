import { Construct } from 'constructs';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { checkPattern } from '../core/validation';
import { AzureTags } from './common';

/** Properties of {@link LinkedPrivateDnsZone}. */
export interface LinkedPrivateDnsZoneProps {
  /** Zone name, e.g. `privatelink.blob.core.windows.net`. */
  readonly zoneName: string;
  /** Resource group of the zone (and its link). */
  readonly resourceGroupName: string;
  /** VNet the zone resolves in. */
  readonly vnetId: string;
  /** Name of the VNet link. @default 'vnet' */
  readonly linkName?: string;
  /** @default {} */
  readonly tags?: AzureTags;
}

/**
 * A private DNS zone linked to a VNet (no auto-registration), so that names in it resolve to
 * private addresses from inside the VNet only. A VNet can be linked to only one zone of a given
 * name: on a VNet whose hub already links the `privatelink.*` zones, pass those zones' ids to the
 * constructs instead (their `existingPrivateDnsZoneId` props).
 */
export class LinkedPrivateDnsZone extends Construct {
  public readonly zone: PrivateDnsZone;
  public readonly link: PrivateDnsZoneVirtualNetworkLink;

  constructor(scope: Construct, id: string, props: LinkedPrivateDnsZoneProps) {
    super(scope, id);
    checkPattern(this, 'zoneName', props.zoneName, /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a DNS zone name such as privatelink.blob.core.windows.net');
    this.zone = new PrivateDnsZone(this, 'Zone', { name: props.zoneName, resourceGroupName: props.resourceGroupName, tags: props.tags });
    this.link = new PrivateDnsZoneVirtualNetworkLink(this, 'Link', {
      name: props.linkName ?? 'vnet',
      privateDnsZoneName: this.zone.name,
      resourceGroupName: props.resourceGroupName,
      virtualNetworkId: props.vnetId,
      registrationEnabled: false,
      tags: props.tags,
    });
  }
}
