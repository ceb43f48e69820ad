/**
 * AWS rules. Scanner ids: the checkov and trivy rule catalogues (checkov
 * CKV_AWS_*, trivy AVD-AWS-*, cdk-nag AwsSolutions-*), where a scanner checks the same thing.
 */
import { deletionFinding, PolicyContext, PolicyLevel, PolicyRule, PolicySubject, rule } from '../rule';
import { at, block, blocks, coversDataPort, DATA_PORTS, isComputed, isFalse, isSet, isTrue, isTrueOrComputed, isWholeInternet, strings } from '../values';

/**
 * The control-plane log types required: audit (who did what) and authenticator (who
 * authenticated as whom). CKV_AWS_37 asks for all five; api, controllerManager and scheduler
 * are debugging logs billed by CloudWatch ingestion every month, opt-in (aws.controlPlaneLogTypes).
 */
const EKS_REQUIRED_LOG_TYPES = ['audit', 'authenticator'];

/** The text of an IAM policy: the literal JSON, or the referenced aws_iam_policy_document's statements. */
function policyText(value: unknown, ctx: PolicyContext): string {
  if (typeof value !== 'string') return JSON.stringify(value ?? '');
  const m = /data\.aws_iam_policy_document\.([\w-]+)\.json/.exec(value);
  if (m) {
    const doc = ctx.byAddress(`data.aws_iam_policy_document.${m[1]}`);
    if (doc) return JSON.stringify(doc.config);
  }
  return value;
}

/** Whether a bucket policy text denies non-TLS access (`aws:SecureTransport` = false, effect Deny). */
export function deniesInsecureTransport(text: string): boolean {
  return /aws:SecureTransport/i.test(text) && /"?(effect"?\s*:\s*)?"Deny"/i.test(text) && /false/.test(text);
}

/** Attached to a bucket: the blocks of a type whose `bucket` refers to it. */
function attached(ctx: PolicyContext, type: string, bucket: PolicySubject): PolicySubject[] {
  return ctx.referencing(type, bucket).filter((s) => isComputed(s.config.bucket));
}

/** Subnet ids of a node group that are subnets of this stack with public IPs on launch. */
function publicSubnets(ids: string[], ctx: PolicyContext): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const m = /aws_subnet\.([\w-]+)\.id/.exec(id);
    const subnet = m ? ctx.byAddress(`aws_subnet.${m[1]}`) : undefined;
    if (subnet && isTrue(subnet.config.map_public_ip_on_launch)) out.push(subnet.address);
  }
  return out;
}

