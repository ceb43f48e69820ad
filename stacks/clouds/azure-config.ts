import { z } from 'zod';
import { ExposureType, exposureType } from '../exposure-type';
import { AKS_NETWORK_POLICIES, AKS_OUTBOUND_TYPES, KUBELOGIN_MODES } from '../../lib/azure/constants';
import { DEFAULT_POD_CIDR, DEFAULT_SERVICE_CIDR } from '../../lib/azure/address-plan';
import { cidrsOverlap, isPrivateCidr, parseCidr } from '../../lib/core/validation';

/**
 * The `azure:` block of a deployment: settings only cloud: azure has. Every field optional with a
 * documented default; unknown fields are rejected like everywhere else in the file. The enum
 * values are lib/azure/constants.ts's, a file that loads no provider binding.
 */
const PRIVATE_DNS_ZONE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+$/i;

/** A pod or service range AksCluster accepts: private, /8 to /24. */
const overlayRange = (v: string): boolean => isPrivateCidr(v) && parseCidr(v)!.prefix <= 24;

export const azureConfigSchema = z.strictObject({
  /** Subscription to deploy into. @default - ARM_SUBSCRIPTION_ID, else the Azure CLI's current subscription */
  subscriptionId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a subscription id (GUID)').optional(),
  /** An existing resource group for every resource. @default - a new group <name>-rg */
  resourceGroupName: z.string().regex(/^[-\w.()]{0,89}[-\w()]$/, 'a resource group name: 1-90 letters, digits, _ - . ( ), not ending with .').optional(),
  /**
   * How the AKS application routing add-on (managed NGINX, ingress class
   * webapprouting.kubernetes.azure.com) serves `hostname`: `internal` (an internal load balancer in
   * the VNet) or `external` (a public load balancer).
   * @default internal
   */
  ingress: z.enum(['internal', 'external']).default('internal'),
  /** AKS node VM size. @default - from the size preset (e.g. Standard_D8s_v5 for small) */
  vmSize: z.string().regex(/^Standard_[A-Za-z0-9_]+$/, 'an Azure VM size such as Standard_D8s_v5').optional(),
  /** Availability zones of the node pool; [] for a region without zones (then PostgreSQL HA is SameZone with no zone pinned and storage defaults to LRS). @default ["1","2","3"] outside size dev, none for dev */
  zones: z.array(z.enum(['1', '2', '3'])).optional(),
  /** Network policy engine (cilium = Azure CNI powered by Cilium). @default cilium */
  networkPolicy: z.enum(AKS_NETWORK_POLICIES).default('cilium'),
  /** Pod range of Azure CNI Overlay (must not overlap the VNet or peered networks). @default 10.244.0.0/16 */
  podCidr: z.string().refine(overlayRange, 'a private IPv4 CIDR of /24 or larger such as 10.244.0.0/16').optional(),
  /** Kubernetes service range (must not overlap the VNet). @default 172.16.0.0/16 */
  serviceCidr: z.string().refine(overlayRange, 'a private IPv4 CIDR of /24 or larger such as 172.16.0.0/16').optional(),
  /** NAT gateway with egress.staticIps static IPs on the node subnet. @default true for a created network, false with network.existingNetworkId */
  nat: z.boolean().optional(),
  /** AKS outbound type without a NAT gateway (an existing network). @default userAssignedNATGateway with nat, else loadBalancer */
  outboundType: z.enum(AKS_OUTBOUND_TYPES).optional(),
  /** Entra ID group object ids that get cluster-admin on AKS and Key Vault Crypto Officer on the secrets-encryption vault (give every operator and CI principal lasting access through them). @default [] */
  adminGroupObjectIds: z.array(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'an Entra ID object id (GUID)')).default([]),
  /** Grant the principal running Terraform "Azure Kubernetes Service RBAC Cluster Admin" (the app stack deploys with it), once, to whoever runs the first apply. @default true */
  grantDeployerClusterAdmin: z.boolean().default(true),
  /**
   * How kubelogin authenticates the app stack to AKS: azurecli (az login), spn (service principal;
   * kubelogin reads AZURE_CLIENT_SECRET), workloadidentity (AZURE_FEDERATED_TOKEN_FILE) or msi.
   * @default - follows the azurerm provider's authentication, in its order: spn with
   * ARM_CLIENT_SECRET or ARM_CLIENT_CERTIFICATE_PATH, workloadidentity with ARM_OIDC_TOKEN_FILE_PATH
   * or AZURE_FEDERATED_TOKEN_FILE, msi with ARM_USE_MSI=true, else azurecli
   */
  kubeloginMode: z.enum(KUBELOGIN_MODES).optional(),
  /** Seconds to wait for Azure RBAC role assignments to take effect before what uses them (0 = no wait). @default 120 */
  rbacPropagationSeconds: z.number().int().min(0).max(1800).default(120),
  /** Existing private DNS zones (linked to the VNet, e.g. by a hub) instead of zones created here: ids of the blob, redis (privatelink.redis.azure.net), postgres (*.postgres.database.azure.com) and clickhouse (<region>.privatelink.azure.clickhouse.cloud) zones, and aks (privatelink.<region>.azmk8s.io, for a private API server behind hub DNS). @default {} */
  privateDnsZoneIds: z.strictObject({
    blob: z.string().regex(PRIVATE_DNS_ZONE_ID, 'a private DNS zone id /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net').optional(),
    redis: z.string().regex(PRIVATE_DNS_ZONE_ID, 'a private DNS zone id /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.redis.azure.net').optional(),
    postgres: z.string().regex(PRIVATE_DNS_ZONE_ID, 'a private DNS zone id /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<label>.private.postgres.database.azure.com').optional(),
    clickhouse: z.string().regex(PRIVATE_DNS_ZONE_ID, 'a private DNS zone id /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<region>.privatelink.azure.clickhouse.cloud').optional(),
    aks: z.string().regex(PRIVATE_DNS_ZONE_ID, 'a private DNS zone id /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.<region>.azmk8s.io').optional(),
  }).default({}),
  /** Azure Container Registries (ARM ids) the AKS nodes pull images from, e.g. the agent server image or a LangSmith mirror (images.registry): the kubelet identity gets AcrPull. @default [] */
  acrIds: z.array(z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i, 'an Azure Container Registry id /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.ContainerRegistry/registries/<name>')).default([]),
  /** KMS encryption of Kubernetes secrets with a Key Vault key created for the cluster. @default true */
  secretsEncryption: z.boolean().default(true),
  /** Existing Log Analytics workspace (ARM id) for AKS audit logs and Container Insights. @default - a new workspace <name>-aks-logs */
  logAnalyticsWorkspaceId: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i, 'a Log Analytics workspace id /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>').optional(),
  /** PostgreSQL Flexible Server major version. @default 16 */
  postgresVersion: z.enum(['14', '15', '16', '17']).default('16'),
  /** PostgreSQL SKU. @default - from the size preset (B_Standard_B2s for dev, GP_Standard_D2ds_v5 for small) */
  postgresSku: z.string().regex(/^(B|GP|MO)_Standard_[A-Za-z0-9_]+$/, 'a Flexible Server SKU such as GP_Standard_D2ds_v5').optional(),
  /** Geo-redundant PostgreSQL backups (needs a region with a pair). @default true outside size dev */
  postgresGeoRedundantBackup: z.boolean().optional(),
  /** Azure Managed Redis SKU. @default - from the size preset (Balanced_B1 for dev, Balanced_B10 for small) */
  redisSku: z.string().regex(/^(Balanced|MemoryOptimized|ComputeOptimized|FlashOptimized)_[A-Z][0-9]+$/, 'an Azure Managed Redis SKU such as Balanced_B10').optional(),
  /** Azure Managed Redis high availability (a replica; ForceNew in azurerm 4.55, so pin it when changing size). @default true outside size dev */
  redisHighAvailability: z.boolean().optional(),
  /** Storage account name (globally unique). @default - the deployment name without '-' plus a 6-character random suffix */
  storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, '3-24 lowercase letters and digits (no -)').optional(),
  /** Storage account replication. @default ZRS, LRS for size dev or zones: [] */
  storageReplication: z.enum(['LRS', 'ZRS', 'GRS', 'GZRS']).optional(),
});

