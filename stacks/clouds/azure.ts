import { App, TerraformOutput } from 'cdktf';
import { TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { AksCluster, KubeloginMode } from '../../lib/azure/aks-cluster';
import { AzureLangSmithFoundation } from '../../lib/azure/foundation';
import { usesAzureAppRouting } from './azure-config';
import { AzureNetwork } from '../../lib/azure/network';
import { ConfigurationError } from '../../lib/core/errors';
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
  const where = `deployment ${d.name}`;
  const a = d.azure;
  const location = d.region!;
  const net = d.network;
  // The network fields' rules (ids and subnets together) are the loader's (stacks/config.ts).
  const nat = a.nat ?? !net.existingNetworkId;
  if (!nat && d.clickhouse.type === 'langsmith-managed' && d.clickhouse.connectivity === 'public') {
    throw new ConfigurationError(where, 'azure.nat', false, 'ClickHouse over its public endpoint needs static NAT IPs for its allow-list; allowed: true, or clickhouse.connectivity: private-link');
  }
  if (nat && a.outboundType !== undefined && a.outboundType !== 'userAssignedNATGateway') {
    throw new ConfigurationError(where, 'azure.outboundType', a.outboundType, 'with a NAT gateway (azure.nat) AKS egresses through it; allowed: userAssignedNATGateway, or azure.nat: false');
  }

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
  const privateLink = ch.type === 'langsmith-managed' && ch.connectivity === 'private-link';
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
    clickhousePrivateLink: privateLink ? { host: ch.host!, endpointService: ch.endpointService! } : undefined,
    clickhouseHost: ch.type === 'langsmith-managed' ? ch.host : undefined,
    ingress: usesAzureAppRouting(d) ? a.ingress : undefined,
    deletionProtection: d.deletionProtection,
    tags: { ...d.tags, 'managed-by': 'cdktf-langsmith', deployment: d.name },
  });

  // Outputs (names shared with the other clouds).
  if (f.nat) {
    new TerraformOutput(stack, 'egress_ips', { value: f.nat.egress.addresses, description: 'Static egress IPs (NAT gateway): allow-list them at https://beacon.langchain.com and in the ClickHouse Cloud IP access list.' });
  }
  new TerraformOutput(stack, 'resource_group', { value: f.resourceGroupName, description: 'Resource group of the deployment.' });
  new TerraformOutput(stack, 'cluster_name', { value: f.cluster.clusterName, description: 'AKS cluster name.' });
  new TerraformOutput(stack, 'kubeconfig_command', { value: f.cluster.access.kubeconfigCommand!, description: 'Writes a kubeconfig entry for the cluster (Entra ID auth through kubelogin; a private cluster is reached from the VNet or a peered network).' });
  if (f.cluster instanceof AksCluster && f.cluster.privateFqdn) {
    new TerraformOutput(stack, 'cluster_private_fqdn', {
      value: f.cluster.privateFqdn,
      description: 'Private API server name (private cluster): it resolves only inside the VNet (and networks linked to its privatelink.<region>.azmk8s.io zone). Run the <name>-app stack from there: a runner or jump host in the VNet, a peered network with DNS forwarding to 168.63.129.16, or a VPN; or set cluster.apiAllowedCidrs for a public API restricted to your ranges.',
    });
  }
  if (f.blob) {
    new TerraformOutput(stack, 'bucket', { value: `${f.blob.storageAccountName}/${f.blob.containerName}`, description: 'Storage account/container for LangSmith trace payloads.' });
    new TerraformOutput(stack, 'storage_account', { value: f.blob.storageAccountName, description: 'Storage account for LangSmith trace payloads (shared keys disabled; access by workload identity).' });
    new TerraformOutput(stack, 'blob_workload_identity_client_id', { value: f.blob.identity.clientId, description: 'Client id of the managed identity the LangSmith service accounts federate with.' });
  }
  new TerraformOutput(stack, 'postgres_host', { value: f.postgres.connection.host, description: 'FQDN of the PostgreSQL Flexible Server (private, VNet-integrated).' });
  new TerraformOutput(stack, 'redis_host', { value: f.redis.connection.host, description: 'Host of the Azure Managed Redis cache (private endpoint, TLS port 10000).' });
  if (f.clickhouse) {
    new TerraformOutput(stack, 'clickhouse_private_endpoint_id', { value: f.clickhouse.endpointId, description: 'Private endpoint id: send it to LangSmith / ClickHouse to approve the connection and allow-list it on the ClickHouse service (ClickHouse may ask for the resourceGuid: see clickhouse_private_endpoint_guid_command).' });
    new TerraformOutput(stack, 'clickhouse_private_endpoint_guid_command', { value: `az network private-endpoint show --ids ${f.clickhouse.endpointId} --query resourceGuid -o tsv`, description: 'Prints the private endpoint resourceGuid, the id ClickHouse Cloud documents for Azure allow-lists.' });
    new TerraformOutput(stack, 'clickhouse_private_dns_zone', { value: f.clickhouse.dnsName, description: 'Private DNS zone resolving the ClickHouse host to the endpoint.' });
  }
  return { stack, foundation: f.foundation };
};
