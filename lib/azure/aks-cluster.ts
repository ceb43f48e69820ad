import { Fn, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { DataAzurermKubernetesCluster } from '@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster';
import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorDataCollectionRule } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule';
import { MonitorDataCollectionRuleAssociation } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { ClusterAccess } from '../core/contracts';
import { SIZE_NAMES, SizeName, SIZE_PRESETS } from '../core/sizing';
import { checkAllowList, checkInteger, checkNoOverlap, checkOneOf, checkPattern, checkPrivateCidr } from '../core/validation';
import { DEFAULT_POD_CIDR, DEFAULT_SERVICE_CIDR, dnsServiceIp } from './address-plan';
import { AksSecretsKey } from './aks-secrets-key';
import { RbacPropagationWait } from './rbac-wait';
import { AKS_NAME_PATTERN, AzureTags, checkArmId, checkLocation, checkSubnetId, parseArmId, truncateName, VNET_ID_EXAMPLE } from './common';
import { ConfigurationError } from '../core/errors';
import { aksNodePool, AksWorkload, aksVmSize } from './sizing';
import { KUBERNETES_MINOR_VERSIONS, kubernetesMinor } from '../core/kubernetes-versions';
import { checkOffered } from '../core/validation';
import { AKS_OUTBOUND_TYPES, AKS_NETWORK_POLICIES, isAksPrivateDnsZoneName, KUBELOGIN_MODES, AksOutboundType, AksNetworkPolicy, KubeloginMode } from './constants';

// Defined in constants.ts (no provider binding: the deployments-file loader imports them); re-exported here.
export { AKS_OUTBOUND_TYPES, AKS_NETWORK_POLICIES, KUBELOGIN_MODES };
export type { AksOutboundType, AksNetworkPolicy, KubeloginMode };

/**
 * The Kubernetes minor version new clusters get. 1.34: a version AKS supports in general
 * availability; the official LangSmith modules pin AKS 1.35 and EKS 1.34, and LangSmith accepts
 * any upstream-supported version (LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale §2).
 */
export const DEFAULT_AKS_VERSION = '1.34';

/** Entra ID application id of the AKS AAD server, the audience kubelogin requests tokens for. */
export const AKS_AAD_SERVER_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

/** Ingress class of the AKS application routing add-on (managed NGINX). */
export const APP_ROUTING_INGRESS_CLASS = 'webapprouting.kubernetes.azure.com';

/** AKS's built-in Premium SSD (Azure Disk CSI) storage class. */
export const AKS_STORAGE_CLASS = 'managed-csi-premium';

/** How the application routing add-on exposes its default NGINX controller. */
export const AKS_APP_ROUTING_MODES = ['internal', 'external', 'none'] as const;
export type AksAppRouting = typeof AKS_APP_ROUTING_MODES[number];

/**
 * Control-plane log categories sent to Log Analytics: `kube-audit-admin` (the audit log without
 * get/list, the bulk of `kube-audit`) and `guard` (Entra ID authentication and Azure RBAC
 * decisions). The verbose `kube-apiserver` and `kube-controller-manager` logs are operational,
 * not audit, and cost the most ingestion: add them with `logCategories` when debugging.
 */
export const AKS_LOG_CATEGORIES = ['kube-audit-admin', 'guard'];

/** Container Insights streams collected by the data collection rule (the default group: inventory, events, ContainerLogV2, performance). */
export const CONTAINER_INSIGHTS_STREAMS = ['Microsoft-ContainerInsights-Group-Default'];

/** An AKS cluster, created here or existing. */
export interface IAksCluster {
  readonly clusterName: string;
  /** Resource group of the cluster. */
  readonly resourceGroupName: string;
  /** OIDC issuer URL, for workload identity federated credentials. */
  readonly oidcIssuerUrl: string;
  /** How the Kubernetes and Helm providers reach it (kubelogin exec auth). */
  readonly access: ClusterAccess;
  /** What resources using the cluster must wait for. */
  readonly dependables: ITerraformDependable[];
}

