import { App, TerraformOutput } from 'cdktf';
import { TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { ConfigurationError } from '../../lib/core/errors';
import { GcpLangSmithFoundation } from '../../lib/gcp/foundation';
import { GcpNetwork } from '../../lib/gcp/network';
import { configureBackend } from '../backend';
import { DeploymentConfig } from '../config';
import type { FoundationBuilder } from '../deployment';
import { clusterWorkload } from './workload';

/**
 * GCP labels allow lowercase letters, digits, '_' and '-' (keys start with a letter), at most 63
 * characters: tags are lowered and other characters replaced with '_'.
 */
export function gcpLabels(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    let key = k.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);
    if (!/^[a-z]/.test(key)) key = `t${key}`.slice(0, 63);
    out[key] = v.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);
  }
  return out;
}

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
 * Ports on the pods that the control plane calls for the add-ons a mode installs: full-platform
 * installs KEDA, whose metrics server (the `v1beta1.external.metrics.k8s.io` APIService) listens on
 * 6443 and whose admission webhooks on 9443 (kedacore/charts keda/templates/webhooks/deployment.yaml:
 * `containerPort: {{ .Values.webhooks.port | default 9443 }}`). The LangSmith chart installs no
 * webhook or APIService; cert-manager is not installed by this library.
 */
export function controlPlaneWebhookPorts(d: DeploymentConfig): number[] {
  return d.mode === 'full-platform' ? [6443, 9443] : [];
}

/** Whether the deployment's frontend is served by an Ingress whose class this foundation picks. */
function usesGkeIngress(d: DeploymentConfig): boolean {
  return d.exposure.type === 'ingress' && !!d.hostname && d.exposure.className === undefined;
}

/**
 * `<name>-infra` on Google Cloud: the google provider (project, region, default labels), the
 * {@link GcpLangSmithFoundation} and the outputs users need (egress IPs to allow-list, cluster,
 * kubeconfig command, bucket, database and cache hosts, ClickHouse endpoint id, ingress IP).
 */
export const buildGcpFoundation: FoundationBuilder = (app: App, d: DeploymentConfig) => {
  const where = `deployment ${d.name}`;
  const g = d.gcp;
  const project = d.project!;
  const region = d.region!;
  const net = d.network;
  // The network fields' rules (ids and subnets together) are the loader's (stacks/config.ts).
  if (g.proxyOnlyCidr !== undefined && (!net.existingNetworkId || g.ingress !== 'internal')) {
    throw new ConfigurationError(where, 'gcp.proxyOnlyCidr', g.proxyOnlyCidr, 'only with network.existingNetworkId and gcp.ingress: internal (a created network gets its own proxy-only subnetwork and rule); remove it');
  }
  if (g.nat === false && d.clickhouse.type === 'langsmith-managed' && d.clickhouse.connectivity === 'public') {
    throw new ConfigurationError(where, 'gcp.nat', false, 'ClickHouse over its public endpoint needs static NAT IPs for its allow-list; allowed: true, or clickhouse.connectivity: private-link');
  }

  const stackId = `${d.name}-infra`;
  const stack = new TerraformStack(app, stackId);
  configureBackend(stack, d, stackId);
  const google = new GoogleProvider(stack, 'google', { project, region });
  // An override: cdktf would rewrite the map's keys to snake_case (managed-by -> managed_by).
  google.addOverride('default_labels', { ...gcpLabels(d.tags), 'managed-by': 'cdktf-langsmith', deployment: d.name });
  new RandomProvider(stack, 'random', {});

  const existingNetwork = net.existingNetworkId
    ? GcpNetwork.fromNetworkAttributes({
      project,
      region,
      network: net.existingNetworkId,
      subnetwork: net.existingSubnetIds![0],
      podsRangeName: g.podsRangeName,
      servicesRangeName: g.servicesRangeName,
    })
    : undefined;
  const ch = d.clickhouse;
  const privateLink = ch.type === 'langsmith-managed' && ch.connectivity === 'private-link';
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
    staticIps: (g.nat ?? !existingNetwork) ? d.egress.staticIps : undefined,
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
    clickhousePrivateLink: privateLink ? { host: ch.host!, endpointService: ch.endpointService!, globalAccess: g.clickhouseGlobalAccess } : undefined,
    clickhouseHost: ch.type === 'langsmith-managed' ? ch.host : undefined,
    ingress: usesGkeIngress(d) ? { hostname: d.hostname!, scheme: g.ingress, backend: gkeIngressBackend(d), proxyOnlyCidr: g.proxyOnlyCidr } : undefined,
    enableApis: g.enableApis,
    deletionProtection: d.deletionProtection,
  });

  // Outputs (names shared with the other clouds).
  if (f.nat) {
    new TerraformOutput(stack, 'egress_ips', { value: f.nat.egress.addresses, description: 'Static egress IPs (Cloud NAT): allow-list them at https://beacon.langchain.com and in the ClickHouse Cloud IP access list.' });
  }
  new TerraformOutput(stack, 'cluster_name', { value: f.cluster.clusterName, description: 'GKE cluster name.' });
  new TerraformOutput(stack, 'kubeconfig_command', { value: f.cluster.access.kubeconfigCommand!, description: 'Writes a kubeconfig entry for the cluster (needs gke-gcloud-auth-plugin).' });
  if (f.blob) new TerraformOutput(stack, 'bucket', { value: f.blob.bucketName, description: 'GCS bucket for LangSmith trace payloads.' });
  new TerraformOutput(stack, 'postgres_host', { value: f.postgres.connection.host, description: 'Private IP of the Cloud SQL instance.' });
  new TerraformOutput(stack, 'redis_host', { value: f.redis.connection.host, description: 'Private IP of the Memorystore instance (TLS port 6378).' });
  if (f.clickhouse) {
    new TerraformOutput(stack, 'clickhouse_private_endpoint_id', { value: f.clickhouse.endpointId, description: 'PSC connection id: send it to LangSmith / ClickHouse to be allow-listed on the ClickHouse service.' });
    new TerraformOutput(stack, 'clickhouse_private_dns_zone', { value: f.clickhouse.dnsName, description: 'Private Cloud DNS zone resolving the ClickHouse host to the endpoint.' });
  }
  if (f.ingress) {
    new TerraformOutput(stack, 'ingress_ip', { value: f.ingress.ipAddress, description: `Point an A record for ${d.hostname} at this address (${f.ingress.scheme} load balancer).` });
  }
  return { stack, foundation: f.foundation };
};
