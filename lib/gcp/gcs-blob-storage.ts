import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { BlobStorage } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { blobServiceAccountNames, DEFAULT_NAMESPACE, DEFAULT_RELEASE_NAME } from '../core/naming';
import { checkInteger, checkPattern } from '../core/validation';
import { checkAccountId, checkName, checkProject } from './common';

/** The GCS API URL the LangSmith chart needs for engine GCS (langsmith values.yaml, `config.blobStorage.apiURL`). */
export const GCS_API_URL = 'https://storage.googleapis.com';

/** Properties of {@link GcsBlobStorage}. */
export interface GcsBlobStorageProps {
  /** GCP project id. */
  readonly project: string;
  /** Name prefix: service account `<name>-blob`. */
  readonly name: string;
  /** Bucket location (the region of the cluster). */
  readonly location: string;
  /** Bucket name (globally unique). @default `<project>-<name>-traces` */
  readonly bucketName?: string;
  /** An existing bucket to use instead of creating one; only the service account and its grants are created. @default - a new bucket */
  readonly existingBucketName?: string;
  /** Namespace the LangSmith release runs in. @default 'langsmith' */
  readonly namespace?: string;
  /** LangSmith Helm release name (the service account names derive from it). @default 'langsmith' */
  readonly releaseName?: string;
  /** Workload Identity pool. @default `<project>.svc.id.goog` */
  readonly workloadPool?: string;
  /** Days before objects under `ttl_s/` are deleted (the chart's short-lived TTL is 14 days). @default 14 */
  readonly shortTtlDays?: number;
  /** Days before objects under `ttl_l/` are deleted (the chart's long-lived TTL is 400 days). @default 400 */
  readonly longTtlDays?: number;
  /**
   * Object versioning. Off by default: trace payloads are written once under a new key and deleted
   * by the TTL rules, so versions would only keep every deleted payload longer (and billed).
   * @default false
   */
  readonly versioning?: boolean;
  /** Days a deleted or overwritten object version is kept (with `versioning`). @default 7 */
  readonly noncurrentVersionDays?: number;
  /**
   * Soft-delete retention in days: 0 turns soft delete off, else 7 to 90. Set here on purpose:
   * without a `soft_delete_policy` GCS keeps every deleted object 7 days (billed), which for trace
   * payloads expiring through the TTL rules is a standing cost with nothing to recover.
   * @default 0
   */
  readonly softDeleteRetentionDays?: number;
  /** Customer-managed key (the Cloud Storage service agent needs access to it). @default - Google-managed encryption */
  readonly kmsKeyName?: string;
  /** Refuse to delete a non-empty bucket (`force_destroy = false`) and Terraform `prevent_destroy`. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly labels?: Record<string, string>;
  /**
   * Resources to wait for (API enablement). The Workload Identity bindings need the project's
   * identity pool, which exists once a GKE cluster with Workload Identity does: pass the cluster's
   * `workloadPool` attribute (a reference) or add the cluster here.
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A GCS bucket for LangSmith trace payloads, reached through GKE Workload Identity:
 * - uniform bucket-level access (CKV_GCP_29, AVD-GCP-0002), public access prevention enforced
 *   (CKV_GCP_114), lifecycle deletion for the chart's `ttl_s/` (14 d) and `ttl_l/` (400 d)
 *   prefixes (langsmith values.yaml `config.ttl.ttl_period_seconds`); no versioning and soft delete
 *   off by default (`softDeleteRetentionDays`), so a payload the TTL deletes stops being billed;
 * - a Google service account with `roles/storage.objectAdmin` on this bucket only, impersonable
 *   (`roles/iam.workloadIdentityUser`) by exactly the LangSmith Kubernetes service accounts that
 *   touch blobs (`serviceAccount:<project>.svc.id.goog[<ns>/<name>]`, lib/core/naming.ts); no
 *   HMAC keys: the chart uses Application Default Credentials when `accessKey` is empty.
 * Access logs: GCS usage logs (CKV_GCP_62) need a second bucket; use Cloud Audit Logs (Data
 * Access for Cloud Storage) instead.
 */
export class GcsBlobStorage extends Construct {
  public readonly bucket?: StorageBucket;
  public readonly serviceAccount: ServiceAccount;
  public readonly bucketName: string;
  /** What the LangSmith chart needs: engine GCS, bucket, API URL, the Workload Identity annotation. */
  public readonly blobStorage: BlobStorage;