/** Attributes of an existing AKS cluster (with OIDC issuer, workload identity and Entra ID RBAC on). */
export interface AksClusterAttributes {
  readonly clusterName: string;
  readonly resourceGroupName: string;
  /** How kubelogin authenticates ({@link KUBELOGIN_MODES}). @default 'azurecli' */
  readonly kubeloginMode?: KubeloginMode;
}

/** An existing cluster for secrets encryption: the vault and key the cluster identity is granted. */
export interface AksExistingSecretsKey {
  /** Key Vault ARM id (the cluster identity gets Key Vault Crypto User on it). */
  readonly keyVaultId: string;
  /** Versioned key id `https://<vault>.vault.azure.net/keys/<name>/<version>`. */
  readonly keyId: string;
}

/** Properties of {@link AksCluster}. */
export interface AksClusterProps {
  /** Cluster name (also the DNS prefix). */
  readonly name: string;
  /** Azure region (location), e.g. westus3. */
  readonly location: string;
  /** Name of the resource group the cluster and its resources are created in. */
  readonly resourceGroupName: string;
  /** Subnet of the nodes. */
  readonly nodesSubnetId: string;
  /**
   * The VNet of the node subnet. A private cluster links its private DNS zone to this VNet, which
   * needs `Microsoft.Network/virtualNetworks/join/action` on the VNet itself: the control-plane
   * identity gets Network Contributor on it.
   * @default - the VNet part of `nodesSubnetId`
   */
  readonly vnetId?: string;
  /**
   * An existing private DNS zone for a private API server, `privatelink.<location>.azmk8s.io` or
   * `<subzone>.privatelink.<location>.azmk8s.io`, linked to the network whose DNS the VNet uses (a
   * hub with custom DNS servers): the control-plane identity gets Private DNS Zone Contributor on
   * it. Only for a private cluster.
   * @default - 'System' (AKS creates the zone in the node resource group, linked to the VNet)
   */
  readonly privateDnsZoneId?: string;
  /** Sizing preset (node VM size, counts, zones, SKU tier). @default 'small' */
  readonly size?: SizeName;
  /** Node VM size. @default - from the preset and `workload` (e.g. Standard_D8s_v5 for small, Standard_D4s_v5 for a standalone agent server) */
  readonly vmSize?: string;
  /** What runs on the nodes: sizes the node pool ({@link aksNodePool}). @default - LangSmith with in-cluster ClickHouse (the preset's nodes) */
  readonly workload?: AksWorkload;
  /** Kubernetes minor version. @default '1.34' */
  readonly kubernetesVersion?: string;
  /** Availability zones of the node pool. @default ['1','2','3'] outside size dev, none for dev */
  readonly zones?: string[];
  /**
   * CIDRs allowed to reach a public API server. Empty: a private cluster (API server on a private
   * endpoint in the VNet; CKV_AZURE_115). Never 0.0.0.0/0 (CKV_AZURE_6).
   * @default []
   */
  readonly apiAllowedCidrs?: string[];
  /**
   * The cluster's own egress addresses (the NAT gateway's public IPs), added as /32 to a public
   * API server's authorized ranges: nodes reach a public API server from them, and AKS adds only
   * a load balancer's outbound IPs by itself, so without them node provisioning fails.
   * Ignored for a private cluster.
   * @default []
   */
  readonly apiEgressAddresses?: string[];
  /**
   * How nodes reach the internet: `userAssignedNATGateway` needs a NAT gateway on the node subnet
   * (see AzureNatGateway; pass its `dependables` in `dependsOn`); `userDefinedRouting` a
   * route table to a firewall.
   * @default 'userAssignedNATGateway'
   */
  readonly outboundType?: AksOutboundType;
  /** Network policy engine (CKV_AZURE_7). `cilium` runs Azure CNI powered by Cilium. @default 'cilium' */
  readonly networkPolicy?: AksNetworkPolicy;
  /** Pod range of Azure CNI Overlay (outside the VNet). @default '10.244.0.0/16' */
  readonly podCidr?: string;
  /** Kubernetes service range (outside the VNet). @default '172.16.0.0/16' */
  readonly serviceCidr?: string;
  /** The VNet address space, to check the pod and service ranges against. @default - not checked */
  readonly vnetCidr?: string;
  /** Entra ID groups that get cluster-admin (Azure RBAC for Kubernetes). @default [] */
  readonly adminGroupObjectIds?: string[];
  /**
   * Grant the principal running Terraform "Azure Kubernetes Service RBAC Cluster Admin" on the
   * cluster, so that the app stack can install LangSmith with kubelogin (local accounts are off).
   * @default true
   */
  readonly grantDeployerClusterAdmin?: boolean;
  /**
   * Azure Container Registries (ARM ids) the nodes pull images from: the kubelet identity gets
   * AcrPull on each (AKS has no pull access to a registry by itself; pods pulling a private
   * `*.azurecr.io` image otherwise stay in ImagePullBackOff).
   * @default []
   */
  readonly acrIds?: string[];
  /** How kubelogin authenticates the app stack ({@link KUBELOGIN_MODES}); match the azurerm provider's authentication. @default 'azurecli' */
  readonly kubeloginMode?: KubeloginMode;
  /** Seconds to wait for role assignments to take effect before what uses them ({@link RbacPropagationWait}; 0 = no wait). @default 120 */
  readonly rbacPropagationSeconds?: number;
  /**
   * Encrypt Kubernetes secrets in etcd with a customer-managed Key Vault key (KMS). `true` creates
   * a Key Vault and key ({@link AksSecretsKey}); an object uses an existing key; `false` leaves the
   * platform-managed encryption at rest only.
   * @default true
   */
  readonly secretsEncryption?: boolean | AksExistingSecretsKey;
  /** Name of the Key Vault created for secrets encryption (globally unique). @default `<name>-kms` (truncated) */
  readonly keyVaultName?: string;
  /** Existing Log Analytics workspace for control-plane audit logs and Container Insights. @default - a new workspace `<name>-logs` */
  readonly logAnalyticsWorkspaceId?: string;
  /** Retention of the created workspace (30-730 days; the first 31 days of Analytics logs carry no retention charge). @default 30 */
  readonly logRetentionDays?: number;
  /** The application routing add-on (managed NGINX, ingress class `webapprouting.kubernetes.azure.com`). @default 'none' */
  readonly appRouting?: AksAppRouting;
  /** Control-plane log categories sent to Log Analytics. @default AKS_LOG_CATEGORIES (kube-audit-admin, guard) */
  readonly logCategories?: string[];
  /**
   * Encryption at host for node disks and caches (CKV_AZURE_227). Off by default: it needs the
   * subscription feature `Microsoft.Compute/EncryptionAtHost` registered, or cluster creation
   * fails; OS and data disks are encrypted at rest by the platform either way.
   * @default false
   */
  readonly hostEncryption?: boolean;
  /** `Free` or `Standard` (uptime SLA). @default 'Standard', 'Free' for size dev */
  readonly skuTier?: 'Free' | 'Standard';
  /** Terraform `prevent_destroy` on the cluster. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: AzureTags;
  /** Resources to wait for (the NAT gateway association, the subnet). @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The kubelogin arguments for a login mode. Service principal, managed identity and workload
 * identity logins name the client and tenant the azurerm provider authenticated with
 * (`azurerm_client_config`): the principal that was granted cluster admin is the one that connects.
 * Secrets never appear here: kubelogin reads them from its environment.
 */
export function kubeloginArgs(mode: KubeloginMode, client: { readonly clientId: string; readonly tenantId: string }): string[] {
  const base = ['get-token', '--login', mode, '--server-id', AKS_AAD_SERVER_ID];
  switch (mode) {
    case 'azurecli': return base;
    case 'msi': return [...base, '--client-id', client.clientId];
    default: return [...base, '--tenant-id', client.tenantId, '--client-id', client.clientId];
  }
}

/** The kubelogin exec plugin and kubeconfig command for a cluster. */
function clusterAccess(name: string, resourceGroupName: string, host: string, caBase64: string, mode: KubeloginMode, client: { readonly clientId: string; readonly tenantId: string }): ClusterAccess {
  return {
    clusterName: name,
    host,
    clusterCaCertificate: Fn.base64decode(caBase64),
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'kubelogin',
      args: kubeloginArgs(mode, client),
    },
    kubeconfigCommand: `az aks get-credentials --resource-group ${resourceGroupName} --name ${name} && kubelogin convert-kubeconfig -l ${mode}`,
  };
}

