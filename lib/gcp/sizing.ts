import { SizePreset } from '../core/sizing';

/**
 * Maps the cloud-neutral sizing presets (lib/core/sizing.ts) to Google Cloud machine types
 * and service tiers.
 *
 * Sources (LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale, "Summary: preset → per-cloud
 * infra"): the official LangSmith GCP Terraform modules use e2-standard-4 nodes for the
 * minimum/dev profiles and e2-standard-8 for production, `db-custom-2-8192` Cloud SQL
 * (quickstart production `db-custom-4-16384`) and Memorystore 1-5 GB; the LangSmith scale
 * guide asks for 2 vCPU / 8 GB Postgres and 8 / 13 / 26 GiB Redis for the Low / Medium / High
 * patterns. The presets already carry those numbers; this file only names the GCP shapes.
 */

/** The node machine type for a preset: E2 shapes by vCPU and memory per vCPU. */
export function nodeMachineType(nodes: SizePreset['nodes']): string {
  const ratio = nodes.memoryGiB / nodes.vcpu;
  const e2Sizes = [2, 4, 8, 16, 32];
  if (e2Sizes.includes(nodes.vcpu)) {
    if (ratio === 4) return `e2-standard-${nodes.vcpu}`;
    if (ratio === 8) return `e2-highmem-${nodes.vcpu}`;
    if (ratio === 1) return `e2-highcpu-${nodes.vcpu}`;
  }
  // Anything else: an N2 custom shape (memory in MiB, a multiple of 256).
  return `n2-custom-${nodes.vcpu}-${Math.ceil((nodes.memoryGiB * 1024) / 256) * 256}`;
}

/**
 * The Cloud SQL tier for a preset: a `db-custom-<vCPU>-<MiB>` shape (Enterprise edition),
 * e.g. small = `db-custom-2-8192` as in the official modules.
 */
export function cloudSqlTier(database: SizePreset['database']): string {
  return `db-custom-${database.vcpu}-${Math.ceil((database.memoryGiB * 1024) / 256) * 256}`;
}

/** The Memorystore tier and capacity for a preset: STANDARD_HA (a replica in another zone) outside dev. */
export function memorystoreShape(cache: SizePreset['cache']): { tier: 'BASIC' | 'STANDARD_HA'; memorySizeGb: number } {
  return { tier: cache.highAvailability ? 'STANDARD_HA' : 'BASIC', memorySizeGb: Math.max(1, Math.ceil(cache.memoryGiB)) };
}
