import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { Password } from '@cdktf/provider-random/lib/password';
import { PostgresConnection } from '../core/contracts';
import { SIZE_NAMES, SizeName, SIZE_PRESETS } from '../core/sizing';
import { checkInteger, checkOneOf, checkPattern } from '../core/validation';
import { checkName, checkRegion } from './common';
import { cloudSqlTier } from './sizing';
import { CLOUD_SQL_POSTGRES_VERSIONS, CloudSqlPostgresVersion } from './constants';

// Defined in constants.ts (no provider binding: the deployments-file loader imports them); re-exported here.
export { CLOUD_SQL_POSTGRES_VERSIONS };
export type { CloudSqlPostgresVersion };

/** The Cloud SQL edition a tier belongs to: the performance-optimized tiers are Enterprise Plus only. */
export function cloudSqlEdition(tier: string): 'ENTERPRISE' | 'ENTERPRISE_PLUS' {
  return !Token.isUnresolved(tier) && /^db-perf-optimized-N-\d+$/.test(tier) ? 'ENTERPRISE_PLUS' : 'ENTERPRISE';
}

/** Properties of {@link CloudSqlPostgres}. */
export interface CloudSqlPostgresProps {
  /** Instance name (Cloud SQL keeps a deleted name reserved for about a week). */
  readonly name: string;
  /** GCP region of the instance, e.g. us-central1. */
  readonly region: string;
  /** Network path `projects/<p>/global/networks/<n>` with private services access. */
  readonly networkId: string;
  /** Allocated private services access range name. @default - any range of the connection */
  readonly allocatedIpRange?: string;
  /** Sizing preset: tier, disk and availability. @default 'small' */
  readonly size?: SizeName;
  /**
   * Machine tier. `db-perf-optimized-N-*` tiers run on the Enterprise Plus edition, the others on
   * Enterprise (Cloud SQL refuses a tier of the other edition).
   * @default - `db-custom-<vCPU>-<MiB>` from the preset, e.g. db-custom-2-8192
   */
  readonly tier?: string;
  /** Initial SSD size in GB (grows automatically). @default - the preset's */
  readonly diskSizeGb?: number;
  /** @default 'POSTGRES_16' */
  readonly databaseVersion?: CloudSqlPostgresVersion;
  /** REGIONAL availability (a standby in another zone). @default - true outside size dev */
  readonly highAvailability?: boolean;
  /** Database for LangSmith. @default 'langsmith' */
  readonly databaseName?: string;
  /** Built-in user LangSmith connects as (member of cloudsqlsuperuser, so it can CREATE EXTENSION). @default 'langsmith' */
  readonly username?: string;
  /** Daily backups kept. @default 14 */
  readonly retainedBackups?: number;
  /** Days of write-ahead log kept for point-in-time recovery (1-7). @default 7 */
  readonly pointInTimeRecoveryDays?: number;
  /** Customer-managed key (the Cloud SQL service agent needs access to it). @default - Google-managed encryption */
  readonly encryptionKeyName?: string;
  /** Cloud SQL deletion protection and Terraform `prevent_destroy`. @default true */
  readonly deletionProtection?: boolean;
  /** @default - the provider's project */
  readonly project?: string;
  /** @default {} */
  readonly labels?: Record<string, string>;
  /** Resources the instance waits for: the private services access connection, API enablement. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Cloud SQL for PostgreSQL for LangSmith, private IP only:
 * - `ipv4_enabled = false` + `private_network` (CKV_GCP_60, AVD-GCP-0017), no authorized networks (CKV_GCP_11);
 * - `ssl_mode = ENCRYPTED_ONLY`: every connection is TLS (AVD-GCP-0015). Not
 *   TRUSTED_CLIENT_CERTIFICATE_REQUIRED (which checkov CKV_GCP_6 wants): the LangSmith chart
 *   connects with a password over TLS (`sslmode=require`) and has no place for a Cloud SQL client
 *   certificate, so that mode would refuse it;
 * - automated backups with point-in-time recovery (CKV_GCP_14, AVD-GCP-0024), REGIONAL
 *   availability outside dev, deletion protection (Cloud SQL flag + Terraform `prevent_destroy`);
 * - connection, disconnection, checkpoint, lock-wait and temp-file logging flags (CKV_GCP_51-54,
 *   56), with statement logging off (`log_min_duration_statement = -1`, CKV_GCP_57) so that no
 *   trace payloads land in logs;
 * - a generated password (`random_password`): it only flows as a token, and lives in Terraform state.
 */
export class CloudSqlPostgres extends Construct {
  public readonly instance: SqlDatabaseInstance;
  public readonly database: SqlDatabase;
  public readonly user: SqlUser;
  public readonly password: Password;
  /** What LangSmith connects with (private IP, TLS). */
  public readonly connection: PostgresConnection;