/**
 * An AKS cluster for LangSmith, secure by default:
 * - private cluster (CKV_AZURE_115, AVD-AZU-0065) unless `apiAllowedCidrs` are given, then a
 *   public API server restricted to them (CKV_AZURE_6, AVD-AZU-0041);
 * - Entra ID authentication with Azure RBAC for Kubernetes, local accounts disabled
 *   (CKV_AZURE_141), Kubernetes RBAC on (CKV_AZURE_5, AVD-AZU-0042); the app stack authenticates
 *   with kubelogin (exec), never with a static credential;
 * - OIDC issuer + Workload Identity (blob storage access without keys);
 * - Azure CNI Overlay with a network policy engine (CKV_AZURE_7, AVD-AZU-0043);
 * - a user-assigned control-plane identity with Network Contributor on the node subnet (needed
 *   for a NAT gateway or route table on a subnet the cluster does not own);
 * - KMS encryption of secrets with a Key Vault key ({@link AksSecretsKey});
 * - control-plane audit logs (`kube-audit-admin`, `kube-apiserver`, `kube-controller-manager`,
 *   `guard`) and Container Insights to Log Analytics (CKV_AZURE_4), Azure Policy add-on
 *   (CKV_AZURE_116);
 * - autoscaling node pool sized by preset, zones 1-3 outside dev, Azure Linux nodes, automatic
 *   patch upgrades and node image upgrades, image cleaner.
 * Disk encryption sets (CKV_AZURE_117) are not set: customer-managed disk keys are optional in
 * this library; disks are platform-encrypted. AKS has no deletion flag of its own: a management
 * lock on the cluster would block node pool rotation (deleting the temporary pool), so deletion
 * protection is Terraform's `prevent_destroy` only.
 */
