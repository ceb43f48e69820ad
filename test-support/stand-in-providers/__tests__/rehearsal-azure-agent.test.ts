/**
 * The rehearsal of a standalone agent server on Azure (steps in rehearse.ts): AKS with its
 * kubelogin exec credentials for the kubernetes and helm providers, Postgres Flexible Server on a
 * delegated subnet with its private DNS zone, Azure Managed Redis behind a private endpoint and
 * the privatelink.redis.azure.net zone, Key Vault secrets encryption, the RBAC propagation waits
 * (`terraform_data` with a `local-exec` provisioner running node), AcrPull for the kubelet
 * identity. Its own file: jest runs it in parallel with the other rehearsal files.
 */
import { backend, rehearse } from './rehearse';

rehearse('azure-agent', (r, size) => `deployments:
  - name: azure-agent
    mode: standalone
    cloud: azure
    region: swedencentral
    size: ${size}
    agentServer:
      image: acme.azurecr.io/agents/research:3.1.0
      replicas: 1
    azure:
      acrIds: [/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-registry/providers/Microsoft.ContainerRegistry/registries/acme]
      # The waits still run their local-exec (node) once per grant; one second instead of 120.
      rbacPropagationSeconds: 1
${backend(r)}`, ['dev', 'small']);
