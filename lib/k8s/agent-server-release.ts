import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { namespacedManifests } from './connection-secrets';
import { PostgresConnection, RedisConnection } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { ComponentSize, SIZE_NAMES, SizeName, sizePreset } from '../core/sizing';
import { checkAllowList, checkInteger, checkPattern, isTerraformReference } from '../core/validation';
import { postgresUrl, redisUrl, referenceSecret, secretVersionAnnotations } from './connection-secrets';
import { AgentServerAuth, AgentServerValuesOptions, buildAgentServerValues, splitImage } from './agent-server-values';
import { LANGCHAIN_HELM_REPOSITORY } from './langsmith-release';

/** The langgraph-cloud chart version we pin and test against. */
export const LANGGRAPH_CLOUD_CHART_VERSION = '0.3.2';

/** Properties of {@link AgentServerRelease}. */
export interface AgentServerReleaseProps {
  /** The agent server image (built with `langgraph build`), e.g. `registry.example/agent:1.0.0`. */
  readonly image: string;
  /** Secret: a token resolving to the license key. */
  readonly licenseKey: string;
  /** Replicas. Never below 1: scale-to-zero loses queued and in-flight runs. @default - the preset's agent server replicas */
  readonly replicas?: number;
  /** Horizontal autoscaling; `minReplicas` >= 1. @default - off */
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly targetCpuPercent?: number };
  /** Sizing preset (per-replica resources). @default 'dev' */
  readonly size?: SizeName;
  /** Per-replica resources, overriding the preset. @default - from `size` */
  readonly resources?: ComponentSize;
  /** Managed Postgres. @default - the chart's in-cluster Postgres (dev only) */
  readonly postgres?: PostgresConnection;
  /** Managed Redis. @default - the chart's in-cluster Redis (dev only) */
  readonly redis?: RedisConnection;
  /** LangSmith endpoint to trace to (self-hosted `https://<host>/api/v1` or the SaaS `https://api.smith.langchain.com`). @default - no tracing */
  readonly langsmithEndpoint?: string;
  /** Secret: a token resolving to the LangSmith API key used for tracing. Required with `langsmithEndpoint`. @default - none (no tracing) */
  readonly langsmithApiKey?: string;
  /** @default 'langgraph' */
  readonly namespace?: string;
  /** @default true */
  readonly createNamespace?: boolean;
  /** @default 'agent-server' */
  readonly releaseName?: string;
  /** @default '0.3.2' */
  readonly chartVersion?: string;
  /** @default 'https://langchain-ai.github.io/helm/' */
  readonly chartRepository?: string;
  /** Storage class of the in-cluster Postgres (without `postgres`). @default - the cluster default */
  readonly storageClassName?: string;
  /** Jobs per worker. @default 10 */
  readonly jobsPerWorker?: number;
  /** How the API is exposed. @default - a ClusterIP service */
  readonly exposure?: AgentServerValuesOptions['exposure'];
  /** Registry mirror for the chart's own images (in-cluster Postgres/Redis); never prefixed to `image`. @default - none */
  readonly registry?: string;
  /**
   * How the API authenticates requests: `langsmith` (LangSmith API keys of one workspace,
   * checked against a LangSmith endpoint: the chart's `config.auth`) or `image` (the image
   * brings its own custom auth, langgraph.json `auth`). An exposure beyond the cluster
   * (ingress, load balancer) is refused without one.
   * @default - none (only with a ClusterIP service)
   */
  readonly auth?: AgentServerAuth;
  /** Names of existing image pull secrets. @default [] */
  readonly pullSecrets?: string[];
  /**
   * Kubernetes objects (apiVersion, kind, metadata.name, spec; no secrets) created in the release
   * namespace before the chart, e.g. the BackendConfig a cloud's ingress controller reads
   * (`Foundation.ingressBackend.manifests`). @default []
   */
  readonly manifests?: Record<string, unknown>[];
  /** Resources the release waits for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A standalone LangGraph agent server (langgraph-cloud chart) with its Postgres and Redis
 * reached through Kubernetes Secrets, the license key from a sensitive variable, the chart's
 * health probes, a PodDisruptionBudget from two replicas on, and never fewer than one replica.
 */
export class AgentServerRelease extends Construct {
  public readonly release: Release;
  public readonly namespace: string;
  /** The values passed to the chart, for inspection. */
  public readonly values: Record<string, any>;

