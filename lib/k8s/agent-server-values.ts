import { Token } from 'cdktf';
import { ComponentSize, StoreSize } from '../core/sizing';

/**
 * A typed builder for the values of the langgraph-cloud chart (0.3.2): one standalone
 * agent server. Pure; every key it emits is checked against the chart's values.yaml in the
 * tests. Secrets come from existing Kubernetes Secrets only.
 */

/**
 * Splits an image reference into the chart's `repository` and `tag`, which its
 * `langGraphCloud.image` helper joins as `<repository>:<tag>` (templates/_helpers.tpl). A digest
 * (`repo@sha256:<hex>`, or `repo:tag@sha256:<hex>`) therefore becomes repository
 * `repo@sha256` and tag `<hex>`, which renders the reference unchanged.
 */
export function splitImage(image: string): { repository: string; tag: string } {
  const at = image.indexOf('@');
  if (at > 0) {
    const colon = image.lastIndexOf(':');
    if (colon < at) throw new Error(`image ${image}: a digest needs an algorithm, e.g. @sha256:<hex>`);
    return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
  }
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { repository: image, tag: 'latest' };
}

/** Options of {@link buildAgentServerValues}. */
export interface AgentServerValuesOptions {
  readonly image: string;
  readonly replicas: number;
  readonly size: ComponentSize;
  /** HPA range; minimum >= 1. @default - no autoscaling */
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly targetCpuPercent?: number };
  /** Secret with `langgraph_cloud_license_key` and `api_key`. */
  readonly appSecretName: string;
  /** Secret with `postgres_connection_url`. @default - the chart's in-cluster Postgres (dev) */
  readonly postgresSecretName?: string;
  /** Secret with `redis_connection_url`. @default - the chart's in-cluster Redis (dev) */
  readonly redisSecretName?: string;
  /** A Secret with `ca.crt` (a private Redis CA) to mount at `mountPath`. @default - none */
  readonly redisCa?: { readonly secretName: string; readonly mountPath: string };
  /** LangSmith endpoint for traces. @default - tracing off */
  readonly langsmithEndpoint?: string;
  /** `config.numberOfJobsPerWorker`. @default 10 */
  readonly jobsPerWorker?: number;
  /** @default - ClusterIP service */
  readonly exposure?: { readonly type: 'cluster-ip' } | { readonly type: 'ingress'; readonly hostname: string; readonly className?: string; readonly annotations?: Record<string, string>; readonly tlsSecretName?: string; readonly serviceAnnotations?: Record<string, string> } | { readonly type: 'load-balancer'; readonly sourceRanges: string[]; readonly annotations?: Record<string, string> };
  /**
   * A registry mirror for the chart's own images (the in-cluster Postgres and Redis). Never
   * applied to the agent image, which is a full reference of its own: the chart's
   * `images.registry` would prefix it too, so it is not used.
   * @default - the images' own registries
   */
  readonly registry?: string;
  /** Existing image pull secrets for every pod. @default [] */
  readonly pullSecrets?: string[];
  /**
   * Authentication of the API (`config.auth`): LangSmith API keys checked against a LangSmith
   * endpoint and workspace (tenant), or the image's own (custom auth in langgraph.json).
   * @default - none
   */
  readonly auth?: AgentServerAuth;
  /** Sizes of the chart's in-cluster Postgres and Redis, used when no secret names an external one. @default - the chart's (2 CPU / 8Gi Postgres) */
  readonly inClusterStores?: { readonly postgres: StoreSize; readonly redis: StoreSize; readonly storageClassName?: string };
  /** Annotations on the API server pods (e.g. secret versions, to roll the pods on rotation). @default {} */
  readonly podAnnotations?: Record<string, string>;
}

/** How the agent server API authenticates requests. */
export type AgentServerAuth =
  | { readonly type: 'langsmith'; readonly endpoint: string; readonly tenantId: string }
  | { readonly type: 'image' };

/** The agent server's HTTP health endpoint (langgraph-api `/ok`). */
export const AGENT_HEALTH_PATH = '/ok';

/** The chart's default repositories of its own images (values.yaml, langgraph-cloud 0.3.2). */
const CHART_IMAGES = { postgresImage: 'pgvector/pgvector', redisImage: 'docker.io/redis' } as const;

