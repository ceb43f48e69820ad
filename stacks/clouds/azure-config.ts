import { z } from 'zod';

/**
 * The `azure:` block of a deployment: settings only cloud: azure has. Every field optional with a
 * documented default; unknown fields are rejected like everywhere else in the file.
 * (Enum values mirror lib/azure; they are repeated here so loading the config does not load the
 * provider bindings.)
 */
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
  /** Availability zones of the node pool (empty for regions without zones). @default ["1","2","3"] outside size dev, none for dev */
  zones: z.array(z.enum(['1', '2', '3'])).optional(),
  /** Network policy engine (cilium = Azure CNI powered by Cilium). @default cilium */
  networkPolicy: z.enum(['cilium', 'azure', 'calico']).default('cilium'),
  /** Pod range of Azure CNI Overlay (must not overlap the VNet or peered networks). @default 10.244.0.0/16 */
  podCidr: z.string().optional(),
  /** Kubernetes service range (must not overlap the VNet). @default 172.16.0.0/16 */
  serviceCidr: z.string().optional(),
  /** NAT gateway with egress.staticIps static IPs on the node subnet. @default true for a created network, false with network.existingNetworkId */
  nat: z.boolean().optional(),
  /** AKS outbound type without a NAT gateway (an existing network). @default userAssignedNATGateway with nat, else loadBalancer */
  outboundType: z.enum(['userAssignedNATGateway', 'loadBalancer', 'userDefinedRouting']).optional(),
  /** Entra ID group object ids that get cluster-admin on AKS. @default [] */
  adminGroupObjectIds: z.array(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'an Entra ID object id (GUID)')).default([]),
  /** Grant the principal running Terraform "Azure Kubernetes Service RBAC Cluster Admin" (the app stack deploys with it). @default true */
  grantDeployerClusterAdmin: z.boolean().default(true),
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
  /** Storage account name (globally unique). @default - the deployment name without '-' plus a 6-character random suffix */
  storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, '3-24 lowercase letters and digits (no -)').optional(),
  /** Storage account replication. @default ZRS, LRS for size dev */
  storageReplication: z.enum(['LRS', 'ZRS', 'GRS', 'GZRS']).optional(),
});