  constructor(scope: Construct, id: string, props: AgentServerReleaseProps) {
    super(scope, id);
    const size = props.size ?? 'dev';
    if (!(SIZE_NAMES as readonly string[]).includes(size)) throw ConfigurationError.forConstruct(this, 'size', size, `allowed: ${SIZE_NAMES.join(' | ')}`);
    const preset = sizePreset(size).agentServer;
    const replicas = props.replicas ?? preset.replicas;
    checkPattern(this, 'image', props.image, /^[a-z0-9][a-z0-9._\-/:@]*$/i, 'an image reference such as registry.example/agent:1.0.0');
    if (!Token.isUnresolved(replicas) && (!Number.isInteger(replicas) || replicas < 1)) {
      throw ConfigurationError.forConstruct(this, 'replicas', replicas, 'allowed: an integer >= 1; agent servers never scale to zero (queued and in-flight runs would be lost)');
    }
    if (props.autoscaling) {
      if (props.autoscaling.minReplicas < 1) throw ConfigurationError.forConstruct(this, 'autoscaling.minReplicas', props.autoscaling.minReplicas, 'allowed: an integer >= 1; scale-to-zero loses queued and in-flight runs');
      checkInteger(this, 'autoscaling.maxReplicas', props.autoscaling.maxReplicas, props.autoscaling.minReplicas);
    }
    const namespace = props.namespace ?? 'langgraph';
    const releaseName = props.releaseName ?? 'agent-server';
    checkPattern(this, 'namespace', namespace, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a DNS-1123 label');
    checkPattern(this, 'releaseName', releaseName, /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/, 'lowercase letters, digits and -, at most 53 characters');
    checkPattern(this, 'langsmithEndpoint', props.langsmithEndpoint, /^https?:\/\/\S+$/, 'an http(s) URL');
    if (props.exposure?.type === 'load-balancer') checkAllowList(this, 'exposure.sourceRanges', props.exposure.sourceRanges);
    try {
      splitImage(props.image);
    } catch (e) {
      throw ConfigurationError.forConstruct(this, 'image', props.image, 'allowed: registry/repo:tag or registry/repo@sha256:<hex>');
    }
    if (props.exposure && props.exposure.type !== 'cluster-ip' && !props.auth) {
      throw ConfigurationError.forConstruct(this, 'auth', undefined, `an agent server exposed through ${props.exposure.type === 'ingress' ? 'an ingress' : 'a load balancer'} needs authentication; allowed: { type: 'langsmith', endpoint, tenantId } | { type: 'image' } (the image's own custom auth)`);
    }
    if (props.auth?.type === 'langsmith') {
      checkPattern(this, 'auth.endpoint', props.auth.endpoint, /^https?:\/\/\S+$/, 'the LangSmith API URL, e.g. https://api.smith.langchain.com');
      checkPattern(this, 'auth.tenantId', props.auth.tenantId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'the LangSmith workspace id (a UUID)');
    }
    if (props.langsmithEndpoint && !props.langsmithApiKey) throw ConfigurationError.forConstruct(this, 'langsmithApiKey', undefined, 'required with langsmithEndpoint: a token of a sensitive variable');
    for (const [field, value] of Object.entries({ licenseKey: props.licenseKey, langsmithApiKey: props.langsmithApiKey, 'postgres.password': props.postgres?.password, 'redis.password': props.redis?.password })) {
      if (value !== undefined && !isTerraformReference(value)) throw ConfigurationError.forConstruct(this, field, '<literal>', 'allowed: a Terraform reference to a sensitive value, never a literal');
    }

    this.namespace = namespace;
    const deps: ITerraformDependable[] = [];
    if (props.createNamespace ?? true) deps.push(new NamespaceV1(this, 'Namespace', { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'cdktf-langsmith' } } }));
    const appSecretName = `${releaseName}-config`;
    const data: Record<string, string> = { langgraph_cloud_license_key: props.licenseKey };
    if (props.langsmithApiKey) data.api_key = props.langsmithApiKey;
    const secrets = [referenceSecret(this, 'AppSecret', namespace, appSecretName, data, deps)];
    let postgresSecretName: string | undefined;
    if (props.postgres) {
      postgresSecretName = `${releaseName}-postgres`;
      secrets.push(referenceSecret(this, 'PostgresSecret', namespace, postgresSecretName, { postgres_connection_url: postgresUrl(props.postgres) }, deps));
    }
    let redisSecretName: string | undefined;
    let redisCa: { secretName: string; mountPath: string } | undefined;
    if (props.redis) {
      redisSecretName = `${releaseName}-redis`;
      let url = redisUrl(props.redis);
      if (props.redis.caCertificate) {
        // A private server CA (Memorystore): mounted from a Secret and named in the URL,
        // which redis-py passes through to its TLS context (ssl_ca_certs).
        redisCa = { secretName: `${releaseName}-redis-ca`, mountPath: '/etc/langgraph/redis-ca' };
        secrets.push(referenceSecret(this, 'RedisCaSecret', namespace, redisCa.secretName, { 'ca.crt': props.redis.caCertificate }, deps));
        url = `${url}?ssl_ca_certs=${redisCa.mountPath}/ca.crt`;
      }
      secrets.push(referenceSecret(this, 'RedisSecret', namespace, redisSecretName, { redis_connection_url: url }, deps));
    }
    this.values = buildAgentServerValues({
      image: props.image,
      replicas,
      size: props.resources ?? preset,
      autoscaling: props.autoscaling,
      appSecretName,
      postgresSecretName,
      redisSecretName,
      redisCa,
      langsmithEndpoint: props.langsmithEndpoint,
      jobsPerWorker: props.jobsPerWorker,
      exposure: props.exposure,
      registry: props.registry,
      pullSecrets: props.pullSecrets,
      auth: props.auth,
      inClusterStores: { postgres: sizePreset(size).inClusterPostgres, redis: sizePreset(size).inClusterRedis, storageClassName: props.storageClassName },
      // existingSecretName secrets are not checksummed by the chart: their versions roll the pods.
      podAnnotations: secretVersionAnnotations(secrets),
    });
    this.release = new Release(this, 'Release', {
      name: releaseName,
      namespace,
      repository: props.chartRepository ?? LANGCHAIN_HELM_REPOSITORY,
      chart: 'langgraph-cloud',
      version: props.chartVersion ?? LANGGRAPH_CLOUD_CHART_VERSION,
      values: [JSON.stringify(this.values)],
      wait: true,
      timeout: 900,
      cleanupOnFail: true,
      maxHistory: 10,
      dependsOn: [...secrets, ...namespacedManifests(this, namespace, props.manifests, deps), ...deps, ...(props.dependsOn ?? [])],
    });
  }
}