  constructor(scope: Construct, id: string, props: GcsBlobStorageProps) {
    super(scope, id);
    checkProject(this, 'project', props.project);
    checkName(this, 'name', props.name);
    checkAccountId(this, 'name', props.name, `${props.name}-blob`);
    const bucketPattern = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;
    const bucketAllowed = '3-63 lowercase letters, digits, - and _, starting and ending with a letter or digit';
    checkPattern(this, 'bucketName', props.bucketName, bucketPattern, bucketAllowed);
    checkPattern(this, 'existingBucketName', props.existingBucketName, bucketPattern, bucketAllowed);
    checkPattern(this, 'namespace', props.namespace, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a DNS-1123 label');
    checkInteger(this, 'shortTtlDays', props.shortTtlDays, 1, 3650);
    checkInteger(this, 'longTtlDays', props.longTtlDays, 1, 3650);
    checkInteger(this, 'noncurrentVersionDays', props.noncurrentVersionDays, 1, 3650);
    const softDeleteDays = props.softDeleteRetentionDays ?? 0;
    if (!Token.isUnresolved(softDeleteDays) && softDeleteDays !== 0) checkInteger(this, 'softDeleteRetentionDays', softDeleteDays, 7, 90);
    const versioning = props.versioning ?? false;
    if (props.bucketName && props.existingBucketName) {
      throw ConfigurationError.forConstruct(this, 'bucketName', props.bucketName, 'allowed: either bucketName (a new bucket) or existingBucketName, not both');
    }
    const defaultName = `${props.project}-${props.name}-traces`;
    if (!props.bucketName && !props.existingBucketName && !Token.isUnresolved(defaultName) && defaultName.length > 63) {
      throw ConfigurationError.forConstruct(this, 'bucketName', defaultName, 'the default name is longer than 63 characters; allowed: set bucketName');
    }
    const deletionProtection = props.deletionProtection ?? true;

    if (props.existingBucketName) {
      this.bucketName = props.existingBucketName;
    } else {
      this.bucket = new StorageBucket(this, 'Bucket', {
        name: props.bucketName ?? defaultName,
        project: props.project,
        location: props.location,
        storageClass: 'STANDARD',
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        versioning: { enabled: versioning },
        softDeletePolicy: { retentionDurationSeconds: softDeleteDays * 86400 },
        encryption: props.kmsKeyName ? { defaultKmsKeyName: props.kmsKeyName } : undefined,
        lifecycleRule: [
          { condition: { age: props.shortTtlDays ?? 14, matchesPrefix: ['ttl_s/'] }, action: { type: 'Delete' } },
          { condition: { age: props.longTtlDays ?? 400, matchesPrefix: ['ttl_l/'] }, action: { type: 'Delete' } },
          ...(versioning ? [{ condition: { daysSinceNoncurrentTime: props.noncurrentVersionDays ?? 7, withState: 'ARCHIVED' }, action: { type: 'Delete' } }] : []),
        ],
        forceDestroy: !deletionProtection,
        labels: props.labels,
        lifecycle: { preventDestroy: deletionProtection },
        dependsOn: props.dependsOn,
      });
      this.bucketName = this.bucket.name;
    }

    this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', {
      accountId: `${props.name}-blob`,
      project: props.project,
      displayName: 'LangSmith blob storage (cdktf-langsmith)',
      dependsOn: props.dependsOn,
    });
    new StorageBucketIamMember(this, 'ObjectAdmin', {
      bucket: this.bucketName,
      role: 'roles/storage.objectAdmin',
      member: this.serviceAccount.member,
    });
    const pool = props.workloadPool ?? `${props.project}.svc.id.goog`;
    const namespace = props.namespace ?? DEFAULT_NAMESPACE;
    for (const [component, ksa] of Object.entries(blobServiceAccountNames(props.releaseName ?? DEFAULT_RELEASE_NAME))) {
      new ServiceAccountIamMember(this, `WorkloadIdentity-${component}`, {
        serviceAccountId: this.serviceAccount.name,
        role: 'roles/iam.workloadIdentityUser',
        member: `serviceAccount:${pool}[${namespace}/${ksa}]`,
      });
    }
    this.blobStorage = {
      engine: 'GCS',
      bucketName: this.bucketName,
      apiUrl: GCS_API_URL,
      serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': this.serviceAccount.email },
    };
  }
}
