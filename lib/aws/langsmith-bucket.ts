import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { BlobStorage } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { checkInteger, checkPattern } from '../core/validation';
import { checkRegion } from './common';
import { IrsaRole } from './irsa-role';

/**
 * The LangSmith chart's TTL prefixes and their default lifetimes (`config.ttl` in
 * values.yaml of langsmith 0.16.11: short-lived 1209600 s = 14 days, long-lived
 * 34560000 s = 400 days). Objects under these prefixes expire with their traces.
 */
export const TTL_PREFIXES = { short: 'ttl_s/', long: 'ttl_l/' } as const;

/** The longest `bucket_prefix` the AWS provider accepts: 63 characters minus its 26-character unique suffix. */
export const MAX_BUCKET_PREFIX = 37;

/** The `bucket_prefix` made of a name prefix: a `-` is added before the unique suffix. */
export function bucketPrefix(namePrefix: string): string {
  return namePrefix.endsWith('-') ? namePrefix : `${namePrefix}-`;
}

/** Properties of {@link LangSmithBucket}. */
export interface LangSmithBucketProps {
  /**
   * Bucket name prefix; Terraform appends a 26-character unique suffix (bucket names are
   * global) and the provider refuses a `bucket_prefix` over 37 characters. A `-` is added
   * when the prefix does not end with one, so: 2-36 characters without a trailing `-`, 3-37 with it.
   */
  readonly namePrefix: string;
  /** SSE-KMS with this key (CKV_AWS_145) instead of SSE-S3 (AES256). @default - SSE-S3 */
  readonly kmsKeyArn?: string;
  /** Days until objects under `ttl_s/` expire. @default 14 */
  readonly shortTtlDays?: number;
  /** Days until objects under `ttl_l/` expire. @default 400 */
  readonly longTtlDays?: number;
  /** Days an expired or replaced version under `ttl_s/` is kept (versioning is on). @default 1 */
  readonly shortTtlNoncurrentDays?: number;
  /** Days a replaced or deleted object version is kept elsewhere (versioning is on). @default 30 */
  readonly noncurrentVersionDays?: number;
  /** Terraform prevent_destroy; without it the bucket is emptied on destroy (`force_destroy`). @default true */
  readonly deletionProtection?: boolean;
}

