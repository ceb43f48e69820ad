import { SizePreset } from '../core/sizing';

/**
 * Maps the cloud-neutral sizing presets (lib/core/sizing.ts) to EC2, RDS and ElastiCache
 * instance types.
 *
 * Source: LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale, "Summary: preset → per-cloud
 * infra": the official LangSmith AWS Terraform modules use m5.xlarge (minimum), m5.2xlarge
 * (dev) and m5.4xlarge (production) nodes, db.t3.small/db.t3.medium/db.r6g.xlarge RDS and
 * cache.t3.small/cache.t3.medium/cache.m6g.xlarge (13 GB) ElastiCache; the LangSmith scale
 * guide asks for 2 vCPU / 8 GB Postgres and 8 / 13 / 26 GiB Redis for the Low / Medium /
 * High patterns. The presets carry those numbers; this file only names the AWS shapes.
 */

const EC2_SIZES: Record<number, string> = { 2: 'large', 4: 'xlarge', 8: '2xlarge', 16: '4xlarge', 32: '8xlarge', 48: '12xlarge', 64: '16xlarge' };

/**
 * The node instance type: general purpose m5 (4 GiB per vCPU, as in the official modules),
 * r5 for 8 GiB per vCPU, c5 for 2 GiB per vCPU. dev = m5.xlarge, small = m5.2xlarge,
 * medium/large = m5.4xlarge.
 */
export function nodeInstanceType(nodes: SizePreset['nodes']): string {
  const size = EC2_SIZES[nodes.vcpu];
  const ratio = nodes.memoryGiB / nodes.vcpu;
  const family = ratio >= 8 ? 'r5' : ratio >= 4 ? 'm5' : 'c5';
  if (!size) throw new Error(`no EC2 ${family} size with ${nodes.vcpu} vCPUs`);
  return `${family}.${size}`;
}

/**
 * The RDS instance class: burstable db.t3.medium (2 vCPU / 4 GiB) for dev, otherwise Graviton
 * db.m6g (4 GiB per vCPU) or db.r6g (8 GiB per vCPU): small = db.m6g.large (2 / 8 GiB, the
 * scale guide's 2 CPU / 8 GB), medium = db.m6g.xlarge, large = db.m6g.2xlarge.
 */
export function rdsInstanceClass(db: SizePreset['database']): string {
  if (db.vcpu <= 2 && db.memoryGiB <= 4) return 'db.t3.medium';
  const size = EC2_SIZES[db.vcpu];
  if (!size) throw new Error(`no RDS class with ${db.vcpu} vCPUs`);
  return `db.${db.memoryGiB / db.vcpu >= 8 ? 'r6g' : 'm6g'}.${size}`;
}

/** ElastiCache node types with their usable memory in GiB (AWS "supported node types" table). */
export const CACHE_NODE_TYPES: readonly (readonly [string, number])[] = [
  ['cache.t3.small', 1.37],
  ['cache.t3.medium', 3.09],
  ['cache.m6g.large', 6.38],
  ['cache.m6g.xlarge', 12.93],
  ['cache.m6g.2xlarge', 26.04],
  ['cache.m6g.4xlarge', 52.26],
  ['cache.r6g.4xlarge', 105.81],
];

/**
 * The smallest ElastiCache node type that holds the preset's memory (1% tolerance: the scale
 * guide's "13Gi" is the official modules' cache.m6g.xlarge, 12.93 GiB usable): dev =
 * cache.t3.small, small = cache.m6g.xlarge, medium = cache.m6g.xlarge, large = cache.m6g.2xlarge,
 * a standalone agent server's 3 GiB = cache.m6g.large. A highly available (non-dev) cache is never
 * a burstable t3: a queue that outruns its CPU credits slows every run.
 */
export function cacheNodeType(cache: SizePreset['cache']): string {
  const types = cache.highAvailability ? CACHE_NODE_TYPES.filter(([t]) => !t.startsWith('cache.t')) : CACHE_NODE_TYPES;
  const fit = types.find(([, gib]) => gib >= cache.memoryGiB * 0.99);
  return (fit ?? CACHE_NODE_TYPES[CACHE_NODE_TYPES.length - 1])[0];
}

/** CPU architecture of an EC2 instance type. */
export type InstanceArchitecture = 'arm64' | 'x86_64';

/**
 * The architecture of an EC2 instance type: AWS Graviton families carry a `g` right after the
 * generation (m6g, m7gd, c7gn, r8g, t4g, x2gd, im4gn, hpc7g) and `a1` is the first Graviton;
 * every other family is x86_64 (m5, c6i, r7a, g5, p4d, ...).
 */
export function instanceArchitecture(instanceType: string): InstanceArchitecture {
  const family = instanceType.split('.')[0];
  return family === 'a1' || /^[a-z]+\d+g[a-z]*$/.test(family) ? 'arm64' : 'x86_64';
}

/** The EKS AMI type (Amazon Linux 2023) for an architecture. */
export function amiTypeFor(arch: InstanceArchitecture): string {
  return arch === 'arm64' ? 'AL2023_ARM_64_STANDARD' : 'AL2023_x86_64_STANDARD';
}

/**
 * Why a list of node instance types cannot share one managed node group, or undefined: a node
 * group has one AMI type, so Graviton (arm64) and x86_64 types cannot be mixed.
 */
export function nodeInstanceTypesProblem(types: readonly string[]): string | undefined {
  const archs = new Set(types.map(instanceArchitecture));
  if (archs.size > 1) {
    const arm = types.filter((t) => instanceArchitecture(t) === 'arm64');
    return `mixes Graviton (arm64: ${arm.join(', ')}) and x86_64 instance types; a node group has one AMI type, so list types of one architecture`;
  }
  return undefined;
}
