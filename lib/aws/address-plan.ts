import { parseCidr } from '../core/validation';

/**
 * How a VPC address space is split, computed in TypeScript so the synthesized JSON shows
 * literal CIDRs (readable in review, checked for overlaps at synth).
 *
 * For a /16 (the default 10.0.0.0/16): three private /18 subnets for nodes and pods (the VPC
 * CNI gives pods VPC addresses, so these are large), and from the last /18, three public /21
 * (NAT gateways and internet-facing load balancers only) and three data /21 (RDS,
 * ElastiCache, interface endpoints; no route to the internet). Smaller VPCs scale down
 * proportionally: a /20 gives private /22, public and data /25.
 */
export interface AwsAddressPlan {
  readonly private: string[];
  readonly public: string[];
  readonly data: string[];
}

function format(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** Terraform's `cidrsubnet(prefix, newbits, netnum)`, for IPv4 literals. */
export function cidrSubnet(cidr: string, newbits: number, netnum: number): string {
  const p = parseCidr(cidr);
  if (!p) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const prefix = p.prefix + newbits;
  if (prefix > 32 || netnum >= 2 ** newbits) throw new Error(`cannot take subnet ${netnum} of /${prefix} from ${cidr}`);
  const network = (p.network + netnum * 2 ** (32 - prefix)) >>> 0;
  return `${format(network)}/${prefix}`;
}

/** The subnets of `azCount` (1-3) availability zones in a VPC of `cidr` (a /16 to /20). */
export function planVpc(cidr: string, azCount: number): AwsAddressPlan {
  const rest = cidrSubnet(cidr, 2, 3);
  const zones = Array.from({ length: azCount }, (_, i) => i);
  return {
    private: zones.map((i) => cidrSubnet(cidr, 2, i)),
    public: zones.map((i) => cidrSubnet(rest, 3, i)),
    data: zones.map((i) => cidrSubnet(rest, 3, 4 + i)),
  };
}
