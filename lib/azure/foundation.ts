import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { Foundation } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { FoundationCommonProps, FoundationExistingClusterProps, resolveFoundationProps } from '../core/foundation-props';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE_NAME } from '../core/naming';
import { cacheFor, sizePreset } from '../core/sizing';
import { checkPattern } from '../core/validation';
import { AKS_STORAGE_CLASS, AksCluster, AksExistingSecretsKey, AksNetworkPolicy, AksOutboundType, IAksCluster, KubeloginMode } from './aks-cluster';
import { AzureBlobStorage, StorageReplicationType } from './blob-storage';
import { ClickHousePrivateLink } from './clickhouse-private-link';
import { alphanumeric, checkLocation, checkName, RESOURCE_GROUP_PATTERN, STORAGE_ACCOUNT_PATTERN, truncateName } from './common';
import { AzureManagedRedis } from './managed-redis';
import { AzureNatGateway } from './nat-gateway';
import { AzureNetwork, IAzureNetwork } from './network';
import { AzurePostgres, AzurePostgresVersion } from './postgres-flexible-server';

/** How the application routing add-on serves an Ingress: internal or public load balancer. */
export type AzureIngressScheme = 'internal' | 'external';

/**
 * Existing private DNS zones (already linked to the VNet, typically by a hub's DNS) for the
 * private endpoints and the PostgreSQL server, instead of zones created and linked here: a VNet
 * can be linked to one zone of a name only, so a landing zone that already links
 * `privatelink.blob.core.windows.net` makes a created one fail with Conflict, and hub DNS never
 * sees spoke-only zones.
 */
export interface AzurePrivateDnsZoneIds {
  /** `privatelink.blob.core.windows.net`. @default - a new zone */
  readonly blob?: string;
  /** `privatelink.redis.azure.net` (Azure Managed Redis). @default - a new zone */
  readonly redis?: string;
  /** A zone ending in `.postgres.database.azure.com` (VNet-integrated Flexible Server). @default - a new zone `<name>.private.postgres.database.azure.com` */
  readonly postgres?: string;
  /** `<region>.privatelink.azure.clickhouse.cloud` (ClickHouse Cloud Private Link). @default - a new zone */
  readonly clickhouse?: string;
  /**
   * `privatelink.<region>.azmk8s.io` (or `<subzone>.privatelink.<region>.azmk8s.io`) for a private
   * AKS API server, linked to the hub whose DNS the VNet uses: with custom DNS servers the nodes
   * cannot resolve the API server in the zone AKS creates (`System`, linked to the cluster VNet
   * only). @default - `System`
   */
  readonly aks?: string;
}

/**
 * Properties of {@link AzureLangSmithFoundation}: the common ones ({@link FoundationCommonProps}:
 * `existingNetwork` from {@link AzureNetwork.fromNetworkAttributes}, `existingCluster` from
 * `AksCluster.fromClusterAttributes`) and Azure's own.
 */
