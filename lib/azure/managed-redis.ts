import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ManagedRedis } from '@cdktf/provider-azurerm/lib/managed-redis';
import { RedisConnection } from '../core/contracts';
import { SIZE_NAMES, SizeName, SIZE_PRESETS } from '../core/sizing';
import { checkOneOf, checkPattern } from '../core/validation';
import { AzureTags, checkLocation, checkSubnetId, REDIS_NAME_PATTERN } from './common';
import { deletionLock } from './deletion-lock';
import { PrivateEndpointWithDns } from './private-endpoint';
import { managedRedisSku } from './sizing';
import { MANAGED_REDIS_DNS_ZONE } from './constants';

/** Port of an Azure Managed Redis database (TLS). */
export const MANAGED_REDIS_PORT = 10000;

export { MANAGED_REDIS_DNS_ZONE };

/** Properties of {@link AzureManagedRedis}. */
export interface AzureManagedRedisProps {
  /** Cache name (globally unique: `<name>.<region>.redis.azure.net`). */
  readonly name: string;
  /** Azure region (location), e.g. westus3. */
  readonly location: string;
  /** Name of the resource group the resources are created in. */
  readonly resourceGroupName: string;
  /** Subnet of the private endpoint. */
  readonly privateEndpointSubnetId: string;
  /** VNet the private DNS zone is linked to (when it is created here). */
  readonly vnetId: string;
  /** An existing `privatelink.redis.azure.net` zone linked to the VNet. @default - a new zone */
  readonly existingPrivateDnsZoneId?: string;
  /** Sizing preset (SKU, high availability). @default 'small' */
  readonly size?: SizeName;
  /** SKU. @default - from the preset (Balanced_B1 for dev, Balanced_B10 for small) */
  readonly skuName?: string;
  /** Memory to size the SKU for, GiB (a standalone agent server needs less than LangSmith). @default - from the preset */
  readonly memoryGiB?: number;
  /** Replication across zones (a replica per shard). @default from the preset: true outside dev */
  readonly highAvailability?: boolean;
  /** Terraform `prevent_destroy` and a CanNotDelete management lock. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: AzureTags;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Azure Managed Redis for LangSmith, reached only through a private endpoint:
 * - TLS only (`client_protocol = "Encrypted"`: no plain-text port; Azure Managed Redis accepts
 *   TLS 1.2 and 1.3 only, so there is no minimum-version knob), public network access Disabled,
 *   a private endpoint in the VNet with the `privatelink.redis.azure.net` zone;
 * - non-clustered (`NoCluster`): one endpoint for LangSmith's standalone client, without the
 *   chart's `redis.external.clusterSafeMode`; `NoEviction`, since LangSmith keeps its job queues
 *   in Redis;
 * - high availability (zone-redundant replicas) outside dev; access-key authentication (the
 *   chart reads a `rediss://` URL; the key flows as a sensitive reference, never a literal).
 *
 * Why Azure Managed Redis rather than Azure Cache for Redis (azurerm_redis_cache): LangSmith needs
 * Redis >= 6.2 (LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale §2) and Azure Cache for Redis
 * runs Redis 6.0; Microsoft retires Azure Cache for Redis (Basic/Standard/Premium on 2028-09-30,
 * Enterprise on 2027-03-31) with Azure Managed Redis as the replacement; and the official
 * LangSmith Azure modules use it. The checkov rows for azurerm_redis_cache (CKV_AZURE_91/148/89/230)
 * do not apply to this resource type; the properties they ask for (no plain-text port, TLS >= 1.2,
 * no public access, an SLA-backed SKU) hold here.
 */
export class AzureManagedRedis extends Construct {
  public readonly redis: ManagedRedis;
  public readonly privateEndpoint: PrivateEndpointWithDns;
  /** What the chart needs (password is a sensitive reference). */
  public readonly connection: RedisConnection;

  constructor(scope: Construct, id: string, props: AzureManagedRedisProps) {
    super(scope, id);
    checkPattern(this, 'name', props.name, REDIS_NAME_PATTERN, '1-63 letters, digits and -, starting and ending with a letter or digit, no "--"');
    checkLocation(this, 'location', props.location);
    checkSubnetId(this, 'privateEndpointSubnetId', props.privateEndpointSubnetId);
    checkOneOf(this, 'size', props.size, SIZE_NAMES);
    checkPattern(this, 'skuName', props.skuName, /^(Balanced|MemoryOptimized|ComputeOptimized|FlashOptimized)_[A-Z][0-9]+$/, 'an Azure Managed Redis SKU such as Balanced_B10');
    const preset = SIZE_PRESETS[props.size ?? 'small'];
    const deletionProtection = props.deletionProtection ?? true;
    this.redis = new ManagedRedis(this, 'Cache', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      skuName: props.skuName ?? managedRedisSku({ ...preset.cache, memoryGiB: props.memoryGiB ?? preset.cache.memoryGiB }),
      highAvailabilityEnabled: props.highAvailability ?? preset.cache.highAvailability,
      publicNetworkAccess: 'Disabled',
      defaultDatabase: {
        clientProtocol: 'Encrypted',
        clusteringPolicy: 'NoCluster',
        evictionPolicy: 'NoEviction',
        accessKeysAuthenticationEnabled: true,
      },
      tags: props.tags,
      lifecycle: { preventDestroy: deletionProtection },
      dependsOn: props.dependsOn,
    });
    this.privateEndpoint = new PrivateEndpointWithDns(this, 'PrivateEndpoint', {
      name: `${props.name}-pe`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.privateEndpointSubnetId,
      resourceId: this.redis.id,
      subresource: 'redisEnterprise',
      zoneName: MANAGED_REDIS_DNS_ZONE,
      vnetId: props.vnetId,
      existingPrivateDnsZoneId: props.existingPrivateDnsZoneId,
      tags: props.tags,
    });
    if (deletionProtection) deletionLock(this, 'DeletionLock', this.redis.id, 'Redis cache');
    this.connection = {
      host: this.redis.hostname,
      port: MANAGED_REDIS_PORT,
      tls: true,
      password: this.redis.defaultDatabase.primaryAccessKey,
    };
  }
}
