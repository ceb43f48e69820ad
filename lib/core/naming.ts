/**
 * Names shared by the cloud foundations and the Kubernetes layer, so that a workload
 * identity created in the cloud (IRSA role trust, GCP IAM binding, Azure federated
 * credential) names exactly the service accounts the chart will run as.
 */

/** Default namespace and Helm release name of LangSmith. */
export const DEFAULT_NAMESPACE = 'langsmith';
export const DEFAULT_RELEASE_NAME = 'langsmith';

/** The chart components that read and write blob storage. */
export const BLOB_STORAGE_COMPONENTS = ['backend', 'platformBackend', 'queue', 'ingestQueue'] as const;
export type BlobStorageComponent = typeof BLOB_STORAGE_COMPONENTS[number];

const KEBAB: Record<BlobStorageComponent, string> = {
  backend: 'backend',
  platformBackend: 'platform-backend',
  queue: 'queue',
  ingestQueue: 'ingest-queue',
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
