import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { ConfigurationError } from '../core/errors';
import { checkNoOverlap, checkPrivateCidr, parseCidr } from '../core/validation';
import { planAzureAddresses } from './address-plan';
import { AzureTags, checkArmId, checkLocation, checkName, checkSubnetId, isSubnetOf, parseArmId, VNET_ID_EXAMPLE } from './common';

/** A VNet with the subnets LangSmith needs, created here or existing. */
export interface IAzureNetwork {
  /** VNet ARM id. */
  readonly vnetId: string;
  /** VNet name. */
  readonly vnetName: string;
  /** Resource group of the VNet. */
  readonly resourceGroupName: string;
  /** Subnet of the AKS nodes. */
  readonly nodesSubnetId: string;
  /** Subnet delegated to `Microsoft.DBforPostgreSQL/flexibleServers`. */
  readonly postgresSubnetId: string;
  /** Subnet for private endpoints (Redis, Blob, ClickHouse Cloud). */
  readonly privateEndpointSubnetId: string;
  /** VNet address space (for security rules). */
  readonly addressSpace: string[];
  /**
   * Name of the network security group on the private-endpoint subnet, to which constructs add
   * inbound rules (e.g. ClickHouse 8443/9440). @default - none: rules get their own group
   */
  readonly privateEndpointNsgName?: string;
  /** Resource group of that network security group. @default - resourceGroupName */
  readonly privateEndpointNsgResourceGroupName?: string;
}

/** Attributes of an existing VNet (bring your own network). */
export interface AzureNetworkAttributes {
  /** VNet ARM id: `/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>`. */
  readonly vnetId: string;
  /** Subnet for the AKS nodes (with a NAT gateway, a route table or neither, per the cluster's outbound type). */
  readonly nodesSubnetId: string;
  /** Subnet delegated to `Microsoft.DBforPostgreSQL/flexibleServers` (empty, at least /28). */
  readonly postgresSubnetId: string;
  /** Subnet for private endpoints. */
  readonly privateEndpointSubnetId: string;
  /** VNet address space, for security rules. @default ['VirtualNetwork'] (the service tag) */
  readonly addressSpace?: string[];
  /** An existing network security group on the private-endpoint subnet to add rules to. @default - none */
  readonly privateEndpointNsgName?: string;
  /** @default - the VNet's resource group */
  readonly privateEndpointNsgResourceGroupName?: string;
}

/** Properties of {@link AzureNetwork}. */
export interface AzureNetworkProps {
  /** Name prefix: VNet `<name>-vnet`, subnets `nodes`, `private-endpoints`, `postgres`. */
  readonly name: string;
  /** Azure region (location), e.g. westus3. */
  readonly location: string;
  /** Name of the resource group the resources are created in. */
  readonly resourceGroupName: string;
  /** Address space to split (see lib/azure/address-plan.ts). @default '10.0.0.0/16' */
  readonly cidr?: string;
  /** Node subnet. @default - from `cidr` */
  readonly nodesCidr?: string;
  /** Private-endpoint subnet. @default - from `cidr` */
  readonly privateEndpointsCidr?: string;
  /** PostgreSQL delegated subnet. @default - from `cidr` */
  readonly postgresCidr?: string;
  /** @default {} */
  readonly tags?: AzureTags;
}

/**
 * A VNet for LangSmith: a node subnet (AKS, Azure CNI Overlay), a subnet delegated to PostgreSQL
 * Flexible Server, and a private-endpoint subnet with its own network security group (private
 * endpoint network policies enabled, so the group's rules apply to the endpoints). Every subnet
 * has default outbound access off: egress goes through the NAT gateway ({@link AzureNatGateway})
 * or whatever the cluster's outbound type says. Use {@link AzureNetwork.fromNetworkAttributes}
 * for an existing VNet.
 */
export class AzureNetwork extends Construct implements IAzureNetwork {
  /**
   * An existing VNet and its three subnets (nodes, PostgreSQL-delegated, private endpoints),
   * checked here: ARM ids of the right type, subnets of that VNet, three different subnets.
   */
  public static fromNetworkAttributes(scope: Construct, id: string, attrs: AzureNetworkAttributes): IAzureNetwork {
    return new ImportedAzureNetwork(scope, id, attrs);
  }

  public readonly vnet: VirtualNetwork;
  public readonly nodesSubnet: Subnet;
  public readonly postgresSubnet: Subnet;
  public readonly privateEndpointSubnet: Subnet;
  public readonly privateEndpointNsg: NetworkSecurityGroup;
  public readonly vnetId: string;
  public readonly vnetName: string;
  public readonly resourceGroupName: string;
  public readonly nodesSubnetId: string;
  public readonly postgresSubnetId: string;
  public readonly privateEndpointSubnetId: string;
  public readonly addressSpace: string[];
  public readonly privateEndpointNsgName: string;
  public readonly privateEndpointNsgResourceGroupName: string;

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkLocation(this, 'location', props.location);
    const cidr = props.cidr ?? '10.0.0.0/16';
    checkPrivateCidr(this, 'cidr', cidr, 8, 20);
    const plan = planAzureAddresses(cidr);
    const nodes = props.nodesCidr ?? plan?.nodes;
    const pe = props.privateEndpointsCidr ?? plan?.privateEndpoints;
    const pg = props.postgresCidr ?? plan?.postgres;
    checkPrivateCidr(this, 'nodesCidr', nodes, 8, 26);
    checkPrivateCidr(this, 'privateEndpointsCidr', pe, 8, 28);
    checkPrivateCidr(this, 'postgresCidr', pg, 8, 28);
    checkNoOverlap(this, { nodesCidr: nodes, privateEndpointsCidr: pe, postgresCidr: pg });
    const extra = { ...(props.nodesCidr ? { nodesCidr: props.nodesCidr } : {}), ...(props.privateEndpointsCidr ? { privateEndpointsCidr: props.privateEndpointsCidr } : {}), ...(props.postgresCidr ? { postgresCidr: props.postgresCidr } : {}) };
    const space = [cidr, ...Object.values(extra).filter((c) => !Token.isUnresolved(c) && !contains(cidr, c))];

