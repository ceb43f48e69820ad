import { z } from 'zod';
import { ALB_SCHEMES, CACHE_ENGINES, EKS_LOG_TYPES, EKS_SUPPORT_TYPES, FLOW_LOG_TRAFFIC_TYPES } from '../../lib/aws/constants';
import { parseCidr } from '../../lib/core/validation';
import { nodeInstanceTypesProblem } from '../../lib/aws/sizing';

const cidr = z.string().refine((v) => parseCidr(v) !== undefined, 'an IPv4 CIDR such as 203.0.113.0/24');

/**
 * The `aws:` block of a deployment: settings only cloud: aws has. Every field optional with a
 * documented default; unknown fields are rejected like everywhere else in the file.
 */
export const awsConfigSchema = z.strictObject({
  /**
   * Scheme of the Application Load Balancer that serves the LangSmith Ingress (hostname):
   * `internal` (reachable from the VPC and networks routed to it: VPN, Direct Connect, peering)
   * or `internet-facing` (then `albInboundCidrs` is required).
   * @default internal
   */
  albScheme: z.enum(ALB_SCHEMES).default('internal'),
  /** Client CIDRs allowed to reach the ALB; required with internet-facing (0.0.0.0/0 only if written). @default - none */
  albInboundCidrs: z.array(cidr).optional(),
  /** ACM certificate ARN for the hostname: the ALB gets an HTTPS listener (TLS 1.2+) and redirects HTTP. @default - HTTP only */
  certificateArn: z.string().regex(/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, 'an ACM certificate ARN such as arn:aws:acm:us-west-2:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef').optional(),
  /** CIDRs (VPN, CI runners, peered VPCs) allowed to reach the private API endpoint on 443. @default [] */
  privateApiAccessCidrs: z.array(cidr).default([]),
  /** IAM role/user ARNs given cluster-admin through EKS access entries (e.g. the CI role), besides the identity that creates the cluster. @default [] */
  clusterAdminArns: z.array(z.string().regex(/^arn:aws:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, 'an IAM role or user ARN')).default([]),
  /** Node instance types, all x86_64 or all Graviton (the AMI follows the architecture). @default - from the size: m5.xlarge (dev), m5.2xlarge (small), m5.4xlarge (medium, large) */
  nodeInstanceTypes: z.array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'an EC2 instance type such as m5.2xlarge')).min(1).optional(),
  /** Customer-managed KMS key ARN for RDS, ElastiCache and the S3 bucket (SSE-KMS). @default - AWS-managed keys, SSE-S3 */
  kmsKeyArn: z.string().regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/, 'a KMS key ARN such as arn:aws:kms:us-west-2:123456789012:key/...').optional(),
  /** RDS for PostgreSQL version, >= 14. @default 16 */
  postgresVersion: z.string().regex(/^(1[4-9]|[2-9]\d)(\.\d+)?$/, 'a PostgreSQL version >= 14 such as 16').default('16'),
  /** RDS backup and ElastiCache snapshot retention in days. @default 7 */
  backupRetentionDays: z.number().int().min(7).max(35).default(7),
  /** Availability zones of the created VPC (2 or 3). @default - the first 2 (3 for medium/large) available zones */
  availabilityZones: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'an availability zone such as us-west-2a')).min(2).max(3).optional(),
  /** VPC flow logs to CloudWatch Logs. @default true */
  flowLogs: z.boolean().default(true),
  /** Which flows the VPC flow logs record: REJECT (refused connections), ALL or ACCEPT. @default REJECT */
  flowLogTrafficType: z.enum(FLOW_LOG_TRAFFIC_TYPES).default('REJECT'),
  /** EKS control-plane log types; audit and authenticator are required. @default [audit, authenticator] */
  controlPlaneLogTypes: z.array(z.enum(EKS_LOG_TYPES)).default(['audit', 'authenticator']),
  /** EKS support at the end of standard support: STANDARD (auto-upgrade) or EXTENDED (6x control-plane price). @default STANDARD */
  supportType: z.enum(EKS_SUPPORT_TYPES).default('STANDARD'),
  /** ElastiCache engine: valkey (LangSmith supports Valkey 8; about 20% cheaper) or redis (Redis OSS 7.1). @default valkey */
  cacheEngine: z.enum(CACHE_ENGINES).default('valkey'),
}).superRefine((v, ctx) => {
  const archProblem = v.nodeInstanceTypes && nodeInstanceTypesProblem(v.nodeInstanceTypes);
  if (archProblem) ctx.addIssue({ code: 'custom', path: ['nodeInstanceTypes'], message: `instance types of one architecture; this list ${archProblem}` });
  for (const t of ['audit', 'authenticator'] as const) {
    if (!v.controlPlaneLogTypes.includes(t)) ctx.addIssue({ code: 'custom', path: ['controlPlaneLogTypes'], message: `a list that includes audit and authenticator (the security record); ${t} is missing` });
  }
  if (v.albScheme === 'internet-facing' && !v.albInboundCidrs?.length) {
    ctx.addIssue({ code: 'custom', path: ['albInboundCidrs'], message: 'client CIDRs, required with albScheme internet-facing (write 0.0.0.0/0 explicitly to open the ALB to everyone)' });
  }
});

export type AwsConfig = z.infer<typeof awsConfigSchema>;