function allowsEverything(text: string): boolean {
  try {
    const doc = JSON.parse(text);
    const statements = blocks(doc.Statement ?? doc.statement);
    return statements.some((s) => String(s.Effect ?? s.effect ?? 'Allow') === 'Allow'
      && strings(s.Action ?? s.actions).some((a) => a === '*' || a === 'iam:*' || a === '*:*'));
  } catch {
    return /"(Action|actions)"\s*:\s*\[?\s*"\*"/.test(text);
  }
}

function ingressFindings(cidrs: string[], from: unknown, to: unknown, protocol: unknown): string | undefined {
  const open = cidrs.filter(isWholeInternet);
  if (open.length && coversDataPort(from, to, protocol)) return `ingress from ${open.join(', ')} to ports ${from}-${to ?? from} (protocol ${protocol})`;
  return undefined;
}

export const AWS_RULES: PolicyRule[] = [
  // --- EKS ---
  rule({
    id: 'LS-AWS-EKS-1', types: 'aws_eks_cluster', scanners: ['CKV_AWS_38', 'CKV_AWS_39', 'AVD-AWS-0040', 'AVD-AWS-0041', 'AwsSolutions-EKS1'],
    description: 'the cluster API endpoint is private, or public only to listed CIDRs (never 0.0.0.0/0)',
    check: (s) => {
      const vpc = block(s.config.vpc_config);
      if (isFalse(vpc?.endpoint_public_access)) return undefined;
      const cidrs = strings(vpc?.public_access_cidrs);
      if (!cidrs.length) return 'vpc_config.endpoint_public_access is on (the default) with no public_access_cidrs, so the API is open to 0.0.0.0/0';
      const open = cidrs.filter(isWholeInternet);
      return open.length ? `vpc_config.public_access_cidrs contains ${open.join(', ')}` : undefined;
    },
  }),
  rule({
    id: 'LS-AWS-EKS-2', types: 'aws_eks_cluster', scanners: [],
    description: 'the private API endpoint is on, so nodes and pods reach the API inside the VPC',
    check: (s) => (isTrueOrComputed(at(s.config, 'vpc_config.endpoint_private_access')) ? undefined : 'vpc_config.endpoint_private_access is not true'),
  }),
  rule({
    id: 'LS-AWS-EKS-3', types: 'aws_eks_cluster', scanners: ['CKV_AWS_58', 'AVD-AWS-0039'],
    description: 'Kubernetes secrets are envelope-encrypted with a KMS key (encryption_config resources ["secrets"] + provider.key_arn)',
    check: (s) => {
      const enc = block(s.config.encryption_config);
      if (!enc) return 'no encryption_config';
      if (!strings(enc.resources).includes('secrets') && !isComputed(enc.resources)) return `encryption_config.resources is ${JSON.stringify(enc.resources)}`;
      return isSet(at(enc, 'provider.key_arn')) ? undefined : 'encryption_config.provider.key_arn is not set';
    },
  }),
  rule({
    id: 'LS-AWS-EKS-4', types: 'aws_eks_cluster', scanners: ['CKV_AWS_37', 'AVD-AWS-0038', 'AwsSolutions-EKS2'],
    description: `control-plane security logs are on (${EKS_REQUIRED_LOG_TYPES.join(', ')}); the other three types are opt-in for cost`,
    check: (s) => {
      if (isComputed(s.config.enabled_cluster_log_types)) return undefined;
      const missing = EKS_REQUIRED_LOG_TYPES.filter((t) => !strings(s.config.enabled_cluster_log_types).includes(t));
      return missing.length ? `enabled_cluster_log_types lacks ${missing.join(', ')}` : undefined;
    },
  }),
  rule({
    id: 'LS-AWS-EKS-5', types: 'aws_eks_cluster', scanners: [],
    description: 'the cluster has deletion protection (deletion_protection = true) and lifecycle prevent_destroy',
    check: (s) => (isTrueOrComputed(s.config.deletion_protection) ? undefined : deletionFinding(s, 'deletion_protection is not true')),
  }),
  rule({
    id: 'LS-AWS-EKS-6', types: 'aws_eks_node_group', scanners: [],
    description: 'node groups run in private subnets (no subnet of this stack with map_public_ip_on_launch)',
    check: (s, ctx) => {
      const pub = publicSubnets(strings(s.config.subnet_ids), ctx);
      return pub.length ? `subnet_ids include public subnets ${pub.join(', ')}` : undefined;
    },
  }),
  rule({
    id: 'LS-AWS-EKS-7', types: 'aws_eks_node_group', scanners: [],
    description: 'no SSH remote access to nodes from anywhere (remote_access without source security groups)',
    check: (s) => {
      const ra = block(s.config.remote_access);
      if (!ra) return undefined;
      return isSet(ra.source_security_group_ids) ? undefined : 'remote_access allows SSH from 0.0.0.0/0 (no source_security_group_ids)';
    },
  }),
  rule({
    id: 'LS-AWS-EC2-1', types: ['aws_launch_template', 'aws_instance'], scanners: [],
    description: 'instance metadata requires IMDSv2 tokens (metadata_options.http_tokens = "required"), so pods cannot take the node role',
    check: (s) => {
      const v = at(s.config, 'metadata_options.http_tokens');
      return v === 'required' || isComputed(v) ? undefined : `metadata_options.http_tokens is ${v === undefined ? 'not set' : JSON.stringify(v)}`;
    },
  }),

  // --- RDS ---
  rule({
    id: 'LS-AWS-RDS-1', types: ['aws_db_instance', 'aws_rds_cluster'], scanners: ['CKV_AWS_16', 'CKV_AWS_96', 'AVD-AWS-0080', 'AwsSolutions-RDS2'],
    description: 'storage is encrypted at rest (storage_encrypted = true)',
    check: (s) => {
      if (s.type === 'aws_db_instance' && isSet(s.config.replicate_source_db)) return undefined;
      return isTrueOrComputed(s.config.storage_encrypted) ? undefined : 'storage_encrypted is not true';
    },
  }),
  rule({
    id: 'LS-AWS-RDS-2', types: ['aws_db_instance', 'aws_rds_cluster_instance'], scanners: ['CKV_AWS_17', 'AVD-AWS-0180'],
    description: 'the database has no public endpoint (publicly_accessible is not true)',
    check: (s) => (isTrue(s.config.publicly_accessible) ? 'publicly_accessible is true' : undefined),
  }),
  rule({
    id: 'LS-AWS-RDS-3', types: ['aws_db_instance', 'aws_rds_cluster'], scanners: ['CKV_AWS_293', 'CKV_AWS_139', 'AVD-AWS-0177', 'AVD-AWS-0343', 'AwsSolutions-RDS10'],
    description: 'deletion protection is on (deletion_protection = true)',
    check: (s) => (isTrueOrComputed(s.config.deletion_protection) ? undefined : deletionFinding(s, 'deletion_protection is not true')),
  }),
  rule({
    id: 'LS-AWS-RDS-4', types: ['aws_db_instance', 'aws_rds_cluster'], scanners: ['CKV_AWS_133', 'AVD-AWS-0077', 'AwsSolutions-RDS13'],
    description: 'automated backups are kept at least 7 days (backup_retention_period >= 7)',
    check: (s) => {
      if (s.type === 'aws_db_instance' && isSet(s.config.replicate_source_db)) return undefined;
      const v = s.config.backup_retention_period;
      if (isComputed(v)) return undefined;
      return typeof v === 'number' && v >= 7 ? undefined : `backup_retention_period is ${v === undefined ? 'not set (AWS default 1 day)' : v}`;
    },
  }),
  rule({
    id: 'LS-AWS-RDS-5', types: ['aws_db_instance', 'aws_rds_cluster'], scanners: ['CKV_AWS_161', 'CKV_AWS_162', 'AVD-AWS-0176', 'AwsSolutions-RDS6'],
    description: 'IAM database authentication is on (iam_database_authentication_enabled = true)',
    check: (s) => (isTrueOrComputed(s.config.iam_database_authentication_enabled) ? undefined : 'iam_database_authentication_enabled is not true'),
  }),
  rule({
    id: 'LS-AWS-RDS-6', types: 'aws_db_instance', level: PolicyLevel.WARNING, scanners: ['CKV_AWS_157', 'AwsSolutions-RDS3'],
    description: 'the instance is Multi-AZ (multi_az = true) outside development sizes',
    check: (s) => (isTrueOrComputed(s.config.multi_az) || isSet(s.config.replicate_source_db) ? undefined : 'multi_az is not true: one AZ failure takes the database down'),
  }),
  rule({
    id: 'LS-AWS-RDS-7', types: ['aws_db_instance', 'aws_rds_cluster'], scanners: [],
    description: 'PostgreSQL refuses connections without TLS: a parameter group of this stack sets rds.force_ssl = 1',
    check: (s, ctx) => {
      if (!/postgres/.test(String(s.config.engine ?? ''))) return undefined;
      const attr = s.type === 'aws_rds_cluster' ? 'db_cluster_parameter_group_name' : 'parameter_group_name';
      const groupType = s.type === 'aws_rds_cluster' ? 'aws_rds_cluster_parameter_group' : 'aws_db_parameter_group';
      const ref = s.config[attr];
      if (ref === undefined) return `${attr} is not set: use a parameter group with rds.force_ssl = 1`;
      const m = typeof ref === 'string' ? new RegExp(`${groupType}\\.([\\w-]+)\\.`).exec(ref) : null;
      if (!m) return undefined; // an existing group by name: outside what the policy sees
      const group = ctx.byAddress(`${groupType}.${m[1]}`);
      if (!group) return undefined;
      const p = blocks(group.config.parameter).find((x) => x.name === 'rds.force_ssl');
      return p && String(p.value) === '1' ? undefined : `${group.address} does not set rds.force_ssl = 1`;
    },
  }),
  rule({
    id: 'LS-AWS-RDS-8', types: ['aws_db_instance', 'aws_rds_cluster'], level: PolicyLevel.WARNING, scanners: ['CKV_AWS_129'],
    description: 'database logs are exported to CloudWatch (enabled_cloudwatch_logs_exports includes postgresql)',
    check: (s) => {
      if (isSet(s.config.replicate_source_db)) return undefined;
      const v = s.config.enabled_cloudwatch_logs_exports;
      return isComputed(v) || strings(v).includes('postgresql') ? undefined : 'enabled_cloudwatch_logs_exports does not include postgresql';
    },
  }),

  // --- ElastiCache ---
  rule({
    id: 'LS-AWS-REDIS-1', types: 'aws_elasticache_replication_group', scanners: ['CKV_AWS_29', 'AVD-AWS-0045', 'AwsSolutions-AEC3'],
    description: 'data is encrypted at rest (at_rest_encryption_enabled = true)',
    check: (s) => (isTrueOrComputed(s.config.at_rest_encryption_enabled) ? undefined : 'at_rest_encryption_enabled is not true'),
  }),
  rule({
    id: 'LS-AWS-REDIS-2', types: 'aws_elasticache_replication_group', scanners: ['CKV_AWS_30', 'AVD-AWS-0051'],
    description: 'clients must use TLS (transit_encryption_enabled = true, transit_encryption_mode not "preferred")',
    check: (s) => {
      if (!isTrueOrComputed(s.config.transit_encryption_enabled)) return 'transit_encryption_enabled is not true';
      return s.config.transit_encryption_mode === 'preferred' ? 'transit_encryption_mode is "preferred": plaintext clients are still accepted' : undefined;
    },
  }),
  rule({
    id: 'LS-AWS-REDIS-3', types: 'aws_elasticache_replication_group', scanners: ['CKV_AWS_31', 'AwsSolutions-AEC6'],
    description: 'clients authenticate (auth_token or user_group_ids)',
    check: (s) => (isSet(s.config.auth_token) || isSet(s.config.user_group_ids) ? undefined : 'neither auth_token nor user_group_ids is set'),
  }),
  rule({
    id: 'LS-AWS-REDIS-4', types: 'aws_elasticache_replication_group', level: PolicyLevel.WARNING, scanners: ['CKV2_AWS_50', 'AwsSolutions-AEC4'],
    description: 'automatic failover to a replica (automatic_failover_enabled = true) outside development sizes',
    check: (s) => (isTrueOrComputed(s.config.automatic_failover_enabled) ? undefined : 'automatic_failover_enabled is not true'),
  }),
  rule({
    id: 'LS-AWS-REDIS-5', types: 'aws_elasticache_cluster', scanners: [],
    description: 'Redis/Valkey runs as a replication group (which has TLS, AUTH and at-rest encryption), not a bare cache cluster',
    check: (s) => (isSet(s.config.replication_group_id) || s.config.engine === 'memcached' ? undefined : 'a standalone aws_elasticache_cluster has no TLS or AUTH; use aws_elasticache_replication_group'),
  }),

  // --- S3 ---
  rule({
    id: 'LS-AWS-S3-1', types: 'aws_s3_bucket', scanners: ['CKV2_AWS_6', 'AVD-AWS-0094', 'AwsSolutions-S2'],
    description: 'the bucket has an aws_s3_bucket_public_access_block in this stack that refers to it',
    check: (s, ctx) => (attached(ctx, 'aws_s3_bucket_public_access_block', s).length ? undefined : 'no aws_s3_bucket_public_access_block refers to this bucket'),
  }),
  rule({
    id: 'LS-AWS-S3-2', types: 'aws_s3_bucket_public_access_block', scanners: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
    description: 'all four public access blocks are on (block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets)',
    check: (s) => {
      const off = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].filter((k) => !isTrueOrComputed(s.config[k]));
      return off.length ? `${off.join(', ')} not true` : undefined;
    },
  }),
  rule({
    id: 'LS-AWS-S3-3', types: 'aws_s3_bucket', scanners: ['CKV_AWS_19', 'CKV_AWS_145', 'AVD-AWS-0088'],
    description: 'default encryption is configured (aws_s3_bucket_server_side_encryption_configuration with aws:kms or AES256)',
    check: (s, ctx) => {
      const sse = attached(ctx, 'aws_s3_bucket_server_side_encryption_configuration', s);
      if (!sse.length) return 'no aws_s3_bucket_server_side_encryption_configuration refers to this bucket';
      const algos = sse.flatMap((c) => blocks(c.config.rule)).map((r) => at(r, 'apply_server_side_encryption_by_default.sse_algorithm'));
      return algos.some((a) => a === 'aws:kms' || a === 'aws:kms:dsse' || a === 'AES256' || isComputed(a)) ? undefined : `sse_algorithm is ${JSON.stringify(algos)}`;
    },
  }),
  rule({
    id: 'LS-AWS-S3-4', types: 'aws_s3_bucket', scanners: ['AwsSolutions-S10'],
    description: 'a bucket policy denies every request without TLS (Deny when aws:SecureTransport is false)',
    check: (s, ctx) => {
      const policies = attached(ctx, 'aws_s3_bucket_policy', s);
      if (!policies.length) return 'no aws_s3_bucket_policy refers to this bucket';
      return policies.some((p) => deniesInsecureTransport(policyText(p.config.policy, ctx))) ? undefined : 'the bucket policy does not deny aws:SecureTransport = false';
    },
  }),
  rule({
    id: 'LS-AWS-S3-5', types: 'aws_s3_bucket', scanners: ['CKV_AWS_21', 'AVD-AWS-0090'],
    description: 'versioning is on (aws_s3_bucket_versioning status Enabled), so overwritten or deleted objects can be recovered',
    check: (s, ctx) => {
      const v = attached(ctx, 'aws_s3_bucket_versioning', s);
      const status = v.map((x) => at(x.config, 'versioning_configuration.status'));
      return status.some((st) => st === 'Enabled' || isComputed(st)) ? undefined : v.length ? `versioning status is ${JSON.stringify(status)}` : 'no aws_s3_bucket_versioning refers to this bucket';
    },
  }),
  rule({
    id: 'LS-AWS-S3-6', types: ['aws_s3_bucket_acl', 'aws_s3_bucket'], scanners: ['CKV_AWS_20'],
    description: 'no public canned ACL (public-read, public-read-write, authenticated-read)',
    check: (s) => (['public-read', 'public-read-write', 'authenticated-read'].includes(String(s.config.acl)) ? `acl is ${s.config.acl}` : undefined),
  }),
  rule({
    id: 'LS-AWS-S3-7', types: 'aws_s3_bucket', scanners: [],
    description: 'the bucket cannot be emptied by a destroy (force_destroy is not true) and has lifecycle prevent_destroy',
    check: (s) => (isTrue(s.config.force_destroy) ? deletionFinding(s, 'force_destroy is true') : undefined),
  }),

  // --- network ---
  rule({
    id: 'LS-AWS-SG-1', types: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'], scanners: ['CKV_AWS_24', 'CKV_AWS_25'],
    description: `no ingress from 0.0.0.0/0 or ::/0 to data-store or admin ports (${DATA_PORTS.join(', ')}) or to all ports`,
    check: (s) => {
      if (s.type === 'aws_security_group') {
        for (const r of blocks(s.config.ingress)) {
          const f = ingressFindings([...strings(r.cidr_blocks), ...strings(r.ipv6_cidr_blocks)], r.from_port, r.to_port, r.protocol);
          if (f) return f;
        }
        return undefined;
      }
      if (s.type === 'aws_security_group_rule') {
        if (s.config.type !== 'ingress') return undefined;
        return ingressFindings([...strings(s.config.cidr_blocks), ...strings(s.config.ipv6_cidr_blocks)], s.config.from_port, s.config.to_port, s.config.protocol);
      }
      return ingressFindings([...strings(s.config.cidr_ipv4), ...strings(s.config.cidr_ipv6)], s.config.from_port, s.config.to_port, s.config.ip_protocol);
    },
  }),
  rule({
    id: 'LS-AWS-NET-1', types: 'aws_nat_gateway', scanners: [],
    description: 'a public NAT gateway egresses from a static Elastic IP of this deployment (allocation_id), the address LangSmith and ClickHouse Cloud allow-list',
    check: (s) => (s.config.connectivity_type === 'private' || isSet(s.config.allocation_id) || isSet(s.config.availability_zone_address) ? undefined : 'allocation_id is not set'),
  }),
  rule({
    id: 'LS-AWS-NET-2', types: 'aws_vpc', level: PolicyLevel.WARNING, scanners: [],
    description: 'VPC flow logs are on (an aws_flow_log of this stack refers to the VPC)',
    // A VPC read with a data source is someone else's: its flow logs are theirs.
    check: (s, ctx) => (s.kind === 'data' || ctx.referencing('aws_flow_log', s).length ? undefined : 'no aws_flow_log refers to this VPC'),
  }),

  // --- KMS, IAM ---
  rule({
    id: 'LS-AWS-KMS-1', types: 'aws_kms_key', scanners: ['CKV_AWS_7'],
    description: 'symmetric keys rotate yearly (enable_key_rotation = true)',
    check: (s) => {
      const spec = String(s.config.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT');
      if (spec !== 'SYMMETRIC_DEFAULT') return undefined;
      return isTrueOrComputed(s.config.enable_key_rotation) ? undefined : 'enable_key_rotation is not true';
    },
  }),
  rule({
    id: 'LS-AWS-IAM-1', types: 'aws_iam_access_key', scanners: [],
    description: 'no static IAM access keys: workloads use IRSA / EKS Pod Identity roles',
    check: () => 'an aws_iam_access_key creates a long-lived static credential (and writes its secret to state)',
  }),
  rule({
    id: 'LS-AWS-IAM-2', types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment'], scanners: [],
    description: 'least privilege: no policy allowing Action "*" (or iam:*), no AdministratorAccess attachment',
    check: (s, ctx) => {
      if (s.type.endsWith('_attachment')) return /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/.test(String(s.config.policy_arn)) ? `attaches ${s.config.policy_arn}` : undefined;
      return allowsEverything(policyText(s.config.policy, ctx)) ? 'the policy allows Action "*"' : undefined;
    },
  }),
];
