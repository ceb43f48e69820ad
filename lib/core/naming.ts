/**
 * Names shared by the cloud foundations and the Kubernetes layer, so that a workload
 * identity created in the cloud (IRSA role trust, GCP IAM binding, Azure federated
 * credential) names exactly the service accounts the chart will run as.
 */

/** Default namespace and Helm release name of LangSmith. */
export const DEFAULT_NAMESPACE = 'langsmith';
export const DEFAULT_RELEASE_NAME = 'langsmith';

/**
 * The chart workloads that receive the blob storage settings, i.e. every Deployment of the
 * langsmith chart (0.16.11) whose env includes `langsmith.commonEnv` (templates/_helpers.tpl:
 * `BLOB_STORAGE_ENGINE`, `S3_BUCKET_NAME`, `AZURE_STORAGE_*` ...) and that this library turns on:
 * backend (also its migration/bootstrap Jobs, same service account), platform-backend, queue,
 * ingest-queue; the Insights/Engine agent and Polly (`insights.enabled` and `polly.enabled`
 * default to true: agent-features/{insights,polly}/{api-server,queue}/deployment.yaml); and,
 * with LangSmith Deployments, host-backend and listener. Fleet, the agent gateway and Presidio
 * also read it but stay off (their chart defaults).
 *
 * Order matters to Azure (federated credentials are numbered in this order): append only.
 */
export const BLOB_STORAGE_COMPONENTS = [
  'backend', 'platformBackend', 'queue', 'ingestQueue',
  'insightsApiServer', 'insightsQueue', 'pollyApiServer', 'pollyQueue',
  'hostBackend', 'listener',
] as const;
export type BlobStorageComponent = typeof BLOB_STORAGE_COMPONENTS[number];

/** Where each component lives in the chart values (`<path>.serviceAccount`, `<path>.deployment.labels`). */
export const BLOB_STORAGE_VALUE_PATHS: Readonly<Record<BlobStorageComponent, string>> = {
  backend: 'backend',
  platformBackend: 'platformBackend',
  queue: 'queue',
  ingestQueue: 'ingestQueue',
  insightsApiServer: 'engineInsightsAgent.apiServer',
  insightsQueue: 'engineInsightsAgent.queue',
  pollyApiServer: 'polly.apiServer',
  pollyQueue: 'polly.queue',
  hostBackend: 'hostBackend',
  listener: 'listener',
};

const KEBAB: Record<BlobStorageComponent, string> = {
  backend: 'backend',
  platformBackend: 'platform-backend',
  queue: 'queue',
  ingestQueue: 'ingest-queue',
  insightsApiServer: 'insights-api-server',
  insightsQueue: 'insights-queue',
  pollyApiServer: 'polly-api-server',
  pollyQueue: 'polly-queue',
  hostBackend: 'host-backend',
  listener: 'listener',
};

/**
 * The service account names the values builder gives the blob-storage components
 * (`<release>-<component>`), set explicitly in the chart values.
 */
export function blobServiceAccountNames(releaseName: string = DEFAULT_RELEASE_NAME): Record<BlobStorageComponent, string> {
  const out = {} as Record<BlobStorageComponent, string>;
  for (const c of BLOB_STORAGE_COMPONENTS) out[c] = `${releaseName}-${KEBAB[c]}`;
  return out;
}

/** `system:serviceaccount:<ns>:<name>` subjects for those service accounts (OIDC federation). */
export function blobServiceAccountSubjects(namespace: string = DEFAULT_NAMESPACE, releaseName: string = DEFAULT_RELEASE_NAME): string[] {
  return Object.values(blobServiceAccountNames(releaseName)).map((n) => `system:serviceaccount:${namespace}:${n}`);
}