    const rg = props.resourceGroupName;
    this.vnet = new VirtualNetwork(this, 'Vnet', {
      name: `${props.name}-vnet`,
      location: props.location,
      resourceGroupName: rg,
      addressSpace: space,
      tags: props.tags,
    });
    const common = { resourceGroupName: rg, virtualNetworkName: this.vnet.name, defaultOutboundAccessEnabled: false };
    this.nodesSubnet = new Subnet(this, 'NodesSubnet', { ...common, name: 'nodes', addressPrefixes: [nodes!] });
    this.privateEndpointSubnet = new Subnet(this, 'PrivateEndpointSubnet', {
      ...common,
      name: 'private-endpoints',
      addressPrefixes: [pe!],
      // Network security groups and route tables apply to private endpoints in this subnet.
      privateEndpointNetworkPolicies: 'Enabled',
    });
    this.postgresSubnet = new Subnet(this, 'PostgresSubnet', {
      ...common,
      name: 'postgres',
      addressPrefixes: [pg!],
      delegation: [{
        name: 'postgres-flexible-server',
        serviceDelegation: { name: 'Microsoft.DBforPostgreSQL/flexibleServers', actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'] },
      }],
    });
    this.privateEndpointNsg = new NetworkSecurityGroup(this, 'PrivateEndpointNsg', {
      name: `${props.name}-private-endpoints-nsg`,
      location: props.location,
      resourceGroupName: rg,
      tags: props.tags,
    });
    new SubnetNetworkSecurityGroupAssociation(this, 'PrivateEndpointNsgAssociation', {
      subnetId: this.privateEndpointSubnet.id,
      networkSecurityGroupId: this.privateEndpointNsg.id,
    });

    this.vnetId = this.vnet.id;
    this.vnetName = this.vnet.name;
    this.resourceGroupName = rg;
    this.nodesSubnetId = this.nodesSubnet.id;
    this.postgresSubnetId = this.postgresSubnet.id;
    this.privateEndpointSubnetId = this.privateEndpointSubnet.id;
    this.addressSpace = space;
    this.privateEndpointNsgName = this.privateEndpointNsg.name;
    this.privateEndpointNsgResourceGroupName = rg;
  }
}

function contains(base: string, inner: string): boolean {
  const b = parseCidr(base);
  const i = parseCidr(inner);
  if (!b || !i || i.prefix < b.prefix) return false;
  const mask = b.prefix === 0 ? 0 : (0xffffffff << (32 - b.prefix)) >>> 0;
  return ((i.network & mask) >>> 0) === b.network;
}

/** An existing VNet ({@link AzureNetwork.fromNetworkAttributes}); creates nothing. */
class ImportedAzureNetwork extends Construct implements IAzureNetwork {
  public readonly vnetId: string;
  public readonly vnetName: string;
  public readonly resourceGroupName: string;
  public readonly nodesSubnetId: string;
  public readonly postgresSubnetId: string;
  public readonly privateEndpointSubnetId: string;
  public readonly addressSpace: string[];
  public readonly privateEndpointNsgName?: string;
  public readonly privateEndpointNsgResourceGroupName?: string;

  constructor(scope: Construct, id: string, attrs: AzureNetworkAttributes) {
    super(scope, id);
    checkArmId(this, 'vnetId', attrs.vnetId, 'Microsoft.Network/virtualNetworks', VNET_ID_EXAMPLE);
    const subnets = { nodesSubnetId: attrs.nodesSubnetId, postgresSubnetId: attrs.postgresSubnetId, privateEndpointSubnetId: attrs.privateEndpointSubnetId };
    for (const [field, sid] of Object.entries(subnets)) {
      checkSubnetId(this, field, sid);
      if (!Token.isUnresolved(sid) && !Token.isUnresolved(attrs.vnetId) && !isSubnetOf(sid, attrs.vnetId)) {
        throw ConfigurationError.forConstruct(this, field, sid, `allowed: a subnet of the VNet ${attrs.vnetId}`);
      }
    }
    const literal = Object.values(subnets).filter((s) => !Token.isUnresolved(s)).map((s) => s.toLowerCase());
    if (new Set(literal).size !== literal.length) {
      throw ConfigurationError.forConstruct(this, 'postgresSubnetId', attrs.postgresSubnetId, 'allowed: three different subnets (nodes, PostgreSQL-delegated, private endpoints); the delegated PostgreSQL subnet holds nothing else');
    }
    const vnet = parseArmId(attrs.vnetId);
    this.vnetId = attrs.vnetId;
    this.vnetName = vnet?.name ?? Fn.element(Fn.split('/', attrs.vnetId), 8);
    this.resourceGroupName = vnet?.resourceGroupName ?? Fn.element(Fn.split('/', attrs.vnetId), 4);
    this.nodesSubnetId = attrs.nodesSubnetId;
    this.postgresSubnetId = attrs.postgresSubnetId;
    this.privateEndpointSubnetId = attrs.privateEndpointSubnetId;
    this.addressSpace = attrs.addressSpace ?? ['VirtualNetwork'];
    this.privateEndpointNsgName = attrs.privateEndpointNsgName;
    this.privateEndpointNsgResourceGroupName = attrs.privateEndpointNsgResourceGroupName ?? (attrs.privateEndpointNsgName ? this.resourceGroupName : undefined);
  }
}
