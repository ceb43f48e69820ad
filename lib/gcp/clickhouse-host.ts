/*
 * ClickHouse Cloud host names on Google Cloud, without provider bindings (the deployments loader
 * uses them too).
 */

/**
 * The Private Service Connect host of a ClickHouse Cloud service on GCP
 * (ClickHouse Cloud's private networking docs, clickhouse.com/docs/manage/security, "GCP Private Service Connect"):
 * the public host `<id>.<region>.gcp.clickhouse.cloud` becomes `<id>.<region>.p.gcp.clickhouse.cloud`
 * (as AWS derives `vpce.aws`); a private host is kept. Its zone is `<region>.p.gcp.clickhouse.cloud.`.
 * Undefined for any other host (not a ClickHouse Cloud GCP service).
 */
export function clickHousePscHost(host: string): { host: string; region: string; zone: string } | undefined {
  const m = /^([a-z0-9-]+)\.([a-z]+-[a-z]+[0-9]+)\.(p\.)?gcp\.clickhouse\.cloud$/.exec(host);
  if (!m) return undefined;
  return { host: `${m[1]}.${m[2]}.p.gcp.clickhouse.cloud`, region: m[2], zone: `${m[2]}.p.gcp.clickhouse.cloud.` };
}

/** The region of a service attachment path `projects/<p>/regions/<r>/serviceAttachments/<n>`. */
export function serviceAttachmentRegion(endpointService: string): string | undefined {
  return /^projects\/[^/]+\/regions\/([^/]+)\/serviceAttachments\/[^/]+$/.exec(endpointService)?.[1];
}
