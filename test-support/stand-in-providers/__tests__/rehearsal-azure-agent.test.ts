/**
 * The rehearsal of a standalone agent server on Azure (steps in rehearse.ts): AKS with its
 * kubelogin exec credentials for the kubernetes and helm providers, Postgres Flexible Server on a
 * delegated subnet with its private DNS zone, Azure Managed Redis behind a private endpoint and
 * the privatelink.redis.azure.net zone, Key Vault secrets encryption, the RBAC propagation waits
 * (`terraform_data` with a `local-exec` provisioner running node), AcrPull for the kubelet
 * identity. Its own file: jest runs it in parallel with the other rehearsal files.
 *
 * Size dev, then small: AKS tier and node pool (zones, autoscaling range; rotated in place through
 * temporary_name_for_rotation), PostgreSQL tier and zone-redundant HA, a second NAT IP, the
 * chart's values. The stores' ForceNew settings are pinned (see the deployments file below), so the
 * size change is one a real deploy applies in place.
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
      # Pinned to the dev values, as the README says for moving an Azure deployment off dev:
      # azurerm 4.55 cannot change these in place (ForceNew), and the stand-ins would not say so.
      postgresGeoRedundantBackup: false
      redisSku: Balanced_B1
      redisHighAvailability: false
${backend(r)}`, ['dev', 'small']);
