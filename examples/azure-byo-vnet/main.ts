/**
 * LangSmith on Azure in a VNet you already have, from your own cdktf project.
 *
 * Two stacks: `platform-infra` is your own stack (your AzurermProvider, your other resources)
 * into which the Azure foundation is imported with `existingNetwork`: a private AKS cluster,
 * PostgreSQL Flexible Server, Azure Managed Redis and a storage account in your subnets, no
 * VNet, subnet or NAT gateway created. `platform-langsmith` configures the kubernetes, helm and
 * random providers from the foundation's cluster and installs LangSmith on top. cdktf joins
 * them with cross-stack references: `cdktf deploy 'platform-*'` creates them in order.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { LangSmithOnFoundationStack } from 'cdktf-langsmith';
import { AzureLangSmithFoundation, AzureNetwork } from 'cdktf-langsmith/azure';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const VNET = `/subscriptions/${SUBSCRIPTION}/resourceGroups/network-rg/providers/Microsoft.Network/virtualNetworks/platform-vnet`;
const HOSTNAME = 'langsmith.platform.example.com';

/** Your existing stack: your provider, your resources, and the LangSmith foundation in your VNet. */
export class PlatformStack extends TerraformStack {
  public readonly langsmith: AzureLangSmithFoundation;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The storage account has shared keys disabled: storage calls use Entra ID. It also has public
    // network access disabled: without data_plane_available = false azurerm 4.x polls its blob and
    // queue endpoints on create and read from where Terraform runs, gets 403 and taints the account
    // (hashicorp/terraform-provider-azurerm#25978).
    new AzurermProvider(this, 'azurerm', { features: [{ storage: [{ dataPlaneAvailable: false }] }], subscriptionId: SUBSCRIPTION, storageUseAzuread: true });
    // Globally unique names end in a random_string; database passwords are random_password.
    new RandomProvider(this, 'random');

    // ... the rest of your platform lives here too.

    // Your VNet and three of its subnets: AKS nodes, one delegated to
    // Microsoft.DBforPostgreSQL/flexibleServers (empty, >= /28), and one for private endpoints.
    const network = AzureNetwork.fromNetworkAttributes(this, 'PlatformVnet', {
      vnetId: VNET,
      nodesSubnetId: `${VNET}/subnets/aks-nodes`,
      postgresSubnetId: `${VNET}/subnets/postgres`,
      privateEndpointSubnetId: `${VNET}/subnets/private-endpoints`,
      addressSpace: ['10.40.0.0/16'],
    });
    this.langsmith = new AzureLangSmithFoundation(this, 'LangSmith', {
      location: 'eastus2',
      name: 'acme-langsmith',
      size: 'small',
      existingNetwork: network,
      // The application routing add-on serves the LangSmith Ingress on an internal load balancer.
      ingress: 'internal',
    });

    new TerraformOutput(this, 'cluster_name', { value: this.langsmith.cluster.clusterName });
    new TerraformOutput(this, 'kubeconfig_command', { value: this.langsmith.foundation.cluster.kubeconfigCommand! });
  }
}

/** Builds the example app (the test calls this; `cdktf synth` runs the file). */
export function build(app: App): { infra: PlatformStack; app: LangSmithOnFoundationStack } {
  const infra = new PlatformStack(app, 'platform-infra');
  // LangSmith on the foundation's cluster (providers, add-ons, then the release); the license key from
  // TF_VAR_langsmith_license_key; outputs `url` and `initial_admin_password`.
  const langsmith = new LangSmithOnFoundationStack(app, 'platform-langsmith', { foundation: infra.langsmith.foundation, size: 'small', hostname: HOSTNAME });
  return { infra, app: langsmith };
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