export class AksCluster extends Construct implements IAksCluster {
  /** An existing cluster, read with a data source (OIDC issuer, endpoint, CA). */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: AksClusterAttributes): IAksCluster {
    return new ImportedAksCluster(scope, id, attrs);
  }

  public readonly cluster: KubernetesCluster;
  public readonly identity: UserAssignedIdentity;
  public readonly secretsKey?: AksSecretsKey;
  public readonly logAnalyticsWorkspace?: LogAnalyticsWorkspace;
  public readonly auditLogs: MonitorDiagnosticSetting;
  public readonly clusterName: string;
  public readonly resourceGroupName: string;
  public readonly oidcIssuerUrl: string;
  public readonly access: ClusterAccess;
  public readonly dependables: ITerraformDependable[];
  /** Ingress class of the application routing add-on, when enabled. */
  public readonly ingressClassName?: string;
  /** Container Insights data collection rule (associated with the cluster). */
  public readonly containerInsightsRule: MonitorDataCollectionRule;
  /** Private API server FQDN (`*.privatelink.<region>.azmk8s.io`) of a private cluster: it resolves only inside the VNet and networks linked to its zone. */
  public readonly privateFqdn?: string;

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    checkPattern(this, 'name', props.name, AKS_NAME_PATTERN, '1-63 letters, digits, _ and -, starting and ending with a letter or digit');
    checkLocation(this, 'location', props.location);
    checkSubnetId(this, 'nodesSubnetId', props.nodesSubnetId);
    checkOneOf(this, 'size', props.size, SIZE_NAMES);
    checkPattern(this, 'kubernetesVersion', props.kubernetesVersion, /^1\.\d{2}(\.\d+)?$/, 'a Kubernetes version such as 1.34');
    if (props.kubernetesVersion !== undefined && !Token.isUnresolved(props.kubernetesVersion)) checkOffered(this, 'kubernetesVersion', kubernetesMinor(props.kubernetesVersion), KUBERNETES_MINOR_VERSIONS, 'Kubernetes minor version');
    checkPattern(this, 'vmSize', props.vmSize, /^Standard_[A-Za-z0-9_]+$/, 'an Azure VM size such as Standard_D8s_v5');
    checkAllowList(this, 'apiAllowedCidrs', props.apiAllowedCidrs);
    checkOneOf(this, 'outboundType', props.outboundType, AKS_OUTBOUND_TYPES);
    checkOneOf(this, 'networkPolicy', props.networkPolicy, AKS_NETWORK_POLICIES);
    checkOneOf(this, 'appRouting', props.appRouting, AKS_APP_ROUTING_MODES);
    checkOneOf(this, 'kubeloginMode', props.kubeloginMode, KUBELOGIN_MODES);
    checkArmId(this, 'vnetId', props.vnetId, 'Microsoft.Network/virtualNetworks', VNET_ID_EXAMPLE);
    checkInteger(this, 'logRetentionDays', props.logRetentionDays, 30, 730);
    checkArmId(this, 'logAnalyticsWorkspaceId', props.logAnalyticsWorkspaceId, 'Microsoft.OperationalInsights/workspaces', '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>');
    for (const z of props.zones ?? []) checkOneOf(this, 'zones', z, ['1', '2', '3']);
    const podCidr = props.podCidr ?? DEFAULT_POD_CIDR;
    const serviceCidr = props.serviceCidr ?? DEFAULT_SERVICE_CIDR;
    checkPrivateCidr(this, 'podCidr', podCidr, 8, 24);
    checkPrivateCidr(this, 'serviceCidr', serviceCidr, 8, 24);
    checkNoOverlap(this, { vnetCidr: props.vnetCidr, podCidr, serviceCidr });
    for (const acrId of props.acrIds ?? []) checkArmId(this, 'acrIds', acrId, 'Microsoft.ContainerRegistry/registries', '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerRegistry/registries/<name>');
    checkArmId(this, 'privateDnsZoneId', props.privateDnsZoneId, 'Microsoft.Network/privateDnsZones', `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.${props.location}.azmk8s.io`);
    if (props.privateDnsZoneId !== undefined && (props.apiAllowedCidrs ?? []).length > 0) {
      throw ConfigurationError.forConstruct(this, 'privateDnsZoneId', props.privateDnsZoneId, 'only for a private cluster; allowed: remove it, or apiAllowedCidrs: []');
    }
    const aksZone = props.privateDnsZoneId ? parseArmId(props.privateDnsZoneId) : undefined;
    if (aksZone && !Token.isUnresolved(props.location) && !isAksPrivateDnsZoneName(aksZone.name, props.location)) {
      throw ConfigurationError.forConstruct(this, 'privateDnsZoneId', props.privateDnsZoneId, `allowed: a zone named privatelink.${props.location}.azmk8s.io or <subzone>.privatelink.${props.location}.azmk8s.io (AKS refuses any other)`);
    }
    const existingKey = typeof props.secretsEncryption === 'object' ? props.secretsEncryption : undefined;
    if (existingKey) {
      checkArmId(this, 'secretsEncryption.keyVaultId', existingKey.keyVaultId, 'Microsoft.KeyVault/vaults', '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>');
      checkPattern(this, 'secretsEncryption.keyId', existingKey.keyId, /^https:\/\/[a-zA-Z0-9-]+\.vault\.[a-z.]+\/keys\/[^/]+\/[0-9a-f]{32}$/, 'a versioned Key Vault key id https://<vault>.vault.azure.net/keys/<name>/<version>');
    }

    const size = props.size ?? 'small';
    const preset = SIZE_PRESETS[size];
    const nodes = aksNodePool(preset, props.workload);
    const dev = size === 'dev';
    const apiAllowedCidrs = props.apiAllowedCidrs ?? [];
    const privateCluster = apiAllowedCidrs.length === 0;
    const authorizedIpRanges = [...apiAllowedCidrs, ...(props.apiEgressAddresses ?? []).map((ip) => `${ip}/32`)];
    const zones = props.zones ?? (dev ? [] : ['1', '2', '3']);
    const base = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };

    const client = new DataAzurermClientConfig(this, 'Client', {});
    this.identity = new UserAssignedIdentity(this, 'Identity', { ...base, name: `${props.name}-control-plane` });
    const subnetAccess = new RoleAssignment(this, 'SubnetNetworkContributor', {
      scope: props.nodesSubnetId,
      roleDefinitionName: 'Network Contributor',
      principalId: this.identity.principalId,
      principalType: 'ServicePrincipal',
    });
    // A private cluster links its private DNS zone to the VNet: that needs join on the VNet, not
    // only on the subnet (LinkedAuthorizationFailed on virtualNetworks/join/action otherwise).
    const identityGrants: RoleAssignment[] = [subnetAccess];
    if (privateCluster) {
      const vnetId = props.vnetId ?? Fn.join('/', Fn.slice(Fn.split('/', props.nodesSubnetId), 0, 9));
      identityGrants.push(new RoleAssignment(this, 'VnetNetworkContributor', {
        scope: vnetId,
        roleDefinitionName: 'Network Contributor',
        principalId: this.identity.principalId,
        principalType: 'ServicePrincipal',
      }));
    }
    if (privateCluster && props.privateDnsZoneId) {
      // A brought zone: AKS writes the API server's A record there and links it to the VNet.
      identityGrants.push(new RoleAssignment(this, 'PrivateDnsZoneContributor', {
        scope: props.privateDnsZoneId,
        roleDefinitionName: 'Private DNS Zone Contributor',
        principalId: this.identity.principalId,
        principalType: 'ServicePrincipal',
      }));
    }
    const clusterDeps: ITerraformDependable[] = [...(props.dependsOn ?? [])];

    let kms: { keyVaultKeyId: string; keyVaultNetworkAccess: string } | undefined;
    if (props.secretsEncryption === undefined || props.secretsEncryption === true) {
      const vaultName = props.keyVaultName ?? `${truncateName(props.name, 20)}-kms`;
      this.secretsKey = new AksSecretsKey(this, 'SecretsKey', {
        keyVaultName: vaultName,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        tenantId: client.tenantId,
        clusterPrincipalId: this.identity.principalId,
        deployerObjectId: client.objectId,
        adminGroupObjectIds: props.adminGroupObjectIds,
        rbacPropagationSeconds: props.rbacPropagationSeconds,
        deletionProtection: props.deletionProtection,
        tags: props.tags,
      });
      clusterDeps.push(this.secretsKey.key);
      identityGrants.push(this.secretsKey.clusterAccess);
      kms = { keyVaultKeyId: this.secretsKey.keyId, keyVaultNetworkAccess: 'Public' };
    } else if (existingKey) {
      identityGrants.push(new RoleAssignment(this, 'ClusterCryptoUser', {
        scope: existingKey.keyVaultId,
        roleDefinitionName: 'Key Vault Crypto User',
        principalId: this.identity.principalId,
        principalType: 'ServicePrincipal',
      }));
      kms = { keyVaultKeyId: existingKey.keyId, keyVaultNetworkAccess: 'Public' };
    }

    let workspaceId = props.logAnalyticsWorkspaceId;
    if (!workspaceId) {
      this.logAnalyticsWorkspace = new LogAnalyticsWorkspace(this, 'Logs', {
        ...base,
        name: `${props.name}-logs`,
        sku: 'PerGB2018',
        retentionInDays: props.logRetentionDays ?? 30,
      });
      workspaceId = this.logAnalyticsWorkspace.id;
    }
    // AKS validates its identity's access to the subnet, VNet and key at create time.
    const identityWait = new RbacPropagationWait(this, 'IdentityPropagation', { grants: identityGrants, seconds: props.rbacPropagationSeconds });
    clusterDeps.push(...identityWait.dependables);

    const appRouting = props.appRouting ?? 'none';
    this.cluster = new KubernetesCluster(this, 'Cluster', {
      ...base,
      name: props.name,
      dnsPrefix: props.name,
      kubernetesVersion: props.kubernetesVersion ?? DEFAULT_AKS_VERSION,
      skuTier: props.skuTier ?? (dev ? 'Free' : 'Standard'),
      automaticUpgradeChannel: 'patch',
      nodeOsUpgradeChannel: 'NodeImage',
      privateClusterEnabled: privateCluster,
      privateDnsZoneId: privateCluster ? (props.privateDnsZoneId ?? 'System') : undefined,
      apiServerAccessProfile: privateCluster ? undefined : { authorizedIpRanges },
      roleBasedAccessControlEnabled: true,
      localAccountDisabled: true,
      azureActiveDirectoryRoleBasedAccessControl: {
        azureRbacEnabled: true,
        tenantId: client.tenantId,
        adminGroupObjectIds: props.adminGroupObjectIds,
      },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      identity: { type: 'UserAssigned', identityIds: [this.identity.id] },
      keyManagementService: kms,
      defaultNodePool: {
        name: 'system',
        vmSize: props.vmSize ?? aksVmSize(nodes),
        vnetSubnetId: props.nodesSubnetId,
        zones: zones.length ? zones : undefined,
        autoScalingEnabled: true,
        minCount: nodes.min,
        maxCount: nodes.max,
        osSku: 'AzureLinux',
        osDiskType: 'Managed',
        hostEncryptionEnabled: props.hostEncryption ?? false,
        nodePublicIpEnabled: false,
        maxPods: 110,
        temporaryNameForRotation: 'systemtmp',
        upgradeSettings: { maxSurge: '10%' },
        tags: props.tags,
      },
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkPolicy: props.networkPolicy ?? 'cilium',
        networkDataPlane: (props.networkPolicy ?? 'cilium') === 'cilium' ? 'cilium' : 'azure',
        outboundType: props.outboundType ?? 'userAssignedNATGateway',
        loadBalancerSku: 'standard',
        podCidr,
        serviceCidr,
        dnsServiceIp: dnsServiceIp(serviceCidr),
      },
      omsAgent: { logAnalyticsWorkspaceId: workspaceId, msiAuthForMonitoringEnabled: true },
      azurePolicyEnabled: true,
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: 48,
      webAppRouting: appRouting === 'none' ? undefined : { dnsZoneIds: [], defaultNginxController: appRouting === 'internal' ? 'Internal' : 'External' },
      storageProfile: { diskDriverEnabled: true, fileDriverEnabled: false, blobDriverEnabled: false, snapshotControllerEnabled: true },
      lifecycle: { preventDestroy: props.deletionProtection ?? true, ignoreChanges: ['default_node_pool[0].node_count'] },
      dependsOn: clusterDeps,
    });

    this.auditLogs = new MonitorDiagnosticSetting(this, 'AuditLogs', {
      name: 'langsmith-control-plane',
      targetResourceId: this.cluster.id,
      logAnalyticsWorkspaceId: workspaceId,
      logAnalyticsDestinationType: 'Dedicated',
      enabledLog: (props.logCategories ?? AKS_LOG_CATEGORIES).map((category) => ({ category })),
    });

    // Container Insights with managed identity auth collects only what a data collection rule
    // associated with the cluster names (the Azure CLI creates one; Terraform must).
    this.containerInsightsRule = new MonitorDataCollectionRule(this, 'ContainerInsights', {
      ...base,
      name: `${truncateName(props.name, 60)}-ci`,
      kind: 'Linux',
      description: 'Container Insights for the LangSmith AKS cluster',
      destinations: { logAnalytics: [{ name: 'ciworkspace', workspaceResourceId: workspaceId }] },
      dataFlow: [{ streams: CONTAINER_INSIGHTS_STREAMS, destinations: ['ciworkspace'] }],
      dataSources: {
        extension: [{
          name: 'ContainerInsightsExtension',
          extensionName: 'ContainerInsights',
          streams: CONTAINER_INSIGHTS_STREAMS,
          // Azure Monitor's "cost-optimized" settings: 5-minute inventory and metrics, system namespaces excluded.
          extensionJson: JSON.stringify({ dataCollectionSettings: { interval: '5m', namespaceFilteringMode: 'Exclude', namespaces: ['kube-system', 'gatekeeper-system', 'azure-arc'], enableContainerLogV2: true } }),
        }],
      },
    });
    new MonitorDataCollectionRuleAssociation(this, 'ContainerInsightsAssociation', {
      name: 'ContainerInsightsExtension',
      targetResourceId: this.cluster.id,
      dataCollectionRuleId: this.containerInsightsRule.id,
      description: 'Container Insights data collection for the LangSmith AKS cluster',
    });

    const deps: ITerraformDependable[] = [this.cluster];
    // Grants the app stack relies on once this stack is done: the wait makes them effective first.
    const appGrants: RoleAssignment[] = (props.acrIds ?? []).map((acrId, i) => new RoleAssignment(this, `AcrPull${i}`, {
      scope: acrId,
      roleDefinitionName: 'AcrPull',
      principalId: this.cluster.kubeletIdentity.objectId,
      principalType: 'ServicePrincipal',
    }));
    if (props.grantDeployerClusterAdmin ?? true) {
      // Made once, to whoever runs the first apply (ignore_changes): a second operator or a CI
      // principal does not replace it and so revoke the first one; lasting access goes through
      // adminGroupObjectIds (cluster-admin through the Entra ID integration).
      const admin = new RoleAssignment(this, 'DeployerClusterAdmin', {
        scope: this.cluster.id,
        roleDefinitionName: 'Azure Kubernetes Service RBAC Cluster Admin',
        principalId: client.objectId,
        lifecycle: { ignoreChanges: ['principal_id'] },
      });
      appGrants.unshift(admin);
    }
    if (appGrants.length) deps.push(...new RbacPropagationWait(this, 'AdminPropagation', { grants: appGrants, seconds: props.rbacPropagationSeconds }).dependables);

    this.clusterName = this.cluster.name;
    this.resourceGroupName = props.resourceGroupName;
    this.oidcIssuerUrl = this.cluster.oidcIssuerUrl;
    const kubeConfig = this.cluster.kubeConfig.get(0);
    this.access = clusterAccess(props.name, props.resourceGroupName, kubeConfig.host, kubeConfig.clusterCaCertificate, props.kubeloginMode ?? 'azurecli', client);
    this.privateFqdn = privateCluster ? this.cluster.privateFqdn : undefined;
    this.dependables = deps;
    this.ingressClassName = appRouting === 'none' ? undefined : APP_ROUTING_INGRESS_CLASS;
  }
}

