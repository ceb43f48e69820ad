import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Password } from '@cdktf/provider-random/lib/password';
import { RedisConnection } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { checkInteger, checkPattern } from '../core/validation';
import { checkAtLeast, checkHasSource, checkName, IngressSources, restrictedSecurityGroup } from './common';

/** Redis OSS engine version this library defaults to (the LangSmith chart needs Redis >= 6.2). */
export const DEFAULT_REDIS_VERSION = '7.1';

/** Properties of {@link ElastiCacheRedis}. */
export interface ElastiCacheRedisProps extends IngressSources {
  /** Replication group id (`<name>-redis`) and name prefix. */
  readonly name: string;
  /** ID of the VPC the cache's security group is created in. */
  readonly vpcId: string;
  /** Private subnets (>= 2 zones for failover). Ignored with `existingSubnetGroupName`. */
  readonly subnetIds: string[];
  /** An existing cache subnet group. @default - a new one over `subnetIds` */
  readonly existingSubnetGroupName?: string;
  /** Extra security groups to attach. @default [] */
  readonly securityGroupIds?: string[];
  /** @default 'cache.m6g.xlarge' */
  readonly nodeType?: string;
  /** Redis OSS version, >= 6.2. @default '7.1' */
  readonly engineVersion?: string;
  /** A replica in another zone with automatic failover and Multi-AZ (CKV2_AWS_50). @default true */
  readonly highAvailability?: boolean;
  /** Daily snapshot retention in days (0 turns snapshots off). @default 7 */
  readonly snapshotRetentionDays?: number;
  /** Customer-managed KMS key for encryption at rest (CKV_AWS_191). @default - the AWS-owned key */
  readonly kmsKeyArn?: string;
  /** Terraform prevent_destroy and a final snapshot on delete. @default true */
  readonly deletionProtection?: boolean;
}

/**
 * An ElastiCache for Redis OSS replication group: encryption at rest (CKV_AWS_29) and in transit
 * with TLS required (CKV_AWS_30), an AUTH token (CKV_AWS_31) from `random_password` (letters and
 * digits only: ElastiCache rejects some special characters), automatic failover and Multi-AZ
 * outside dev (CKV2_AWS_50), daily snapshots. Reachable on 6379 only from the given security
 * groups / CIDRs. The connection it hands out uses `rediss://` (TLS).
 */
export class ElastiCacheRedis extends Construct {
  public readonly replicationGroup: ElasticacheReplicationGroup;
  public readonly securityGroup: SecurityGroup;
  public readonly authToken: Password;
  public readonly connection: RedisConnection;

  constructor(scope: Construct, id: string, props: ElastiCacheRedisProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    const version = props.engineVersion ?? DEFAULT_REDIS_VERSION;
    checkPattern(this, 'engineVersion', version, /^\d+\.\d+$/, 'a Redis OSS version such as 7.1');
    if (!Token.isUnresolved(version)) {
      const [maj, min] = version.split('.').map(Number);
      if (maj < 6 || (maj === 6 && min < 2)) throw ConfigurationError.forConstruct(this, 'engineVersion', version, 'allowed: Redis 6.2 or newer (the LangSmith chart needs >= 6.2)');
    }
    checkPattern(this, 'nodeType', props.nodeType, /^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'an ElastiCache node type such as cache.m6g.xlarge');
    checkInteger(this, 'snapshotRetentionDays', props.snapshotRetentionDays, 0, 35);
    const ha = props.highAvailability ?? true;
    if (!props.existingSubnetGroupName) checkAtLeast(this, 'subnetIds', props.subnetIds, ha ? 2 : 1, ha ? 'subnets in different availability zones (Multi-AZ)' : 'subnet');
    checkHasSource(this, props);
    const deletionProtection = props.deletionProtection ?? true;

    this.securityGroup = restrictedSecurityGroup(this, 'SecurityGroup', {
      name: `${props.name}-redis`,
      description: 'LangSmith Redis: 6379 from the cluster only',
      vpcId: props.vpcId,
      ports: [6379],
      sources: props,
    });
    const subnetGroupName = props.existingSubnetGroupName ?? new ElasticacheSubnetGroup(this, 'SubnetGroup', {
      name: `${props.name}-redis`,
      description: 'LangSmith Redis (private subnets)',
      subnetIds: props.subnetIds,
    }).name;
    this.authToken = new Password(this, 'AuthToken', { length: 64, special: false });
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: `${props.name}-redis`,
      description: 'LangSmith Redis',
      engine: 'redis',
      engineVersion: version,
      autoMinorVersionUpgrade: 'true',
      nodeType: props.nodeType ?? 'cache.m6g.xlarge',
      port: 6379,
      numCacheClusters: ha ? 2 : 1,
      automaticFailoverEnabled: ha,
      multiAzEnabled: ha,
      subnetGroupName,
      securityGroupIds: [this.securityGroup.id, ...(props.securityGroupIds ?? [])],
      atRestEncryptionEnabled: 'true',
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: this.authToken.result,
      snapshotRetentionLimit: props.snapshotRetentionDays ?? 7,
      finalSnapshotIdentifier: deletionProtection ? `${props.name}-redis-final` : undefined,
      applyImmediately: false,
      lifecycle: { preventDestroy: deletionProtection },
    });
    this.connection = { host: this.replicationGroup.primaryEndpointAddress, port: 6379, tls: true, password: this.authToken.result };
  }
}
