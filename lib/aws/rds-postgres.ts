import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Password } from '@cdktf/provider-random/lib/password';
import { PostgresConnection } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { checkInteger, checkOneOf, checkPattern } from '../core/validation';
import { checkAtLeast, checkHasSource, checkName, IngressSources, restrictedSecurityGroup } from './common';

/**
 * The PostgreSQL major version this library defaults to: 16, as the official LangSmith
 * Terraform modules pin ("RDS PG 16"); LangSmith needs >= 14 with the extensions btree_gin,
 * btree_gist, pgcrypto, citext, ltree and pg_trgm, which RDS for PostgreSQL ships and its
 * master user (rds_superuser) can create (LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale).
 */
export const DEFAULT_POSTGRES_VERSION = '16';

/** Properties of {@link RdsPostgres}. */
export interface RdsPostgresProps extends IngressSources {
  /** Instance identifier (`<name>-postgres`) and name prefix. */
  readonly name: string;
  /** ID of the VPC the database's security group is created in. */
  readonly vpcId: string;
  /** Private subnets in >= 2 availability zones. Ignored with `existingSubnetGroupName`. */
  readonly subnetIds: string[];
  /** An existing DB subnet group. @default - a new one over `subnetIds` */
  readonly existingSubnetGroupName?: string;
  /** Extra security groups to attach (e.g. one you manage). @default [] */
  readonly securityGroupIds?: string[];
  /** @default 'db.m6g.large' */
  readonly instanceClass?: string;
  /** Engine version: a major (`16`) or major.minor (`16.4`), >= 14. @default '16' */
  readonly engineVersion?: string;
  /** @default 50 */
  readonly allocatedStorageGiB?: number;
  /** Storage autoscaling ceiling. @default 5 x allocatedStorageGiB (at least 100) */
  readonly maxAllocatedStorageGiB?: number;
  /** A standby in another zone. @default true */
  readonly multiAz?: boolean;
  /** Automated backup retention, 7-35 days. @default 7 */
  readonly backupRetentionDays?: number;
  /** Customer-managed KMS key for storage (and Performance Insights). @default - the aws/rds key */
  readonly kmsKeyArn?: string;
  /** @default 'langsmith' */
  readonly databaseName?: string;
  /** @default 'langsmith' */
  readonly username?: string;
  /** Enhanced monitoring interval in seconds: 0 (off), 1, 5, 10, 15, 30 or 60. @default 60 */
  readonly monitoringIntervalSeconds?: number;
  /** Terraform prevent_destroy, RDS deletion protection and a final snapshot. @default true */
  readonly deletionProtection?: boolean;
}

/**
 * RDS for PostgreSQL for LangSmith: storage encrypted (CKV_AWS_16), never publicly accessible
 * (CKV_AWS_17), TLS enforced by the parameter group (`rds.force_ssl = 1`), Multi-AZ (CKV_AWS_157)
 * unless turned off for dev, automated backups >= 7 days (CKV_AWS_133), deletion protection
 * (CKV_AWS_293) with a final snapshot, IAM authentication enabled (CKV_AWS_161), Performance
 * Insights (CKV_AWS_353), enhanced monitoring (CKV_AWS_118), logs exported to CloudWatch
 * (CKV_AWS_129), minor version upgrades automatic. Reachable on 5432 only from the given
 * security groups / CIDRs. The master password is a `random_password` (a token: it never appears
 * in synthesized JSON, but it is in Terraform state).
 */
export class RdsPostgres extends Construct {
  public readonly instance: DbInstance;
  public readonly securityGroup: SecurityGroup;
  public readonly parameterGroup: DbParameterGroup;
  public readonly subnetGroupName: string;
  public readonly password: Password;
  /** The connection the Kubernetes layer needs (password as a token). */
  public readonly connection: PostgresConnection;