/** The fields of a deployment the Azure cross-field rules read. */
interface AzureRuleInput {
  readonly cloud: string;
  readonly hostname?: string;
  readonly network: { readonly existingNetworkId?: string; readonly cidr?: string };
  readonly exposure: { readonly type?: ExposureType; readonly className?: string; readonly tlsSecretName?: string; readonly certManagerIssuer?: string };
  readonly azure: {
    readonly ingress: 'internal' | 'external';
    readonly outboundType?: string;
    readonly nat?: boolean;
    readonly acrIds?: readonly string[];
    readonly podCidr?: string;
    readonly serviceCidr?: string;
  };
  readonly agentServer?: { readonly image?: string };
  readonly images?: { readonly registry?: string; readonly pullSecrets?: readonly string[] };
}

/** Whether a NAT gateway is created, as the builder tells the foundation: unless azure.nat says otherwise or the VNet exists. */
export function azureNat(d: { readonly network: { readonly existingNetworkId?: string }; readonly azure: { readonly nat?: boolean } }): boolean {
  return d.azure.nat ?? !d.network.existingNetworkId;
}

/** Whether the deployment's frontend is served by an Ingress of the AKS application routing add-on. */
export function usesAzureAppRouting(d: Pick<AzureRuleInput, 'hostname' | 'exposure'>): boolean {
  return exposureType(d) === 'ingress' && !!d.hostname && d.exposure.className === undefined;
}