/** Builds the langgraph-cloud chart values. */
export function buildAgentServerValues(o: AgentServerValuesOptions): Record<string, any> {
  const { repository, tag } = splitImage(o.image);
  const env = o.langsmithEndpoint
    ? [{ name: 'LANGSMITH_ENDPOINT', value: o.langsmithEndpoint }, { name: 'LANGSMITH_TRACING', value: 'true' }]
    : [{ name: 'LANGSMITH_TRACING', value: 'false' }];
  const mirrored = o.registry
    ? Object.fromEntries(Object.entries(CHART_IMAGES).map(([k, repo]) => [k, { repository: `${o.registry}/${repo}` }]))
    : {};
  // A PodDisruptionBudget of minAvailable 1 over a single replica blocks every node drain and
  // upgrade: only with at least two replicas.
  const minReplicas = o.autoscaling ? o.autoscaling.minReplicas : o.replicas;
  const v: Record<string, any> = {
    images: {
      apiServerImage: { repository, tag, pullPolicy: 'IfNotPresent' },
      ...mirrored,
      ...(o.pullSecrets?.length ? { imagePullSecrets: o.pullSecrets.map((name) => ({ name })) } : {}),
    },
    config: { existingSecretName: o.appSecretName, numberOfJobsPerWorker: o.jobsPerWorker ?? 10 },
    apiServer: {
      deployment: {
        replicaCount: o.replicas,
        resources: { requests: { ...o.size.requests }, limits: { ...o.size.limits } },
        extraEnv: env,
        ...(o.podAnnotations && Object.keys(o.podAnnotations).length ? { annotations: o.podAnnotations } : {}),
      },
      pdb: Token.isUnresolved(minReplicas) || minReplicas >= 2 ? { enabled: true, minAvailable: 1 } : { enabled: false },
      service: { type: o.exposure?.type === 'load-balancer' ? 'LoadBalancer' : 'ClusterIP' },
    },
  };
  if (o.auth?.type === 'langsmith') {
    v.config.auth = { enabled: true, langSmithAuthEndpoint: o.auth.endpoint, langSmithTenantId: o.auth.tenantId };
  }
  if (o.redisCa) {
    v.apiServer.deployment.volumes = [{ name: 'redis-ca', secret: { secretName: o.redisCa.secretName } }];
    v.apiServer.deployment.volumeMounts = [{ name: 'redis-ca', mountPath: o.redisCa.mountPath, readOnly: true }];
  }
  if (o.autoscaling) {
    v.apiServer.autoscaling = { enabled: true, minReplicas: o.autoscaling.minReplicas, maxReplicas: o.autoscaling.maxReplicas, targetCPUUtilizationPercentage: o.autoscaling.targetCpuPercent ?? 70 };
  }
  if (o.exposure?.type === 'load-balancer') {
    v.apiServer.service.loadBalancerSourceRanges = o.exposure.sourceRanges;
    // The load balancer's own settings (scheme, type, internal): the api-server Service's annotations (templates/api-server/service.yaml).
    if (o.exposure.annotations && Object.keys(o.exposure.annotations).length) v.apiServer.service.annotations = o.exposure.annotations;
  }
  if (o.exposure?.type === 'ingress') {
    // Cloud load balancers health-check their targets over HTTP: GKE's ingress takes the path
    // from an HTTP readiness probe, else `/`, where the API answers 404. The chart's probes are
    // `exec` (values.yaml); readiness becomes the API's own `/ok` (the exec handler removed:
    // a probe takes one handler). Liveness and startup stay as the chart has them.
    v.apiServer.deployment.readinessProbe = { exec: null, httpGet: { path: AGENT_HEALTH_PATH, port: 8000 } };
    v.ingress = { enabled: true, hostname: o.exposure.hostname };
    if (o.exposure.className) v.ingress.ingressClassName = o.exposure.className;
    if (o.exposure.annotations && Object.keys(o.exposure.annotations).length) v.ingress.annotations = o.exposure.annotations;
    if (o.exposure.tlsSecretName) v.ingress.tls = [{ secretName: o.exposure.tlsSecretName, hosts: [o.exposure.hostname] }];
    if (o.exposure.serviceAnnotations && Object.keys(o.exposure.serviceAnnotations).length) v.apiServer.service.annotations = o.exposure.serviceAnnotations;
  }
  if (o.postgresSecretName) v.postgres = { external: { enabled: true, existingSecretName: o.postgresSecretName } };
  else if (o.inClusterStores) {
    const pg = o.inClusterStores.postgres;
    v.postgres = { statefulSet: { resources: { requests: { ...pg.requests }, limits: { ...pg.limits } }, persistence: { size: pg.storage, ...(o.inClusterStores.storageClassName ? { storageClassName: o.inClusterStores.storageClassName } : {}) } } };
  }
  if (o.redisSecretName) v.redis = { external: { enabled: true, existingSecretName: o.redisSecretName } };
  else if (o.inClusterStores) {
    // The chart's Redis is a Deployment without a volume (templates/redis/deployment.yaml).
    const r = o.inClusterStores.redis;
    v.redis = { deployment: { resources: { requests: { ...r.requests }, limits: { ...r.limits } } } };
  }
  return v;
}
