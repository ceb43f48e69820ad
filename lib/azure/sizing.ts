import { ClusterWorkload, clusterNodePool, SizePreset } from '../core/sizing';

/**
 * Maps the cloud-neutral sizing presets (lib/core/sizing.ts) to Azure VM sizes and service SKUs.
 *
 * Sources (LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale, "Summary: preset → per-cloud
 * infra"): the official LangSmith Azure Terraform modules use D4s_v3 (minimum), D8s_v3 (dev and
 * production, 3-10 nodes) and D16s_v3 nodes, Flexible Server `GP_Standard_D2ds_v4` with PostgreSQL
 * 16, and 1-3 GB Redis; LangSmith's scale guide asks for 2 vCPU / 8 GB Postgres and 8 / 13 / 26 GiB
 * Redis for the Low / Medium / High patterns. The presets carry those numbers; this file only
 * names the Azure shapes, using the current v5 generation of the same families.
 */

/** The AKS node VM size for a preset: Dsv5 (4 GiB per vCPU), Esv5 (8 GiB per vCPU) or Fsv2 (2 GiB per vCPU). */
export function aksVmSize(nodes: SizePreset['nodes']): string {
  const ratio = nodes.memoryGiB / nodes.vcpu;
  const sizes = [2, 4, 8, 16, 32, 48, 64];
  const vcpu = sizes.find((s) => s >= nodes.vcpu) ?? 64;
  if (ratio <= 2) return `Standard_F${vcpu}s_v2`;
  if (ratio <= 4) return `Standard_D${vcpu}s_v5`;
  return `Standard_E${vcpu}s_v5`;
}

/**
 * The PostgreSQL Flexible Server SKU for a preset: Burstable B2s for dev (no HA there), else
 * General Purpose Ddsv5 (4 GiB per vCPU) or Memory Optimized Edsv5 (8 GiB per vCPU).
 */
export function postgresSku(database: SizePreset['database']): string {
  if (!database.highAvailability && database.vcpu <= 2 && database.memoryGiB <= 4) return 'B_Standard_B2s';
  const vcpu = [2, 4, 8, 16, 32, 48, 64].find((s) => s >= database.vcpu) ?? 64;
  return database.memoryGiB / database.vcpu > 4 ? `MO_Standard_E${vcpu}ds_v5` : `GP_Standard_D${vcpu}ds_v5`;
}

/** Storage sizes Flexible Server accepts (MiB). */
export const POSTGRES_STORAGE_MB = [32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408];

/** The smallest allowed Flexible Server storage size holding `storageGiB`. */
export function postgresStorageMb(database: SizePreset['database']): number {
  const need = database.storageGiB * 1024;
  return POSTGRES_STORAGE_MB.find((s) => s >= need) ?? POSTGRES_STORAGE_MB[POSTGRES_STORAGE_MB.length - 1];
}

/** Azure Managed Redis Balanced SKUs and their memory (GB), smallest first. */
export const MANAGED_REDIS_BALANCED_GB: ReadonlyArray<readonly [string, number]> = [
  ['Balanced_B0', 0.5], ['Balanced_B1', 1], ['Balanced_B3', 3], ['Balanced_B5', 6], ['Balanced_B10', 12], ['Balanced_B20', 24],
];

/**
 * The Azure Managed Redis SKU for a preset: the smallest Balanced SKU holding the preset's memory
 * (dev 1 GiB -> Balanced_B1, small 8 GiB -> B10, medium 13 GiB -> B20), capped at Balanced_B20
 * (24 GB): non-clustered mode (`NoCluster`), which LangSmith's standalone Redis client needs
 * without the chart's `clusterSafeMode`, is offered up to 25 GB. The large preset asks for
 * 26 GiB (scale guide High/High); B20 is the closest non-clustered size.
 */
export function managedRedisSku(cache: SizePreset['cache']): string {
  const hit = MANAGED_REDIS_BALANCED_GB.find(([, gb]) => gb >= cache.memoryGiB);
  return (hit ?? MANAGED_REDIS_BALANCED_GB[MANAGED_REDIS_BALANCED_GB.length - 1])[0];
}

/** What runs on the AKS nodes (the cloud-neutral {@link ClusterWorkload}). */
export type AksWorkload = ClusterWorkload;

/**
 * The node shape and counts for a preset and what runs on it: the cloud-neutral rule
 * ({@link clusterNodePool}, lib/core/sizing.ts) with AKS's cluster autoscaler (the minimum holds
 * the baseline, the maximum the peak).
 */
export function aksNodePool(preset: SizePreset, workload: AksWorkload = {}): SizePreset['nodes'] {
  return clusterNodePool(preset, workload, { autoscaler: true });
}
