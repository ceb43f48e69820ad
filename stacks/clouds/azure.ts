import { App } from 'cdktf';
import { TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { AksCluster, KubeloginMode } from '../../lib/azure/aks-cluster';
import { AzureLangSmithFoundation } from '../../lib/azure/foundation';
import { azureNat, usesAzureAppRouting } from './azure-config';
import { AzureNetwork } from '../../lib/azure/network';
import { addFoundationOutputs } from '../../lib/core/foundation-outputs';
import { configureBackend } from '../backend';
import { DeploymentConfig } from '../config';
import type { FoundationBuilder } from '../deployment';
import { clusterWorkload } from './workload';

/**
 * The kubelogin login mode matching how the azurerm provider authenticates in this environment
 * (its ARM_* variables, read at synth, which `cdktf deploy` runs in the same environment): the
 * principal granted cluster admin is then the one the app stack connects as.
 */
export function kubeloginModeFromEnv(env: NodeJS.ProcessEnv = process.env): KubeloginMode {
  // The azurerm provider's own order (go-azure-sdk sdk/auth/auth.go NewAuthorizerFromCredentials):
  // client certificate, client secret, OIDC, managed identity, Azure CLI. With ARM_USE_MSI=true
  // and a client secret both set it authenticates as the service principal, so must kubelogin.
  if (env.ARM_CLIENT_SECRET || env.ARM_CLIENT_CERTIFICATE_PATH || env.ARM_CLIENT_CERTIFICATE) return 'spn';
  if (env.ARM_OIDC_TOKEN_FILE_PATH || env.AZURE_FEDERATED_TOKEN_FILE) return 'workloadidentity';
  if ((env.ARM_USE_MSI ?? '').toLowerCase() === 'true') return 'msi';
  return 'azurecli';
}

/**
 * `<name>-infra` on Azure: the azurerm provider (subscription, Entra ID auth for storage), the
 * {@link AzureLangSmithFoundation} (every resource tagged with managed-by, the deployment and
 * `tags`: azurerm has no provider-level default tags) and the outputs users need (egress IPs to
 * allow-list, cluster, kubeconfig command, storage, database and cache hosts, ClickHouse endpoint).
 */
export const buildAzureFoundation: FoundationBuilder = (app: App, d: DeploymentConfig) => {
  const a = d.azure;
  const location = d.region!;
  const net = d.network;
  // The rules of the file's fields (network, azure.nat, azure.outboundType) are the loader's (stacks/config.ts, azure-config.ts).
  const nat = azureNat(d);

  const stackId = `${d.name}-infra`;
  const stack = new TerraformStack(app, stackId);
  configureBackend(stack, d, stackId);
  new AzurermProvider(stack, 'azurerm', {
    // The storage account has public network access disabled: with data_plane_available at its
    // default (true) azurerm 4.x polls the blob/queue/file data plane on create and read, gets 403
    // from outside the VNet and taints the account (hashicorp/terraform-provider-azurerm#25978).
    // The container and lifecycle policy go through Azure Resource Manager, so nothing here needs it.
    features: [{ storage: [{ dataPlaneAvailable: false }] }],
    subscriptionId: a.subscriptionId,
    // Storage data-plane calls (if any) with Entra ID: the storage account has shared keys disabled.
    storageUseAzuread: true,
  });
  new RandomProvider(stack, 'random', {});

  const existingNetwork = net.existingNetworkId
    ? AzureNetwork.fromNetworkAttributes(stack, 'ExistingNetwork', {
      vnetId: net.existingNetworkId,
      nodesSubnetId: net.existingSubnetIds![0],
      postgresSubnetId: net.existingSubnetIds![1],
      privateEndpointSubnetId: net.existingSubnetIds![2],
    })
    : undefined;
  const ch = d.clickhouse;
  const f = new AzureLangSmithFoundation(stack, 'LangSmith', {
    location,
    name: d.name,
    size: d.size,
    namespace: d.namespace,
    existingResourceGroupName: a.resourceGroupName,
    networkCidr: net.cidr,
    existingNetwork,
    nat,
    staticIps: nat ? d.egress.staticIps : undefined,
    outboundType: a.outboundType,
    kubernetesVersion: d.cluster.version,
    apiAllowedCidrs: d.cluster.apiAllowedCidrs,
    vmSize: a.vmSize,
    zones: a.zones,
    networkPolicy: a.networkPolicy,
    podCidr: a.podCidr,
    serviceCidr: a.serviceCidr,
    adminGroupObjectIds: a.adminGroupObjectIds,
    grantDeployerClusterAdmin: a.grantDeployerClusterAdmin,
    kubeloginMode: a.kubeloginMode ?? kubeloginModeFromEnv(),
    rbacPropagationSeconds: a.rbacPropagationSeconds,
    privateDnsZoneIds: a.privateDnsZoneIds,
    acrIds: a.acrIds,
    // Node sizing and the agent server's smaller cache (lib/core/sizing.ts clusterNodePool, cacheFor).
    ...clusterWorkload(d),
    secretsEncryption: a.secretsEncryption,
    logAnalyticsWorkspaceId: a.logAnalyticsWorkspaceId,
    postgresVersion: a.postgresVersion,
    postgresSku: a.postgresSku,
    postgresGeoRedundantBackup: a.postgresGeoRedundantBackup,
    redisSku: a.redisSku,
    redisHighAvailability: a.redisHighAvailability,
    blobStorage: d.mode !== 'standalone',
    storageAccountName: a.storageAccountName,
    storageReplication: a.storageReplication,
    clickhouse: ch.type === 'langsmith-managed' ? { host: ch.host!, connectivity: ch.connectivity, endpointService: ch.endpointService } : undefined,
    ingress: usesAzureAppRouting(d) ? a.ingress : undefined,
    deletionProtection: d.deletionProtection,
    tags: { ...d.tags, 'managed-by': 'cdktf-langsmith', deployment: d.name },
  });

  addFoundationOutputs(stack, f.foundation, {
    descriptions: {
      egress_ips: 'Static egress IPs (NAT gateway): allow-list them at https://beacon.langchain.com and in the ClickHouse Cloud IP access list.',
      cluster_name: 'AKS cluster name.',
      kubeconfig_command: 'Writes a kubeconfig entry for the cluster (Entra ID auth through kubelogin; a private cluster is reached from the VNet or a peered network).',
      bucket: 'Storage account/container for LangSmith trace payloads.',
      postgres_host: 'FQDN of the PostgreSQL Flexible Server (private, VNet-integrated).',
      redis_host: 'Host of the Azure Managed Redis cache (private endpoint, TLS port 10000).',
      clickhouse_private_endpoint_id: 'Private endpoint id: send it to LangSmith / ClickHouse to approve the connection and allow-list it on the ClickHouse service (ClickHouse may ask for the resourceGuid: see clickhouse_private_endpoint_guid_command).',
      clickhouse_private_dns_zone: 'Private DNS zone resolving the ClickHouse host to the endpoint.',
    },
    clickhousePrivateEndpoint: f.clickhouse ? { endpointId: f.clickhouse.endpointId, dnsZoneName: f.clickhouse.dnsName } : undefined,
    extras: {
      resource_group: { value: f.resourceGroupName, description: 'Resource group of the deployment.' },
      cluster_private_fqdn: f.cluster instanceof AksCluster && f.cluster.privateFqdn ? {
        value: f.cluster.privateFqdn,
        description: 'Private API server name (private cluster): it resolves only inside the VNet (and networks linked to its privatelink.<region>.azmk8s.io zone). Run the <name>-app stack from there: a runner or jump host in the VNet, a peered network with DNS forwarding to 168.63.129.16, or a VPN; or set cluster.apiAllowedCidrs for a public API restricted to your ranges.',
      } : undefined,
      storage_account: f.blob ? { value: f.blob.storageAccountName, description: 'Storage account for LangSmith trace payloads (shared keys disabled; access by workload identity).' } : undefined,
      blob_workload_identity_client_id: f.blob ? { value: f.blob.identity.clientId, description: 'Client id of the managed identity the LangSmith service accounts federate with.' } : undefined,
      clickhouse_private_endpoint_guid_command: f.clickhouse ? {
        value: `az network private-endpoint show --ids ${f.clickhouse.endpointId} --query resourceGuid -o tsv`,
        description: 'Prints the private endpoint resourceGuid, the id ClickHouse Cloud documents for Azure allow-lists.',
      } : undefined,
    },
  });
  return { stack, foundation: f.foundation };
};
