import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { PostgresqlFlexibleServer } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server';
import { PostgresqlFlexibleServerConfiguration } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration';
import { PostgresqlFlexibleServerDatabase } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-database';
import { Password } from '@cdktf/provider-random/lib/password';
import { PostgresConnection } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { SIZE_NAMES, SizeName, SIZE_PRESETS } from '../core/sizing';
import { checkInteger, checkOneOf, checkPattern } from '../core/validation';
import { AzureTags, checkArmId, checkLocation, checkSubnetId, parseArmId, POSTGRES_SERVER_PATTERN } from './common';
import { isBurstablePostgresSku, POSTGRES_DNS_ZONE_SUFFIX } from './constants';
import { deletionLock } from './deletion-lock';
import { LinkedPrivateDnsZone } from './private-dns';
import { postgresSku, postgresStorageMb } from './sizing';

/** PostgreSQL major versions offered (LangSmith needs >= 14; the official modules use 16). */
export const AZURE_POSTGRES_VERSIONS = ['14', '15', '16', '17'] as const;
export type AzurePostgresVersion = typeof AZURE_POSTGRES_VERSIONS[number];

/**
 * The extensions LangSmith creates (docs self-host-dependency-versions: btree_gin, btree_gist,
 * pgcrypto, citext, ltree, pg_trgm; LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale §2).
 * Flexible Server only lets a user CREATE EXTENSION for names in `azure.extensions`.
 */
export const LANGSMITH_POSTGRES_EXTENSIONS = ['BTREE_GIN', 'BTREE_GIST', 'PGCRYPTO', 'CITEXT', 'LTREE', 'PG_TRGM'];

/** Properties of {@link AzurePostgres}. */
export interface AzurePostgresProps {
  /** Server name (3-63 lowercase letters, digits and '-'; globally unique: `<name>.postgres.database.azure.com`). */
  readonly name: string;
  /** Azure region (location), e.g. westus3. */
  readonly location: string;
  /** Name of the resource group the resources are created in. */
  readonly resourceGroupName: string;
  /** Subnet delegated to `Microsoft.DBforPostgreSQL/flexibleServers` (VNet integration). */
  readonly delegatedSubnetId: string;
  /** VNet the private DNS zone is linked to (when it is created here). */
  readonly vnetId: string;
  /**
   * An existing private DNS zone ending in `.postgres.database.azure.com`, linked to the VNet.
   * @default - a new zone `<zoneLabel>.private.postgres.database.azure.com` linked to `vnetId`
   */
  readonly existingPrivateDnsZoneId?: string;
  /** First label of the created private DNS zone. @default - the server name */
  readonly zoneLabel?: string;
  /** Sizing preset (SKU, storage, HA). @default 'small' */
  readonly size?: SizeName;
  /** SKU. @default - from the preset (e.g. GP_Standard_D2ds_v5 for small, B_Standard_B2s for dev) */
  readonly skuName?: string;
  /** @default '16' */
  readonly version?: AzurePostgresVersion;
  /** Backup retention, days (7-35). @default 7 */
  readonly backupRetentionDays?: number;
  /**
   * Geo-redundant backups (CKV_AZURE_136), in the paired region. Off for dev (cost); needs a region
   * with a pair (or geo-backup support), else creation fails: turn it off there.
   * @default true, false for size dev
   */
  readonly geoRedundantBackup?: boolean;
  /** High availability (a hot standby): in another zone, or the same zone without `zoneRedundant`. @default from the preset: true outside dev */
  readonly highAvailability?: boolean;
  /**
   * The region has availability zones: high availability is `ZoneRedundant` with the primary in
   * `zone`. `false` for a region without zones (ukwest, canadaeast, westus, ...): `SameZone` high
   * availability and no zone pinned, since Flexible Server refuses a zone or a zone-redundant
   * standby there.
   * @default true
   */
  readonly zoneRedundant?: boolean;
  /** Primary availability zone (with high availability in a zonal region). @default '1' with zone-redundant high availability, else none (Azure places the server) */
  readonly zone?: string;
  /** Admin login (LangSmith connects as it: it must CREATE EXTENSION). @default 'langsmith' */
  readonly administratorLogin?: string;
  /** Database LangSmith uses. @default 'langsmith' */
  readonly databaseName?: string;
  /** Terraform `prevent_destroy` and a CanNotDelete management lock. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: AzureTags;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Azure Database for PostgreSQL Flexible Server for LangSmith:
 * - VNet-integrated (delegated subnet) with public network access disabled; a private DNS zone
 *   `<name>.private.postgres.database.azure.com` linked to the VNet resolves it;
 * - TLS enforced (`require_secure_transport = ON`, TLS 1.2 minimum), encryption at rest by the
 *   platform;
 * - `azure.extensions` allow-lists the extensions LangSmith needs;
 * - backups 7+ days, geo-redundant outside dev (CKV_AZURE_136), zone-redundant HA outside dev;
 * - admin password from `random_password` (never in the synthesized JSON), the connection
 *   handed over with TLS on;
 * - deletion protection: `prevent_destroy` and a CanNotDelete lock.
 * CKV2_AZURE_57 (a private endpoint) does not apply: VNet integration is the private access
 * path, and a server cannot have both.
 */
export class AzurePostgres extends Construct {
  public readonly server: PostgresqlFlexibleServer;
  public readonly database: PostgresqlFlexibleServerDatabase;
  public readonly password: Password;
  public readonly dnsZone?: LinkedPrivateDnsZone;
  /** What the chart needs (password is a reference to a generated value). */
  public readonly connection: PostgresConnection;

