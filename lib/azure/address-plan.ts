import { parseCidr } from '../core/validation';

/**
 * How a created VNet's address space is split (IPv4 only). For a base range of prefix /p (/8 to /20):
 *
 * | subnet | size | in 10.0.0.0/16 |
 * |---|---|---|
 * | AKS nodes (Azure CNI Overlay: node IPs only) | /p+1 (half) | 10.0.0.0/17 |
 * | private endpoints (Redis, Blob, ClickHouse) | /24 | 10.0.128.0/24 |
 * | PostgreSQL Flexible Server (delegated) | /24 | 10.0.129.0/24 |
 *
 * The rest (10.0.130.0 - 10.0.255.255 in a /16) is left free (an Application Gateway, a bastion).
 * Pods and services do not use VNet addresses with Azure CNI Overlay: they get the ranges below,
 * which must not overlap the VNet or networks it is peered with.
 */
export interface AzureAddressPlan {
  readonly nodes: string;
  readonly privateEndpoints: string;
  readonly postgres: string;
}

/** Pod range of Azure CNI Overlay (AKS's own default). */
export const DEFAULT_POD_CIDR = '10.244.0.0/16';
/** Kubernetes service range: AKS's default 10.0.0.0/16 would overlap the default VNet, so 172.16.0.0/16. */
export const DEFAULT_SERVICE_CIDR = '172.16.0.0/16';

function ipToString(ip: number): string {
  return [24, 16, 8, 0].map((s) => (ip >>> s) & 0xff).join('.');
}

/** The `index`-th sub-range of `newPrefix` inside a parsed base range. */
function subnet(base: { network: number; prefix: number }, newPrefix: number, index: number): string {
  const size = 2 ** (32 - newPrefix);
  return `${ipToString((base.network + index * size) >>> 0)}/${newPrefix}`;
}

/** Splits a base CIDR (prefix /8 to /20) into the subnets above; undefined when it is not a valid CIDR. */
export function planAzureAddresses(cidr: string): AzureAddressPlan | undefined {
  const base = parseCidr(cidr);
  if (!base || base.prefix > 20) return undefined;
  const p = base.prefix;
  const secondHalf = { network: (base.network + 2 ** (32 - (p + 1))) >>> 0, prefix: p + 1 };
  return {
    nodes: subnet(base, p + 1, 0),
    privateEndpoints: subnet(secondHalf, 24, 0),
    postgres: subnet(secondHalf, 24, 1),
  };
}

/** The DNS service IP of a service range: its 10th address (AKS's convention, e.g. 172.16.0.10). */
export function dnsServiceIp(serviceCidr: string): string | undefined {
  const p = parseCidr(serviceCidr);
  return p ? ipToString((p.network + 10) >>> 0) : undefined;
}
