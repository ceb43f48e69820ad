import { TerraformOutput, TerraformStack } from 'cdktf';
import { Foundation } from '../../lib/core/contracts';
import { AgentServerRelease } from '../../lib/k8s/agent-server-release';
import { AGENT_HEALTH_PATH } from '../../lib/k8s/agent-server-values';
import { DeploymentConfig } from '../config';
import { secretVariable } from '../secrets';
import { addCloudAddOns, edgeTls, ingressBackendManifests, resolveExposure } from './observability';

/**
 * The standalone agent server: the langgraph-cloud chart with the foundation's managed
 * Postgres and Redis (in-cluster ones only for size dev on an existing cluster), no LangSmith
 * control plane, no ClickHouse, no bucket. Optional tracing to a LangSmith endpoint with an
 * API key from TF_VAR_langsmith_api_key.
 */
export function buildStandalone(stack: TerraformStack, d: DeploymentConfig, f: Foundation): void {
  const a = d.agentServer!;
  // The same exposure rules as LangSmith's (cloud ingress class and annotations, cert-manager
  // issuer, TLS secret); the loader refuses a gateway for this mode.
  const ex = resolveExposure(d, f);
  // The AWS load balancer controller health-checks `/` unless told otherwise; the API answers
  // there with 404, so every target would stay unhealthy.
  const annotations = ex.type === 'ingress' && ex.className === 'alb' ? { 'alb.ingress.kubernetes.io/healthcheck-path': AGENT_HEALTH_PATH, ...ex.annotations } : ex.type === 'ingress' ? ex.annotations : undefined;
  const exposure = ex.type === 'ingress'
    ? { type: 'ingress' as const, hostname: d.hostname!, className: ex.className, annotations, tlsSecretName: ex.tlsSecretName, serviceAnnotations: ex.serviceAnnotations }
    : ex.type === 'load-balancer' ? { type: 'load-balancer' as const, sourceRanges: ex.sourceRanges, annotations: ex.annotations } : { type: 'cluster-ip' as const };
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
    storageClassName: d.kubernetes.storageClassName ?? f.storageClassName,
    jobsPerWorker: a.jobsPerWorker,
    exposure,
    registry: d.images.registry,
    pullSecrets: d.images.pullSecrets,
    manifests: ingressBackendManifests(d, f),
    auth: a.auth && a.auth.type !== 'none' ? a.auth : undefined,
    dependsOn: addCloudAddOns(stack, f),
  });
  const scheme = edgeTls(d, f) ? 'https' : 'http';
  new TerraformOutput(stack, 'url', {
    value: ex.type === 'ingress' ? `${scheme}://${d.hostname}`
      : ex.type === 'load-balancer' ? `the api-server LoadBalancer service's address (kubectl -n ${server.namespace} get svc), reachable from ${ex.sourceRanges.join(', ')}`
        : `ClusterIP only: kubectl -n ${server.namespace} get svc, then kubectl port-forward to the api-server service`,
    description: 'Where the agent server API is reached.',
  });
  new TerraformOutput(stack, 'namespace', { value: server.namespace });
}