  constructor(scope: Construct, id: string, props: CloudSqlPostgresProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkRegion(this, 'region', props.region);
    checkOneOf(this, 'size', props.size, SIZE_NAMES);
    checkOneOf(this, 'databaseVersion', props.databaseVersion, CLOUD_SQL_POSTGRES_VERSIONS);
    checkPattern(this, 'tier', props.tier, /^db-(custom-\d+-\d+|perf-optimized-N-\d+|n1-\w+-\d+|g1-small|f1-micro)$/, 'a Cloud SQL tier such as db-custom-2-8192');
    checkInteger(this, 'diskSizeGb', props.diskSizeGb, 10, 65536);
    checkInteger(this, 'retainedBackups', props.retainedBackups, 1, 365);
    checkInteger(this, 'pointInTimeRecoveryDays', props.pointInTimeRecoveryDays, 1, 7);
    checkPattern(this, 'databaseName', props.databaseName, /^[a-z_][a-z0-9_]{0,62}$/, 'a database name: lowercase letters, digits and _');
    checkPattern(this, 'username', props.username, /^[a-z_][a-z0-9_]{0,62}$/, 'a user name: lowercase letters, digits and _');
    const preset = SIZE_PRESETS[props.size ?? 'small'].database;
    const deletionProtection = props.deletionProtection ?? true;
    const ha = props.highAvailability ?? preset.highAvailability;
    const tier = props.tier ?? cloudSqlTier(preset);
    const edition = cloudSqlEdition(tier);

    this.instance = new SqlDatabaseInstance(this, 'Instance', {
      name: props.name,
      project: props.project,
      region: props.region,
      databaseVersion: props.databaseVersion ?? 'POSTGRES_16',
      encryptionKeyName: props.encryptionKeyName,
      deletionProtection,
      settings: {
        tier,
        edition,
        availabilityType: ha ? 'REGIONAL' : 'ZONAL',
        diskType: 'PD_SSD',
        diskSize: props.diskSizeGb ?? preset.storageGiB,
        diskAutoresize: true,
        deletionProtectionEnabled: deletionProtection,
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: props.networkId,
          allocatedIpRange: props.allocatedIpRange,
          sslMode: 'ENCRYPTED_ONLY',
        },
        backupConfiguration: {
          enabled: true,
          pointInTimeRecoveryEnabled: true,
          startTime: '02:00',
          transactionLogRetentionDays: props.pointInTimeRecoveryDays ?? 7,
          backupRetentionSettings: { retainedBackups: props.retainedBackups ?? 14, retentionUnit: 'COUNT' },
        },
        maintenanceWindow: { day: 7, hour: 3, updateTrack: 'stable' },
        insightsConfig: { queryInsightsEnabled: true, recordApplicationTags: false, recordClientAddress: false },
        databaseFlags: [
          { name: 'log_checkpoints', value: 'on' },
          { name: 'log_connections', value: 'on' },
          { name: 'log_disconnections', value: 'on' },
          { name: 'log_lock_waits', value: 'on' },
          { name: 'log_temp_files', value: '0' },
          { name: 'log_min_duration_statement', value: '-1' },
          { name: 'log_min_messages', value: 'warning' },
          { name: 'log_min_error_statement', value: 'error' },
        ],
        userLabels: props.labels,
      },
      lifecycle: { preventDestroy: deletionProtection },
      dependsOn: props.dependsOn,
    });

    this.database = new SqlDatabase(this, 'Database', {
      name: props.databaseName ?? 'langsmith',
      project: props.project,
      instance: this.instance.name,
      // Keep the database when Terraform forgets it; the instance's own protection still applies.
      deletionPolicy: deletionProtection ? 'ABANDON' : 'DELETE',
    });
    this.password = new Password(this, 'Password', { length: 32, special: false });
    this.user = new SqlUser(this, 'User', {
      name: props.username ?? 'langsmith',
      project: props.project,
      instance: this.instance.name,
      password: this.password.result,
      deletionPolicy: 'ABANDON',
    });
    this.connection = {
      host: this.instance.privateIpAddress,
      port: 5432,
      database: props.databaseName ?? 'langsmith',
      username: props.username ?? 'langsmith',
      password: this.password.result,
      tls: true,
    };
  }
}
