import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Password } from '@cdktf/provider-random/lib/password';
import { RedisConnection } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { checkInteger, checkOneOf, checkPattern } from '../core/validation';
import { checkAtLeast, checkHasSource, checkName, IngressSources, restrictedSecurityGroup } from './common';
import { CACHE_ENGINES, CacheEngine } from './constants';

// Defined in constants.ts (no provider binding: the deployments-file loader imports them); re-exported here.
export type { CacheEngine };

/** Redis OSS engine version used with `engine: 'redis'` (the LangSmith chart needs Redis >= 6.2). */
export const DEFAULT_REDIS_VERSION = '7.1';

/**
 * Valkey version this library defaults to. LangSmith supports "Redis >= 6.2 or Valkey 8"
 * (self-host dependency versions, LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale); Valkey
 * speaks the Redis protocol, AUTH and TLS the chart uses, and ElastiCache prices Valkey nodes
 * about 20% below Redis OSS ones.
 */
export const DEFAULT_VALKEY_VERSION = '8.0';

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
  /**
   * `valkey` (cheaper, supported by LangSmith from Valkey 8) or `redis` (Redis OSS). Redis to
   * Valkey is an in-place ElastiCache upgrade; back to Redis replaces the group.
   * @default 'valkey'
   */
  readonly engine?: CacheEngine;
  /** Engine version: Valkey >= 8 or Redis OSS >= 6.2. @default '8.0' for valkey, '7.1' for redis */
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
 * An ElastiCache replication group, Valkey by default (Redis OSS with `engine: 'redis'`): encryption at rest (CKV_AWS_29) and in transit
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
    const engine = props.engine ?? 'valkey';
    checkOneOf(this, 'engine', engine, CACHE_ENGINES);
    const version = props.engineVersion ?? (engine === 'valkey' ? DEFAULT_VALKEY_VERSION : DEFAULT_REDIS_VERSION);
    checkPattern(this, 'engineVersion', version, /^\d+\.\d+$/, `a ${engine} version such as ${engine === 'valkey' ? DEFAULT_VALKEY_VERSION : DEFAULT_REDIS_VERSION}`);
    if (!Token.isUnresolved(version)) {
      const [maj, min] = version.split('.').map(Number);
      if (engine === 'redis' && (maj < 6 || (maj === 6 && min < 2))) throw ConfigurationError.forConstruct(this, 'engineVersion', version, 'allowed: Redis 6.2 or newer (the LangSmith chart needs >= 6.2)');
      if (engine === 'valkey' && maj < 8) throw ConfigurationError.forConstruct(this, 'engineVersion', version, 'allowed: Valkey 8.0 or newer (LangSmith supports Valkey 8)');
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
      engine,
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