  constructor(scope: Construct, id: string, props: RdsPostgresProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    const version = props.engineVersion ?? DEFAULT_POSTGRES_VERSION;
    checkPattern(this, 'engineVersion', version, /^\d{2}(\.\d+)?$/, 'a PostgreSQL version such as 16 or 16.4');
    const major = Token.isUnresolved(version) ? DEFAULT_POSTGRES_VERSION : version.split('.')[0];
    if (Number(major) < 14) throw ConfigurationError.forConstruct(this, 'engineVersion', version, 'allowed: PostgreSQL 14 or newer (LangSmith needs >= 14)');
    checkPattern(this, 'instanceClass', props.instanceClass, /^db\.[a-z0-9]+\.[a-z0-9]+$/, 'an RDS instance class such as db.m6g.large');
    checkInteger(this, 'allocatedStorageGiB', props.allocatedStorageGiB, 20, 65536);
    checkInteger(this, 'backupRetentionDays', props.backupRetentionDays, 7, 35);
    checkOneOf(this, 'monitoringIntervalSeconds', props.monitoringIntervalSeconds === undefined ? undefined : String(props.monitoringIntervalSeconds), ['0', '1', '5', '10', '15', '30', '60']);
    checkPattern(this, 'databaseName', props.databaseName, /^[a-z][a-z0-9_]{0,62}$/, 'a database name: a lowercase letter, then letters, digits and _');
    checkPattern(this, 'username', props.username, /^[a-z][a-z0-9_]{0,15}$/, 'a user name: a lowercase letter, then letters, digits and _, at most 16 characters');
    if (!props.existingSubnetGroupName) checkAtLeast(this, 'subnetIds', props.subnetIds, 2, 'subnets in different availability zones (RDS requires two)');
    checkHasSource(this, props);
    const storage = props.allocatedStorageGiB ?? 50;
    const maxStorage = props.maxAllocatedStorageGiB ?? Math.max(100, storage * 5);
    if (!Token.isUnresolved(maxStorage) && !Token.isUnresolved(storage) && maxStorage < storage) {
      throw ConfigurationError.forConstruct(this, 'maxAllocatedStorageGiB', maxStorage, `allowed: an integer >= allocatedStorageGiB (${storage})`);
    }
    const deletionProtection = props.deletionProtection ?? true;
    const monitoring = props.monitoringIntervalSeconds ?? 60;

    this.securityGroup = restrictedSecurityGroup(this, 'SecurityGroup', {
      name: `${props.name}-postgres`,
      description: 'LangSmith Postgres: 5432 from the cluster only',
      vpcId: props.vpcId,
      ports: [5432],
      sources: props,
    });
    if (props.existingSubnetGroupName) {
      this.subnetGroupName = props.existingSubnetGroupName;
    } else {
      this.subnetGroupName = new DbSubnetGroup(this, 'SubnetGroup', {
        name: `${props.name}-postgres`,
        description: 'LangSmith Postgres (private subnets)',
        subnetIds: props.subnetIds,
      }).name;
    }
    this.parameterGroup = new DbParameterGroup(this, 'ParameterGroup', {
      namePrefix: `${props.name}-postgres${major}-`,
      family: `postgres${major}`,
      description: 'LangSmith Postgres: TLS required',
      parameter: [{ name: 'rds.force_ssl', value: '1', applyMethod: 'immediate' }],
      lifecycle: { createBeforeDestroy: true },
    });
    let monitoringRoleArn: string | undefined;
    // The instance waits for the role's policy attachment, not only the role: RDS checks the
    // role's permissions when the instance is created ("IAM role ARN value is invalid or does
    // not include the required permissions" on a first apply otherwise).
    let monitoringAttachment: IamRolePolicyAttachment | undefined;
    if (monitoring > 0) {
      const role = new IamRole(this, 'MonitoringRole', {
        name: `${props.name}-rds-monitoring`,
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      });
      monitoringAttachment = new IamRolePolicyAttachment(this, 'MonitoringPolicy', { role: role.name, policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole' });
      monitoringRoleArn = role.arn;
    }
    this.password = new Password(this, 'Password', { length: 40, special: false });
    const username = props.username ?? 'langsmith';
    const database = props.databaseName ?? 'langsmith';

    this.instance = new DbInstance(this, 'Instance', {
      identifier: `${props.name}-postgres`,
      engine: 'postgres',
      engineVersion: version,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      instanceClass: props.instanceClass ?? 'db.m6g.large',
      allocatedStorage: storage,
      maxAllocatedStorage: maxStorage,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      dbName: database,
      username,
      password: this.password.result,
      port: 5432,
      dbSubnetGroupName: this.subnetGroupName,
      vpcSecurityGroupIds: [this.securityGroup.id, ...(props.securityGroupIds ?? [])],
      parameterGroupName: this.parameterGroup.name,
      publiclyAccessible: false,
      multiAz: props.multiAz ?? true,
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: props.backupRetentionDays ?? 7,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: !deletionProtection,
      deletionProtection,
      skipFinalSnapshot: !deletionProtection,
      finalSnapshotIdentifier: deletionProtection ? `${props.name}-postgres-final` : undefined,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: monitoring,
      monitoringRoleArn,
      enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
      lifecycle: { preventDestroy: deletionProtection },
      dependsOn: monitoringAttachment ? [monitoringAttachment] : undefined,
    });
    this.connection = {
      host: this.instance.address,
      port: 5432,
      database,
      username,
      password: this.password.result,
      tls: true,
    };
  }
}
