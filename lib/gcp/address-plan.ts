import { parseCidr } from '../core/validation';

/**
 * How a created VPC's address space is split (IPv4 only). For a base range of prefix /p:
 *
 * | range | size | in 10.0.0.0/16 |
 * |---|---|---|
 * | GKE pods (secondary range) | /p+1 (half) | 10.0.0.0/17 |
 * | nodes (subnet primary range) | /p+3 | 10.0.128.0/19 |
 * | private services access (Cloud SQL, Memorystore) | /p+3 | 10.0.160.0/19 |
 * | GKE services (secondary range) | /p+4 | 10.0.192.0/20 |
 * | proxy-only subnet (internal Application Load Balancer) | /p+6 | 10.0.208.0/22 |
 *
 * The rest (10.0.212.0 - 10.0.255.255 in a /16) is left free. Pods get half the space because
 * GKE reserves a /24 per node (110 pods).
 */
export interface AddressPlan {
  readonly nodes: string;
  readonly pods: string;
  readonly services: string;
  readonly servicesAccess: string;
  readonly proxyOnly: string;
}

function ipToString(ip: number): string {
  return [24, 16, 8, 0].map((s) => (ip >>> s) & 0xff).join('.');
}

/** The `index`-th sub-range of `newPrefix` inside a parsed base range. */
function subnet(base: { network: number; prefix: number }, newPrefix: number, index: number): string {
  const size = 2 ** (32 - newPrefix);
  return `${ipToString((base.network + index * size) >>> 0)}/${newPrefix}`;
}

/** Splits a base CIDR (prefix /8 to /20) into the ranges above; undefined when it is not a valid CIDR. */
export function planAddresses(cidr: string): AddressPlan | undefined {
  const base = parseCidr(cidr);
  if (!base || base.prefix > 20) return undefined;
  const p = base.prefix;
  return {
    pods: subnet(base, p + 1, 0),
    nodes: subnet(base, p + 3, 4),
    servicesAccess: subnet(base, p + 3, 5),
    services: subnet(base, p + 4, 12),
    proxyOnly: subnet(base, p + 6, 52),
  };
}