/**
 * Cross-field rules of cloud: azure, run by the loader (stacks/config.ts) after the schema passed:
 * `err(field, value, allowed)` records one error.
 */
export function azureCrossCheck(d: AzureRuleInput, err: (field: string, value: unknown, allowed: string) => void): void {
  if (d.cloud !== 'azure') return;
  const existingNetwork = !!d.network.existingNetworkId;
  const nat = azureNat(d);
  const outbound = d.azure.outboundType;
  if (outbound === 'userDefinedRouting' && !existingNetwork) {
    err('azure.outboundType', 'userDefinedRouting', 'needs a route table to a firewall on the node subnet, which a created VNet does not have; allowed: userAssignedNATGateway | loadBalancer, or network.existingNetworkId with a routed node subnet');
  } else if (nat && outbound !== undefined && outbound !== 'userAssignedNATGateway') {
    err('azure.outboundType', outbound, 'with a NAT gateway (azure.nat) AKS egresses through it; allowed: userAssignedNATGateway, or azure.nat: false');
  } else if (!nat && outbound === 'userAssignedNATGateway' && !existingNetwork) {
    err('azure.outboundType', outbound, 'needs a NAT gateway on the node subnet, and azure.nat: false creates none in a created VNet; allowed: loadBalancer, or azure.nat: true');
  }
  // Azure CNI Overlay: pods and services must not overlap each other nor a created VNet (as AksCluster checks).
  const pods = d.azure.podCidr ?? DEFAULT_POD_CIDR;
  const services = d.azure.serviceCidr ?? DEFAULT_SERVICE_CIDR;
  const vnet = !existingNetwork && d.network.cidr && parseCidr(d.network.cidr) ? d.network.cidr : undefined;
  const overlap = (field: 'podCidr' | 'serviceCidr', range: string, other: string, otherName: string) => {
    if (parseCidr(range) && cidrsOverlap(range, other)) {
      err(`azure.${field}`, d.azure[field], `${d.azure[field] ? 'the range' : `the default ${range}`} overlaps ${otherName} (${other}); allowed: azure.${field} with a private range that overlaps neither the VNet nor the other overlay range${d.azure[field] ? '' : ', or another network.cidr'}`);
      return true;
    }
    return false;
  };
  if (vnet) overlap('podCidr', pods, vnet, 'network.cidr');
  if (!(vnet && overlap('serviceCidr', services, vnet, 'network.cidr'))) overlap('serviceCidr', services, pods, 'the pod range');
  const acr = [['agentServer.image', d.agentServer?.image], ['images.registry', d.images?.registry]]
    .find(([, ref]) => ref && /^[a-z0-9-]+\.azurecr\.(io|cn|us)(\/|$)/i.test(ref));
  if (acr && !(d.azure.acrIds ?? []).length && !(d.images?.pullSecrets ?? []).length) {
    err(acr[0]!, acr[1], 'an Azure Container Registry image, but AKS nodes have no pull access to it; allowed: azure.acrIds with the registry id (the kubelet identity gets AcrPull), or images.pullSecrets');
  }
  if (d.azure.ingress === 'external' && usesAzureAppRouting(d) && !d.exposure.tlsSecretName && !d.exposure.certManagerIssuer) {
    err('azure.ingress', 'external', 'a public load balancer without TLS sends the login page and API keys in clear over the internet; allowed: internal, or external with exposure.tlsSecretName (an existing TLS secret) or exposure.certManagerIssuer (a cert-manager ClusterIssuer you installed)');
  }
}

