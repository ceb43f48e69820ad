/**
 * The allowed values of the Azure constructs' enum props, in a file that loads no provider binding:
 * the deployments-file loader (stacks/clouds/azure-config.ts) checks against the same lists.
 */

/** Outbound types this library supports. */
export const AKS_OUTBOUND_TYPES = ['userAssignedNATGateway', 'loadBalancer', 'userDefinedRouting'] as const;
export type AksOutboundType = typeof AKS_OUTBOUND_TYPES[number];

/** Network policy engines. */
export const AKS_NETWORK_POLICIES = ['cilium', 'azure', 'calico'] as const;
export type AksNetworkPolicy = typeof AKS_NETWORK_POLICIES[number];

/**
 * How kubelogin gets the token the Kubernetes and Helm providers present, matching how the azurerm
 * provider authenticates (so that the principal granted cluster admin is the one that connects):
 * `azurecli` (a user's or a pipeline's `az login`), `spn` (a service principal with a client
 * secret or certificate: kubelogin reads it from AZURE_CLIENT_SECRET / AAD_SERVICE_PRINCIPAL_CLIENT_SECRET
 * or the certificate variables), `workloadidentity` (a federated token file, AZURE_FEDERATED_TOKEN_FILE),
 * `msi` (a managed identity).
 */
export const KUBELOGIN_MODES = ['azurecli', 'spn', 'workloadidentity', 'msi'] as const;
export type KubeloginMode = typeof KUBELOGIN_MODES[number];
