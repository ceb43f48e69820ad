import { App } from 'cdktf';
import { TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { addFoundationOutputs } from '../../lib/core/foundation-outputs';
import { gcpLabels } from '../../lib/gcp/common';
import { GcpLangSmithFoundation } from '../../lib/gcp/foundation';
import { ArtifactRegistryReader, artifactRegistryRepository, ArtifactRegistryRepositoryRef } from '../../lib/gcp/artifact-registry-reader';
import { GkeCluster } from '../../lib/gcp/gke-cluster';
import { GcpNetwork } from '../../lib/gcp/network';
import { configureBackend } from '../backend';
import { gcpNat, usesGkeIngress } from './gcp-config';
import { DeploymentConfig } from '../config';
import type { FoundationBuilder } from '../deployment';
import { clusterWorkload } from './workload';

/**
 * The pods GKE Ingress sends traffic to and their health path: the LangSmith frontend (nginx, port
 * 8080, `GET /health`; langsmith values.yaml `frontend.containerPort`, its probes) or the agent
 * server's API (port 8000, `GET /ok`; langgraph-cloud values.yaml `apiServer.containerPort`, the
 * queue's probes on the same server; the API server's own probes are exec-based, which GKE cannot
 * turn into a load balancer health check).
 */
export function gkeIngressBackend(d: DeploymentConfig): { healthCheckPath: string; port: number } {
  return d.mode === 'standalone' ? { healthCheckPath: '/ok', port: 8000 } : { healthCheckPath: '/health', port: 8080 };
}

/**
 * The agent servers the LangSmith operator creates in full-platform mode, routed by the same GKE
 * Ingress: port 8000, `GET /ok` (the operator's templates in langsmith values.yaml,
 * `operator.templates.deployment` probes and `operator.templates.service`). None in the other modes.
 */
export function gkeAgentBackend(d: DeploymentConfig): { healthCheckPath: string; port: number } | undefined {
  return d.mode === 'full-platform' ? { healthCheckPath: '/ok', port: 8000 } : undefined;
}

/**
 * Ports on the pods that the control plane calls for the add-ons a mode installs: full-platform
 * installs KEDA, whose metrics server (the `v1beta1.external.metrics.k8s.io` APIService) listens on
 * 6443 and whose admission webhooks on 9443 (kedacore/charts keda/templates/webhooks/deployment.yaml:
 * `containerPort: {{ .Values.webhooks.port | default 9443 }}`). The LangSmith chart installs no
 * webhook or APIService; cert-manager is not installed by this library.
 */
export function controlPlaneWebhookPorts(d: DeploymentConfig): number[] {
  return d.mode === 'full-platform' ? [6443, 9443] : [];
}

/** The image references and registry mirror of a deployment whose registry the nodes may need to read. */
export function artifactRegistryImageSources(d: DeploymentConfig): string[] {
  return [...(d.agentServer?.image ? [d.agentServer.image] : []), ...(d.images.registry ? [d.images.registry] : [])];
}

/**
 * `<name>-infra` on Google Cloud: the google provider (project, region, default labels), the
 * {@link GcpLangSmithFoundation} and the outputs users need (egress IPs to allow-list, cluster,
 * kubeconfig command, bucket, database and cache hosts, ClickHouse endpoint id, ingress IP).
 */
export const buildGcpFoundation: FoundationBuilder = (app: App, d: DeploymentConfig) => {
  const g = d.gcp;
  const project = d.project!;
  const region = d.region!;
  const net = d.network;
  // The rules of the file's fields (network, gcp.nat, gcp.proxyOnlyCidr) are the loader's (stacks/config.ts, gcp-config.ts).

  const stackId = `${d.name}-infra`;
  const stack = new TerraformStack(app, stackId);
  configureBackend(stack, d, stackId);
  const google = new GoogleProvider(stack, 'google', { project, region });
  // An override: cdktf would rewrite the map's keys to snake_case (managed-by -> managed_by).
  google.addOverride('default_labels', { ...gcpLabels(d.tags), 'managed-by': 'cdktf-langsmith', deployment: d.name });
  new RandomProvider(stack, 'random', {});

  const existingNetwork = net.existingNetworkId
    ? GcpNetwork.fromNetworkAttributes(stack, 'ExistingNetwork', {
      project,
      region,
      network: net.existingNetworkId,
      subnetwork: net.existingSubnetIds![0],
      podsRangeName: g.podsRangeName,
      servicesRangeName: g.servicesRangeName,
    })
    : undefined;
  const ch = d.clickhouse;
  const f = new GcpLangSmithFoundation(stack, 'LangSmith', {
    project,
    region,
    name: d.name,
    size: d.size,
    namespace: d.namespace,
    networkCidr: net.cidr,
    existingNetwork,
    createPrivateServicesAccess: g.existingPrivateServicesAccess === undefined ? undefined : !g.existingPrivateServicesAccess,
    servicesAccessCidr: g.servicesAccessCidr,
    nat: g.nat,
    staticIps: gcpNat(d) ? d.egress.staticIps : undefined,
    kubernetesVersion: d.cluster.version,
    releaseChannel: g.releaseChannel,
    apiAllowedCidrs: d.cluster.apiAllowedCidrs,
    privateApiAccessCidrs: g.privateApiAccessCidrs,
    controlPlaneWebhookPorts: controlPlaneWebhookPorts(d),
    machineType: g.machineType,
    controlPlaneLogs: g.controlPlaneLogs,
    // Node sizing and the agent server's smaller cache (lib/core/sizing.ts clusterNodePool, cacheFor).
    ...clusterWorkload(d),
    secretsEncryptionKeyId: g.secretsEncryptionKey,
    postgresVersion: g.postgresVersion,
    redisVersion: g.redisVersion,
    blobStorage: d.mode !== 'standalone',
    bucketName: g.bucketName,
    clickhouse: ch.type === 'langsmith-managed' ? { host: ch.host!, connectivity: ch.connectivity, endpointService: ch.endpointService, globalAccess: g.clickhouseGlobalAccess } : undefined,
    ingress: usesGkeIngress(d) ? { hostname: d.hostname!, scheme: g.ingress, backend: gkeIngressBackend(d), agentBackend: gkeAgentBackend(d), proxyOnlyCidr: g.proxyOnlyCidr } : undefined,
    enableApis: g.enableApis,
    deletionProtection: d.deletionProtection,
  });

  // The nodes pull with their own service account, whose role covers no Artifact Registry read:
  // reader on exactly the repositories this deployment's images come from.
  const repositories = artifactRegistryImageSources(d).map(artifactRegistryRepository).filter((r): r is ArtifactRegistryRepositoryRef => r !== undefined);
  const nodes = f.cluster instanceof GkeCluster ? f.cluster.nodeServiceAccount : undefined;
  if (repositories.length && nodes) new ArtifactRegistryReader(stack, 'ImageReader', { serviceAccountEmail: nodes.email, repositories });

  addFoundationOutputs(stack, f.foundation, {
    descriptions: {
      egress_ips: 'Static egress IPs (Cloud NAT): allow-list them at https://beacon.langchain.com and in the ClickHouse Cloud IP access list.',
      cluster_name: 'GKE cluster name.',
      kubeconfig_command: 'Writes a kubeconfig entry for the cluster (needs gke-gcloud-auth-plugin).',
      bucket: 'GCS bucket for LangSmith trace payloads.',
      postgres_host: 'Private IP of the Cloud SQL instance.',
      redis_host: 'Private IP of the Memorystore instance (TLS port 6378).',
      clickhouse_private_endpoint_id: 'PSC connection id: send it to LangSmith / ClickHouse to be allow-listed on the ClickHouse service.',
      clickhouse_private_dns_zone: 'Private Cloud DNS zone resolving the ClickHouse host to the endpoint.',
    },
    clickhousePrivateEndpoint: f.clickhouse ? { endpointId: f.clickhouse.endpointId, dnsZoneName: f.clickhouse.dnsName } : undefined,
    extras: {
      ingress_ip: f.ingress ? { value: f.ingress.ipAddress, description: `Point an A record for ${d.hostname} at this address (${f.ingress.scheme} load balancer).` } : undefined,
    },
  });
  return { stack, foundation: f.foundation };
};
