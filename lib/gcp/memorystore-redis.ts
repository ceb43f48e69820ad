import { Fn, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { RedisInstance } from '@cdktf/provider-google/lib/redis-instance';
import { RedisConnection } from '../core/contracts';
import { SIZE_NAMES, SizeName, SIZE_PRESETS } from '../core/sizing';
import { checkInteger, checkOneOf } from '../core/validation';
import { checkName, checkRegion } from './common';
import { memorystoreShape } from './sizing';
import { MEMORYSTORE_REDIS_VERSIONS, MemorystoreRedisVersion } from './constants';

// Defined in constants.ts (no provider binding: the deployments-file loader imports them); re-exported here.
export { MEMORYSTORE_REDIS_VERSIONS };
export type { MemorystoreRedisVersion };

/** Properties of {@link MemorystoreRedis}. */
export interface MemorystoreRedisProps {
  /** Instance id. */
  readonly name: string;
  /** GCP region of the instance, e.g. us-central1. */
  readonly region: string;
  /** Network path `projects/<p>/global/networks/<n>` with private services access. */
  readonly networkId: string;
  /** Allocated private services access range name. @default - any range of the connection */
  readonly reservedIpRange?: string;
  /** Sizing preset: capacity and tier. @default 'small' */
  readonly size?: SizeName;
  /** Capacity in GB. @default - the preset's */
  readonly memorySizeGb?: number;
  /** STANDARD_HA (a replica in another zone, automatic failover). @default - true outside size dev */
  readonly highAvailability?: boolean;
  /** @default 'REDIS_7_2' */
  readonly redisVersion?: MemorystoreRedisVersion;
  /** Customer-managed key. @default - Google-managed encryption */
  readonly customerManagedKey?: string;
  /** Terraform `prevent_destroy` (Memorystore has no deletion protection flag of its own). @default true */
  readonly deletionProtection?: boolean;
  /** @default - the provider's project */
  readonly project?: string;
  /** @default {} */
  readonly labels?: Record<string, string>;
  /** Resources the instance waits for: the private services access connection, API enablement. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Memorystore for Redis for LangSmith:
 * - reached over private services access only (`connect_mode = PRIVATE_SERVICE_ACCESS`);
 * - AUTH on (CKV_GCP_95) and TLS in transit with server authentication (CKV_GCP_97): clients
 *   connect with `rediss://` on port 6378 and must trust the instance's own CAs, exposed as
 *   `connection.caCertificate` (every `server_ca_certs[*].cert`, so a CA rotation keeps working);
 * - STANDARD_HA outside dev, RDB snapshots every 12 hours outside dev;
 * - the AUTH string (`auth_string`, a sensitive attribute) only flows as a token.
 */
export class MemorystoreRedis extends Construct {
  public readonly instance: RedisInstance;
  /** What LangSmith connects with (TLS, AUTH, the server CA). */
  public readonly connection: RedisConnection;

  constructor(scope: Construct, id: string, props: MemorystoreRedisProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkRegion(this, 'region', props.region);
    checkOneOf(this, 'size', props.size, SIZE_NAMES);
    checkOneOf(this, 'redisVersion', props.redisVersion, MEMORYSTORE_REDIS_VERSIONS);
    checkInteger(this, 'memorySizeGb', props.memorySizeGb, 1, 300);
    const shape = memorystoreShape(SIZE_PRESETS[props.size ?? 'small'].cache);
    const ha = props.highAvailability ?? shape.tier === 'STANDARD_HA';
    const deletionProtection = props.deletionProtection ?? true;

    this.instance = new RedisInstance(this, 'Instance', {
      name: props.name,
      project: props.project,
      region: props.region,
      displayName: `LangSmith ${props.name}`,
      tier: ha ? 'STANDARD_HA' : 'BASIC',
      memorySizeGb: props.memorySizeGb ?? shape.memorySizeGb,
      redisVersion: props.redisVersion ?? 'REDIS_7_2',
      connectMode: 'PRIVATE_SERVICE_ACCESS',
      authorizedNetwork: props.networkId,
      reservedIpRange: props.reservedIpRange,
      authEnabled: true,
      transitEncryptionMode: 'SERVER_AUTHENTICATION',
      customerManagedKey: props.customerManagedKey,
      persistenceConfig: ha ? { persistenceMode: 'RDB', rdbSnapshotPeriod: 'TWELVE_HOURS' } : undefined,
      maintenancePolicy: { weeklyMaintenanceWindow: [{ day: 'SUNDAY', startTime: { hours: 3, minutes: 0, seconds: 0, nanos: 0 } }] },
      labels: props.labels,
      lifecycle: { preventDestroy: deletionProtection },
      dependsOn: props.dependsOn,
    });
    this.connection = {
      host: this.instance.host,
      port: this.instance.port,
      tls: true,
      password: this.instance.authString,
      // Every CA of the instance, not only the first: during a CA rotation Memorystore serves a
      // certificate from the new CA while the old one is still listed (server_ca_certs holds both).
      caCertificate: Fn.join('\n', Token.asList(this.instance.interpolationForAttribute('server_ca_certs[*].cert'))),
    };
  }
}
