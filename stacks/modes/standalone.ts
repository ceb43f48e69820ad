import { TerraformOutput, TerraformStack } from 'cdktf';
import { Foundation } from '../../lib/core/contracts';
import { AgentServerRelease } from '../../lib/k8s/agent-server-release';
import { DeploymentConfig } from '../config';
import { secretVariable } from '../secrets';
import { addCloudAddOns, edgeTls } from './observability';

/**
 * The standalone agent server: the langgraph-cloud chart with the foundation's managed
 * Postgres and Redis (in-cluster ones only for size dev on an existing cluster), no LangSmith
 * control plane, no ClickHouse, no bucket. Optional tracing to a LangSmith endpoint with an
 * API key from TF_VAR_langsmith_api_key.
 */
export function buildStandalone(stack: TerraformStack, d: DeploymentConfig, f: Foundation): void {
  const a = d.agentServer!;
  const ex = d.exposure;
  const type = ex.type ?? (d.hostname ? 'ingress' : 'cluster-ip');
  const exposure = type === 'ingress'
    ? {
      type: 'ingress' as const,
      hostname: d.hostname!,
      className: ex.className ?? f.ingressClassName,
      annotations: { ...(f.ingressAnnotations ?? {}), ...(ex.certManagerIssuer ? { 'cert-manager.io/cluster-issuer': ex.certManagerIssuer } : {}), ...(ex.annotations ?? {}) },
      tlsSecretName: ex.tlsSecretName ?? (ex.certManagerIssuer ? `${d.namespace}-tls` : undefined),
    }
    : type === 'load-balancer' ? { type: 'load-balancer' as const, sourceRanges: ex.sourceRanges ?? [] } : { type: 'cluster-ip' as const };
  const server = new AgentServerRelease(stack, 'AgentServer', {
    image: a.image,
    licenseKey: secretVariable(stack, 'licenseKey'),
    replicas: a.replicas,
    autoscaling: a.autoscaling,
    size: d.size,
    postgres: f.postgres,
    redis: f.redis,
    langsmithEndpoint: a.langsmithEndpoint,
    langsmithApiKey: a.langsmithEndpoint ? secretVariable(stack, 'langsmithApiKey') : undefined,
    namespace: d.namespace,
    jobsPerWorker: a.jobsPerWorker,
    exposure,
    registry: d.images.registry,
    pullSecrets: d.images.pullSecrets,
    dependsOn: addCloudAddOns(stack, f),
  });
  const scheme = edgeTls(d, f) ? 'https' : 'http';
  new TerraformOutput(stack, 'url', {
    value: type === 'ingress' ? `${scheme}://${d.hostname}` : `ClusterIP only: kubectl -n ${server.namespace} get svc, then kubectl port-forward to the api-server service`,
    description: 'Where the agent server API is reached.',
  });
  new TerraformOutput(stack, 'namespace', { value: server.namespace });
}