export interface AzureLangSmithFoundationProps extends FoundationCommonProps<IAzureNetwork>, FoundationExistingClusterProps<IAksCluster> {
  /** Azure region (programmatic form, e.g. eastus2). */
  readonly location: string;
  /** An existing resource group for everything. @default - a new group `<name>-rg` */
  readonly existingResourceGroupName?: string;
  /** Address space of a created VNet (see lib/azure/address-plan.ts). Ignored with `existingNetwork`. @default '10.0.0.0/16' */
  readonly networkCidr?: string;
  /** A NAT gateway with static IPs on the node subnet. @default - true for a created network, false for an existing one */
  readonly nat?: boolean;
  /** AKS outbound type. @default 'userAssignedNATGateway' with a NAT gateway, else 'loadBalancer' */
  readonly outboundType?: AksOutboundType;
  /** Kubernetes minor version. @default '1.34' */
  readonly kubernetesVersion?: string;
  /** Node VM size. @default - from the preset */
  readonly vmSize?: string;
  /**
   * Node availability zones. An explicit empty list means a region without zones: PostgreSQL HA is
   * then `SameZone` with no zone pinned and storage defaults to LRS (ZRS and zonal placement fail
   * there).
   * @default ['1','2','3'] outside dev
   */
  readonly zones?: string[];
  /** @default 'cilium' */
  readonly networkPolicy?: AksNetworkPolicy;
  /** @default '10.244.0.0/16' */
  readonly podCidr?: string;
  /** @default '172.16.0.0/16' */
  readonly serviceCidr?: string;
  /** Azure Container Registries the nodes pull from (the kubelet identity gets AcrPull). @default [] */
  readonly acrIds?: string[];
  /** Entra ID groups with cluster-admin, and Key Vault Crypto Officer on the secrets-encryption vault. @default [] */
  readonly adminGroupObjectIds?: string[];
  /** Grant the deploying principal AKS RBAC Cluster Admin (the app stack needs it), once, to whoever runs the first apply. @default true */
  readonly grantDeployerClusterAdmin?: boolean;
  /** How kubelogin authenticates the Kubernetes layer: match the azurerm provider's authentication. @default 'azurecli' */
  readonly kubeloginMode?: KubeloginMode;
  /** Seconds to wait for role assignments to take effect before what uses them (0 = no wait). @default 120 */
  readonly rbacPropagationSeconds?: number;
  /** Existing private DNS zones for the private endpoints and PostgreSQL. @default - zones created and linked here */
  readonly privateDnsZoneIds?: AzurePrivateDnsZoneIds;
  /** KMS secrets encryption: true = a new Key Vault key, an object = an existing key. @default true */
  readonly secretsEncryption?: boolean | AksExistingSecretsKey;
  /** Existing Log Analytics workspace for audit logs. @default - a new workspace */
  readonly logAnalyticsWorkspaceId?: string;
  /** @default '16' */
  readonly postgresVersion?: AzurePostgresVersion;
  /** @default - from the preset */
  readonly postgresSku?: string;
  /** Geo-redundant Postgres backups. @default true outside dev */
  readonly postgresGeoRedundantBackup?: boolean;
  /** Azure Managed Redis SKU. @default - from the preset */
  readonly redisSku?: string;
  /** Azure Managed Redis high availability. @default - from the preset (true outside dev) */
  readonly redisHighAvailability?: boolean;
  /** Create the storage account and its workload identity (not needed by a standalone agent server). @default true */
  readonly blobStorage?: boolean;
  /** Storage account name (globally unique). @default `<name without -><6 random characters>` */
  readonly storageAccountName?: string;
  /** @default 'ZRS'; 'LRS' for size dev or a region without zones (`zones: []`) */
  readonly storageReplication?: StorageReplicationType;
  /** The application routing add-on for the LangSmith Ingress. @default - none (no Ingress class) */
  readonly ingress?: AzureIngressScheme;
}

/**
 * Everything LangSmith needs on Azure, from the smaller constructs of lib/azure: a resource group,
 * a VNet (or yours) with node, PostgreSQL-delegated and private-endpoint subnets, a NAT gateway
 * with static IPs, a private AKS cluster with Entra ID RBAC and Workload Identity, PostgreSQL
 * Flexible Server, Azure Managed Redis, a storage account with workload-identity access, and
 * Private Link to ClickHouse Cloud. `foundation` is the contract the Kubernetes layer consumes.
 *
 * Globally unique names (storage account, Key Vault, PostgreSQL server, Redis) end in a
 * `random_string` suffix kept in state (logical id `NameSuffix`), so two deployments named alike
 * in different tenants do not collide.
 */
export class AzureLangSmithFoundation extends Construct {
  public readonly resourceGroup?: ResourceGroup;
  public readonly resourceGroupName: string;
  public readonly nameSuffix: StringResource;
  public readonly network: IAzureNetwork;
  public readonly nat?: AzureNatGateway;
  public readonly cluster: IAksCluster;
  public readonly postgres: AzurePostgres;
  public readonly redis: AzureManagedRedis;
  public readonly blob?: AzureBlobStorage;
  public readonly clickhouse?: ClickHousePrivateLink;
  /** The contract for the Kubernetes layer. */
  public readonly foundation: Foundation;