/** An existing AKS cluster ({@link AksCluster.fromClusterAttributes}). */
class ImportedAksCluster extends Construct implements IAksCluster {
  public readonly clusterName: string;
  public readonly resourceGroupName: string;
  public readonly oidcIssuerUrl: string;
  public readonly access: ClusterAccess;
  public readonly dependables: ITerraformDependable[];

  constructor(scope: Construct, id: string, attrs: AksClusterAttributes) {
    super(scope, id);
    checkPattern(this, 'clusterName', attrs.clusterName, AKS_NAME_PATTERN, '1-63 letters, digits, _ and -, starting and ending with a letter or digit');
    const data = new DataAzurermKubernetesCluster(this, 'Cluster', { name: attrs.clusterName, resourceGroupName: attrs.resourceGroupName });
    this.clusterName = attrs.clusterName;
    this.resourceGroupName = attrs.resourceGroupName;
    this.oidcIssuerUrl = data.oidcIssuerUrl;
    checkOneOf(this, 'kubeloginMode', attrs.kubeloginMode, KUBELOGIN_MODES);
    const kubeConfig = data.kubeConfig.get(0);
    const mode = attrs.kubeloginMode ?? 'azurecli';
    const client = mode === 'azurecli' ? { clientId: '', tenantId: '' } : new DataAzurermClientConfig(this, 'Client', {});
    this.access = clusterAccess(attrs.clusterName, attrs.resourceGroupName, kubeConfig.host, kubeConfig.clusterCaCertificate, mode, client);
    this.dependables = [];
  }
}