  constructor(scope: Construct, id: string, props: AzurePostgresProps) {
    super(scope, id);
    checkPattern(this, 'name', props.name, POSTGRES_SERVER_PATTERN, '3-63 lowercase letters, digits and -, not starting or ending with -');
    checkLocation(this, 'location', props.location);
    checkSubnetId(this, 'delegatedSubnetId', props.delegatedSubnetId);
    checkArmId(this, 'existingPrivateDnsZoneId', props.existingPrivateDnsZoneId, 'Microsoft.Network/privateDnsZones', '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<label>.private.postgres.database.azure.com');
    const existingZone = props.existingPrivateDnsZoneId ? parseArmId(props.existingPrivateDnsZoneId) : undefined;
    if (existingZone && !existingZone.name.toLowerCase().endsWith(POSTGRES_DNS_ZONE_SUFFIX)) {
      throw ConfigurationError.forConstruct(this, 'existingPrivateDnsZoneId', props.existingPrivateDnsZoneId, 'allowed: a private DNS zone whose name ends in .postgres.database.azure.com (Flexible Server refuses any other)');
    }
    checkOneOf(this, 'size', props.size, SIZE_NAMES);
    checkOneOf(this, 'version', props.version, AZURE_POSTGRES_VERSIONS);
    checkInteger(this, 'backupRetentionDays', props.backupRetentionDays, 7, 35);
    checkOneOf(this, 'zone', props.zone, ['1', '2', '3']);
    checkPattern(this, 'skuName', props.skuName, /^(B|GP|MO)_Standard_[A-Za-z0-9_]+$/, 'a Flexible Server SKU such as GP_Standard_D2ds_v5');
    checkPattern(this, 'administratorLogin', props.administratorLogin, /^(?!azure_|pg_)(?!(admin|administrator|root|guest|public|azure_superuser|azure_pg_admin)$)[a-z_][a-z0-9_]{0,62}$/, 'a login of lowercase letters, digits and _, not a reserved name (admin, root, azure_*, pg_*)');
    checkPattern(this, 'databaseName', props.databaseName, /^[a-z_][a-z0-9_]{0,62}$/, 'lowercase letters, digits and _');
    const preset = SIZE_PRESETS[props.size ?? 'small'];
    const dev = (props.size ?? 'small') === 'dev';
    const ha = props.highAvailability ?? preset.database.highAvailability;
    const skuName = props.skuName ?? postgresSku(preset.database);
    if (ha && isBurstablePostgresSku(skuName)) {
      throw ConfigurationError.forConstruct(this, 'skuName', skuName, 'allowed: a General Purpose or Memory Optimized SKU with highAvailability (Burstable has no HA)');
    }
    const zoneRedundant = props.zoneRedundant ?? true;
    if (!zoneRedundant && props.zone !== undefined) {
      throw ConfigurationError.forConstruct(this, 'zone', props.zone, 'only with zoneRedundant (a region with availability zones); allowed: remove it');
    }
    // A zone is pinned only for zone-redundant HA: without HA Azure places the server itself, which
    // also works in a region without zones (a pinned zone there fails the create).
    const zone = props.zone ?? (ha && zoneRedundant ? '1' : undefined);
    const deletionProtection = props.deletionProtection ?? true;
    const login = props.administratorLogin ?? 'langsmith';

    let zoneId = props.existingPrivateDnsZoneId;
    if (!zoneId) {
      this.dnsZone = new LinkedPrivateDnsZone(this, 'Dns', {
        zoneName: `${props.zoneLabel ?? props.name}.private.postgres.database.azure.com`,
        resourceGroupName: props.resourceGroupName,
        vnetId: props.vnetId,
        tags: props.tags,
      });
      zoneId = this.dnsZone.zone.id;
    }

    // Alphanumeric only: the password goes into a connection URL (urlencoded as well).
    this.password = new Password(this, 'Password', { length: 32, special: false, minUpper: 2, minLower: 2, minNumeric: 2 });
    this.server = new PostgresqlFlexibleServer(this, 'Server', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      version: props.version ?? '16',
      skuName,
      storageMb: postgresStorageMb(preset.database),
      autoGrowEnabled: true,
      delegatedSubnetId: props.delegatedSubnetId,
      privateDnsZoneId: zoneId,
      publicNetworkAccessEnabled: false,
      administratorLogin: login,
      administratorPassword: this.password.result,
      authentication: { passwordAuthEnabled: true, activeDirectoryAuthEnabled: false },
      backupRetentionDays: props.backupRetentionDays ?? 7,
      geoRedundantBackupEnabled: props.geoRedundantBackup ?? !dev,
      zone,
      highAvailability: ha ? { mode: zoneRedundant ? 'ZoneRedundant' : 'SameZone' } : undefined,
      tags: props.tags,
      // Azure moves the primary between zones on failover: do not fight it. With auto-grow Azure
      // raises storage_mb (and the tier with it); the provider forces a new server when the
      // configured storage_mb is below the state's (postgresql_flexible_server_resource.go
      // CustomizeDiff, "it's a downgrade need to trigger a force new"): never plan that.
      lifecycle: { preventDestroy: deletionProtection, ignoreChanges: ['zone', 'high_availability[0].standby_availability_zone', 'storage_mb', 'storage_tier'] },
      dependsOn: [...(props.dependsOn ?? []), ...(this.dnsZone ? [this.dnsZone.link] : [])],
    });
    const extensions = new PostgresqlFlexibleServerConfiguration(this, 'Extensions', { serverId: this.server.id, name: 'azure.extensions', value: LANGSMITH_POSTGRES_EXTENSIONS.join(',') });
    const tls = new PostgresqlFlexibleServerConfiguration(this, 'RequireSecureTransport', { serverId: this.server.id, name: 'require_secure_transport', value: 'ON', dependsOn: [extensions] });
    new PostgresqlFlexibleServerConfiguration(this, 'MinTlsVersion', { serverId: this.server.id, name: 'ssl_min_protocol_version', value: 'TLSv1.2', dependsOn: [tls] });
    this.database = new PostgresqlFlexibleServerDatabase(this, 'Database', {
      serverId: this.server.id,
      name: props.databaseName ?? 'langsmith',
      charset: 'UTF8',
      collation: 'en_US.utf8',
      lifecycle: { preventDestroy: deletionProtection },
    });
    if (deletionProtection) deletionLock(this, 'DeletionLock', this.server.id, 'PostgreSQL server');

    this.connection = {
      host: this.server.fqdn,
      port: 5432,
      database: this.database.name,
      username: login,
      password: this.password.result,
      tls: true,
    };
  }
}