  constructor(scope: Construct, id: string, props: AzureLangSmithFoundationProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkLocation(this, 'location', props.location);
    const { size, deletionProtection, clickhousePrivateLink: privateLink, workload } = resolveFoundationProps(this, props, 'a Private Link service alias ending in .azure.privatelinkservice');
    checkPattern(this, 'existingResourceGroupName', props.existingResourceGroupName, RESOURCE_GROUP_PATTERN, '1-90 letters, digits, _ - . ( ), not ending with .');
    checkPattern(this, 'storageAccountName', props.storageAccountName, STORAGE_ACCOUNT_PATTERN, '3-24 lowercase letters and digits (no -), globally unique');
    const dev = size === 'dev';
    const { name, location, tags } = props;
    // `zones: []` says the region has no availability zones (dev's default of no zones does not).
    const zonalRegion = !(props.zones !== undefined && props.zones.length === 0);
    if (props.existingCluster && !props.existingNetwork) {
      throw ConfigurationError.forConstruct(this, 'existingNetwork', undefined, 'required with existingCluster: the VNet the cluster runs in (PostgreSQL, Redis and the private endpoints attach to it)');
    }
    const nat = props.nat ?? !props.existingNetwork;
    if (!nat && props.staticIps !== undefined) {
      throw ConfigurationError.forConstruct(this, 'staticIps', props.staticIps, 'only with nat: true; allowed: remove it or enable nat');
    }
    if (nat && props.outboundType !== undefined && props.outboundType !== 'userAssignedNATGateway') {
      throw ConfigurationError.forConstruct(this, 'outboundType', props.outboundType, 'with a NAT gateway AKS must use it; allowed: userAssignedNATGateway, or nat: false');
    }
    if (props.outboundType === 'userDefinedRouting' && !props.existingNetwork) {
      throw ConfigurationError.forConstruct(this, 'outboundType', props.outboundType, 'needs a route table to a firewall on the node subnet, which a created VNet does not have; allowed: userAssignedNATGateway | loadBalancer, or existingNetwork');
    }
    if (!nat && props.outboundType === 'userAssignedNATGateway' && !props.existingNetwork) {
      throw ConfigurationError.forConstruct(this, 'outboundType', props.outboundType, 'needs a NAT gateway on the node subnet; allowed: loadBalancer | userDefinedRouting, or nat: true');
    }

    // Resource group.
    if (props.existingResourceGroupName) {
      this.resourceGroupName = props.existingResourceGroupName;
    } else {
      this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: `${name}-rg`, location, tags });
      this.resourceGroupName = this.resourceGroup.name;
    }
    const rg = this.resourceGroupName;
    this.nameSuffix = new StringResource(this, 'NameSuffix', { length: 6, lower: true, upper: false, numeric: true, special: false });
    const suffix = this.nameSuffix.result;

    // Network and egress.
    let vnetCidr: string | undefined;
    if (props.existingNetwork) {
      this.network = props.existingNetwork;
    } else {
      vnetCidr = props.networkCidr ?? '10.0.0.0/16';
      this.network = new AzureNetwork(this, 'Network', { name, location, resourceGroupName: rg, cidr: vnetCidr, tags });
    }
    const clusterDeps: ITerraformDependable[] = [];
    if (nat) {
      this.nat = new AzureNatGateway(this, 'Nat', {
        name,
        location,
        resourceGroupName: rg,
        subnetIds: [this.network.nodesSubnetId],
        staticIps: props.staticIps ?? (dev ? 1 : 2),
        deletionProtection,
        tags,
      });
      clusterDeps.push(...this.nat.dependables);
    }

    // Cluster.
    if (props.existingCluster) {
      this.cluster = props.existingCluster;
    } else {
      this.cluster = new AksCluster(this, 'Aks', {
        name: `${name}-aks`,
        location,
        resourceGroupName: rg,
        nodesSubnetId: this.network.nodesSubnetId,
        vnetId: this.network.vnetId,
        size,
        workload,
        vmSize: props.vmSize,
        kubernetesVersion: props.kubernetesVersion,
        zones: props.zones,
        apiAllowedCidrs: props.apiAllowedCidrs,
        // Nodes reach a public API server from the NAT IPs, which AKS does not authorize by itself.
        apiEgressAddresses: this.nat?.egress.addresses,
        outboundType: props.outboundType ?? (nat ? 'userAssignedNATGateway' : 'loadBalancer'),
        networkPolicy: props.networkPolicy,
        podCidr: props.podCidr,
        serviceCidr: props.serviceCidr,
        vnetCidr,
        adminGroupObjectIds: props.adminGroupObjectIds,
        grantDeployerClusterAdmin: props.grantDeployerClusterAdmin,
        kubeloginMode: props.kubeloginMode,
        privateDnsZoneId: props.privateDnsZoneIds?.aks,
        acrIds: props.acrIds,
        rbacPropagationSeconds: props.rbacPropagationSeconds,
        secretsEncryption: props.secretsEncryption,
        keyVaultName: `${truncateName(name, 13)}-kv-${suffix}`,
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
        appRouting: props.ingress ?? 'none',
        deletionProtection,
        tags,
        dependsOn: clusterDeps,
      });
    }

    // Stores.
    this.postgres = new AzurePostgres(this, 'Postgres', {
      name: `${name}-pg-${suffix}`,
      zoneLabel: name,
      location,
      resourceGroupName: rg,
      delegatedSubnetId: this.network.postgresSubnetId,
      vnetId: this.network.vnetId,
      existingPrivateDnsZoneId: props.privateDnsZoneIds?.postgres,
      size,
      zoneRedundant: zonalRegion,
      version: props.postgresVersion,
      skuName: props.postgresSku,
      geoRedundantBackup: props.postgresGeoRedundantBackup,
      deletionProtection,
      tags,
    });
    this.redis = new AzureManagedRedis(this, 'Redis', {
      name: `${name}-redis-${suffix}`,
      location,
      resourceGroupName: rg,
      privateEndpointSubnetId: this.network.privateEndpointSubnetId,
      vnetId: this.network.vnetId,
      existingPrivateDnsZoneId: props.privateDnsZoneIds?.redis,
      size,
      skuName: props.redisSku,
      highAvailability: props.redisHighAvailability,
      memoryGiB: props.standalone ? cacheFor(sizePreset(size), { standalone: true }).memoryGiB : undefined,
      deletionProtection,
      tags,
    });
    if (props.blobStorage ?? true) {
      this.blob = new AzureBlobStorage(this, 'Blob', {
        name,
        location,
        resourceGroupName: rg,
        storageAccountName: props.storageAccountName ?? `${alphanumeric(name).slice(0, 18)}${suffix}`,
        privateEndpointSubnetId: this.network.privateEndpointSubnetId,
        vnetId: this.network.vnetId,
        existingPrivateDnsZoneId: props.privateDnsZoneIds?.blob,
        oidcIssuerUrl: this.cluster.oidcIssuerUrl,
        namespace: props.namespace ?? DEFAULT_NAMESPACE,
        releaseName: props.releaseName ?? DEFAULT_RELEASE_NAME,
        replicationType: props.storageReplication ?? (dev || !zonalRegion ? 'LRS' : 'ZRS'),
        deletionProtection,
        tags,
      });
    }

    // ClickHouse Cloud over Private Link.
    if (privateLink) {
      this.clickhouse = new ClickHousePrivateLink(this, 'ClickHouse', {
        name,
        location,
        resourceGroupName: rg,
        endpointService: privateLink.endpointService,
        host: privateLink.host,
        subnetId: this.network.privateEndpointSubnetId,
        vnetId: this.network.vnetId,
        existingPrivateDnsZoneId: props.privateDnsZoneIds?.clickhouse,
        sourceAddressPrefixes: this.network.addressSpace,
        networkSecurityGroupName: this.network.privateEndpointNsgName,
        networkSecurityGroupResourceGroupName: this.network.privateEndpointNsgResourceGroupName,
        // A brought subnet without a named group: a group created here would be attached to nothing.
        securityRules: this.network.privateEndpointNsgName !== undefined,
        tags,
      });
    }

    const ingressClassName = props.ingress && this.cluster instanceof AksCluster ? this.cluster.ingressClassName : undefined;
    this.foundation = {
      cluster: this.cluster.access,
      postgres: this.postgres.connection,
      redis: this.redis.connection,
      blobStorage: this.blob?.blobStorage,
      clickhouseHost: props.clickhouse?.host,
      egress: this.nat?.egress,
      ingressClassName,
      ingressAnnotations: {},
      storageClassName: AKS_STORAGE_CLASS,
      addOns: [],
    };
  }
}