/** Properties of {@link LangSmithBucket.addWorkloadIdentityRole}. */
export interface BucketWorkloadIdentityProps {
  /** IAM role name. */
  readonly roleName: string;
  /** ARN of the cluster's IAM OIDC provider (trusted by the role). */
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/...`). */
  readonly oidcIssuerUrl: string;
  /** The service account subjects of the LangSmith components that use the bucket (`blobServiceAccountSubjects()`). */
  readonly serviceAccountSubjects: string[];
}

/**
 * The S3 bucket for LangSmith trace payloads: all four public access blocks (CKV_AWS_53-56,
 * CKV2_AWS_6), bucket-owner-enforced ownership (no ACLs), default encryption SSE-S3 or SSE-KMS
 * with a bucket key (CKV_AWS_19), versioning (CKV_AWS_21) with noncurrent versions expiring,
 * a bucket policy denying any request without TLS (AwsSolutions-S10), and lifecycle rules that
 * expire the chart's `ttl_s/` and `ttl_l/` prefixes. Access is granted only through
 * {@link LangSmithBucket.addWorkloadIdentityRole}: an IRSA role trusted by exactly the LangSmith
 * service accounts, allowed only on this bucket.
 */
export class LangSmithBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly kmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: LangSmithBucketProps) {
    super(scope, id);
    checkPattern(this, 'namePrefix', props.namePrefix, /^[a-z0-9][a-z0-9-]{1,36}$/, 'lowercase letters, digits and -, 2-37 characters');
    if (!Token.isUnresolved(props.namePrefix) && bucketPrefix(props.namePrefix).length > MAX_BUCKET_PREFIX) {
      throw ConfigurationError.forConstruct(this, 'namePrefix', props.namePrefix,
        `allowed: at most ${MAX_BUCKET_PREFIX} characters including the '-' added before the unique suffix (hashicorp/aws bucket_prefix: 63 - 26); this one makes '${bucketPrefix(props.namePrefix)}'`);
    }
    checkPattern(this, 'kmsKeyArn', props.kmsKeyArn, /^arn:aws:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, 'a KMS key ARN such as arn:aws:kms:us-west-2:123456789012:key/...');
    checkInteger(this, 'shortTtlDays', props.shortTtlDays, 1, 3650);
    checkInteger(this, 'longTtlDays', props.longTtlDays, 1, 36500);
    checkInteger(this, 'noncurrentVersionDays', props.noncurrentVersionDays, 1, 3650);
    checkInteger(this, 'shortTtlNoncurrentDays', props.shortTtlNoncurrentDays, 1, 3650);
    const deletionProtection = props.deletionProtection ?? true;
    this.kmsKeyArn = props.kmsKeyArn;

    this.bucket = new S3Bucket(this, 'Bucket', {
      bucketPrefix: bucketPrefix(props.namePrefix),
      forceDestroy: !deletionProtection,
      lifecycle: { preventDestroy: deletionProtection },
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    const bucket = this.bucket.id;

    const block = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'Ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket,
      rule: [{
        applyServerSideEncryptionByDefault: props.kmsKeyArn ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn } : { sseAlgorithm: 'AES256' },
        bucketKeyEnabled: props.kmsKeyArn ? true : undefined,
      }],
    });
    const versioning = new S3BucketVersioningA(this, 'Versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket,
      rule: [
        // Expired short-lived payloads become noncurrent versions (versioning is on): they go a
        // day later instead of after noncurrentVersionDays (S3 honours the shorter of two
        // overlapping expirations).
        {
          id: 'ttl-short',
          status: 'Enabled',
          filter: [{ prefix: TTL_PREFIXES.short }],
          expiration: [{ days: props.shortTtlDays ?? 14 }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.shortTtlNoncurrentDays ?? 1 }],
        },
        { id: 'ttl-long', status: 'Enabled', filter: [{ prefix: TTL_PREFIXES.long }], expiration: [{ days: props.longTtlDays ?? 400 }] },
        {
          id: 'noncurrent-and-incomplete',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
      dependsOn: [versioning],
    });
    new S3BucketPolicy(this, 'Policy', {
      bucket,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }],
      }),
      dependsOn: [block],
    });
  }

  /**
   * An IRSA role for the LangSmith components that read and write trace payloads: trusted only
   * by `serviceAccountSubjects`, allowed to list this bucket and get/put/delete its objects
   * (and to use its KMS key), nothing else.
   */
  public addWorkloadIdentityRole(id: string, props: BucketWorkloadIdentityProps): IrsaRole {
    if (props.serviceAccountSubjects.length === 0) throw ConfigurationError.forConstruct(this, 'serviceAccountSubjects', [], 'allowed: at least one service account subject');
    const statements: Record<string, unknown>[] = [
      { Sid: 'ListBucket', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: this.bucketArn },
      { Sid: 'ReadWriteObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: `${this.bucketArn}/*` },
    ];
    if (this.kmsKeyArn) statements.push({ Sid: 'UseBucketKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: this.kmsKeyArn });
    return new IrsaRole(this, id, {
      roleName: props.roleName,
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerUrl: props.oidcIssuerUrl,
      serviceAccountSubjects: props.serviceAccountSubjects,
      policyJson: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      description: 'LangSmith blob storage (IRSA)',
    });
  }

  /** The blob-storage contract for the chart: bucket, regional API URL, the role annotation. */
  public blobStorage(region: string, role?: IrsaRole): BlobStorage {
    checkRegion(this, 'region', region);
    return {
      engine: 'S3',
      bucketName: this.bucketName,
      apiUrl: `https://s3.${region}.amazonaws.com`,
      kmsKeyArn: this.kmsKeyArn,
      serviceAccountAnnotations: role ? { 'eks.amazonaws.com/role-arn': role.roleArn } : {},
    };
  }
}
