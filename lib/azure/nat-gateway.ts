import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { EgressAddresses } from '../core/contracts';
import { checkInteger, checkNonEmpty } from '../core/validation';
import { AzureTags, checkLocation, checkName, checkSubnetId } from './common';

/** Properties of {@link AzureNatGateway}. */
export interface AzureNatGatewayProps {
  /** Name prefix: NAT gateway `<name>-nat`, public IPs `<name>-nat-<i>`. */
  readonly name: string;
  /** Azure region (location), e.g. westus3. */
  readonly location: string;
  /** Name of the resource group the resources are created in. */
  readonly resourceGroupName: string;
  /** Subnets whose outbound traffic leaves through the NAT gateway (the AKS node subnet). */
  readonly subnetIds: string[];
  /** How many static Standard public IPv4 addresses to attach (1-16). @default 2 */
  readonly staticIps?: number;
  /** Idle timeout of outbound flows, minutes (4-120). @default 4 */
  readonly idleTimeoutMinutes?: number;
  /** Terraform `prevent_destroy` on the public IPs (a replaced IP breaks every allow-list it is on). @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: AzureTags;
}

/**
 * A NAT gateway with `staticIps` static Standard public IPs, associated to the node subnet, so
 * that every egress (LangSmith's license and telemetry calls to https://beacon.langchain.com,
 * ClickHouse Cloud over its public endpoint) leaves from IPs known in advance, to put on
 * allow-lists. AKS uses it with outbound type `userAssignedNATGateway`. The gateway and its IPs
 * are regional (no zone pinning: a zonal NAT gateway would fail with its zone). The public IPs'
 * logical ids (`Ip0`, `Ip1`, ...) are stable: renaming them releases the addresses.
 */
export class AzureNatGateway extends Construct {
  public readonly natGateway: NatGateway;
  public readonly publicIps: PublicIp[];
  /** The subnet associations. */
  public readonly subnetAssociations: SubnetNatGatewayAssociation[];
  /** The public IP associations. */
  public readonly ipAssociations: NatGatewayPublicIpAssociation[];
  /**
   * What AKS must wait for: the subnet associations and the public IP associations. Nodes on a
   * subnet with default outbound access off have no egress until the gateway has an address, so
   * an AKS create racing the IP association can fail node provisioning.
   */
  public readonly dependables: ITerraformDependable[];
  /** The egress IPs (tokens). */
  public readonly egress: EgressAddresses;

  constructor(scope: Construct, id: string, props: AzureNatGatewayProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkLocation(this, 'location', props.location);
    checkInteger(this, 'staticIps', props.staticIps, 1, 16);
    checkInteger(this, 'idleTimeoutMinutes', props.idleTimeoutMinutes, 4, 120);
    checkNonEmpty(this, 'subnetIds', props.subnetIds, 'subnet id');
    props.subnetIds.forEach((s) => checkSubnetId(this, 'subnetIds', s));
    const base = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.natGateway = new NatGateway(this, 'Gateway', {
      ...base,
      name: `${props.name}-nat`,
      skuName: 'Standard',
      idleTimeoutInMinutes: props.idleTimeoutMinutes ?? 4,
    });
    this.publicIps = [];
    this.ipAssociations = [];
    for (let i = 0; i < (props.staticIps ?? 2); i++) {
      const ip = new PublicIp(this, `Ip${i}`, {
        ...base,
        name: `${props.name}-nat-${i}`,
        sku: 'Standard',
        allocationMethod: 'Static',
        ipVersion: 'IPv4',
        // `zones` is ForceNew and not computed (public_ip_resource.go, ZonesMultipleOptionalForceNew):
        // if Azure reports zones for an IP created without them (a zone-redundant default, or
        // another set than asked: hashicorp/terraform-provider-azurerm#18741, upstream/microsoft),
        // the next plan would replace the address every allow-list holds. It is never set here.
        lifecycle: { preventDestroy: props.deletionProtection ?? true, ignoreChanges: ['zones'] },
      });
      this.ipAssociations.push(new NatGatewayPublicIpAssociation(this, `Ip${i}Association`, { natGatewayId: this.natGateway.id, publicIpAddressId: ip.id }));
      this.publicIps.push(ip);
    }
    this.subnetAssociations = props.subnetIds.map((subnetId, i) => new SubnetNatGatewayAssociation(this, `Subnet${i}Association`, { subnetId, natGatewayId: this.natGateway.id }));
    this.dependables = [...this.ipAssociations, ...this.subnetAssociations];
    this.egress = { addresses: this.publicIps.map((ip) => ip.ipAddress) };
  }
}