/** The fields of a deployment the shared-resource-group rule reads. */
interface AzureGroupInput {
  readonly name: string;
  readonly cloud: string;
  readonly mode: string;
  readonly region?: string;
  readonly clickhouse?: { readonly type?: string; readonly connectivity?: string };
  readonly azure: { readonly subscriptionId?: string; readonly resourceGroupName?: string; readonly privateDnsZoneIds: { readonly blob?: string; readonly redis?: string; readonly clickhouse?: string } };
}

/**
 * Deployments sharing one existing resource group (`azure.resourceGroupName`): each would create
 * the fixed-name private DNS zones (privatelink.redis.azure.net, privatelink.blob.core.windows.net,
 * <region>.privatelink.azure.clickhouse.cloud) in it, and the second create fails ("a resource with
 * the ID ... already exists"). `err(index, field, value, allowed)` records one error per later
 * deployment that would create a zone an earlier one creates.
 */
export function azureSharedResourceGroupCheck(ds: readonly AzureGroupInput[], err: (index: number, field: string, value: unknown, allowed: string) => void): void {
  const created = new Map<string, string>();
  ds.forEach((d, i) => {
    if (d.cloud !== 'azure' || !d.azure.resourceGroupName) return;
    const group = `${(d.azure.subscriptionId ?? '').toLowerCase()}/${d.azure.resourceGroupName.toLowerCase()}`;
    const zones: [string, string, string | undefined][] = [['redis', 'privatelink.redis.azure.net', d.azure.privateDnsZoneIds.redis]];
    if (d.mode !== 'standalone') zones.push(['blob', 'privatelink.blob.core.windows.net', d.azure.privateDnsZoneIds.blob]);
    if (d.mode !== 'standalone' && d.clickhouse?.type === 'langsmith-managed' && d.clickhouse.connectivity === 'private-link') {
      zones.push(['clickhouse', `${d.region}.privatelink.azure.clickhouse.cloud`, d.azure.privateDnsZoneIds.clickhouse]);
    }
    for (const [key, zone, existing] of zones) {
      if (existing) continue;
      const first = created.get(`${group}/${zone}`);
      if (first) {
        err(i, 'azure.resourceGroupName', d.azure.resourceGroupName, `deployment ${first} already creates the private DNS zone ${zone} in this resource group (a second one fails with "already exists"); allowed: another resource group, or azure.privateDnsZoneIds.${key} (a zone linked to this deployment's VNet)`);
      } else {
        created.set(`${group}/${zone}`, d.name);
      }
    }
  });
}
