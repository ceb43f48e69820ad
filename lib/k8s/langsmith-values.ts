import { BlobStorage } from '../core/contracts';
import { BLOB_STORAGE_COMPONENTS, BLOB_STORAGE_VALUE_PATHS, BlobStorageComponent, blobServiceAccountNames, DEFAULT_RELEASE_NAME } from '../core/naming';
import { SizePreset } from '../core/sizing';
import { operatorTemplates } from './operator-templates';

/**
 * A typed builder for the values of the LangSmith Helm chart (langsmith 0.16.11).
 * Pure: it turns intent into the chart's value keys and nothing else, so every key it
 * can emit is checked against the chart's real values.yaml in the tests
 * (`__tests__/fixtures/langsmith-0.16.11.keys.json`).
 *
 * Secrets never appear here: the chart reads them from Kubernetes Secrets named by
 * `existingSecretName` keys.
 */

/** Telemetry sent to LangChain (beacon.langchain.com). All on by default, as in the chart. */
export interface TelemetrySettings {
  /** @default true */
  readonly metrics?: boolean;
  /** @default true */
  readonly traces?: boolean;
  /** @default true */
  readonly logs?: boolean;
}

/** Basic auth: an initial org admin with a generated password. */
export interface BasicAuthSettings {
  readonly type: 'basic';
  /** Email of the initial org admin. */
  readonly adminEmail: string;
}

/** OAuth / OIDC single sign-on. */
export interface OAuthSettings {
  readonly type: 'oauth';
  /** Email of the initial org admin. @default - none */
  readonly adminEmail?: string;
  /**
   * Whether a client secret is used (confidential client, chart `authType: mixed`).
   * Without one the chart uses PKCE (`authType: oauth`).
   * @default false
   */
  readonly withClientSecret?: boolean;
}

export type AuthSettings = BasicAuthSettings | OAuthSettings;

/** How the frontend (the only exposed service) is reached. */
export type ExposureSettings =
  /** A ClusterIP service only: reach it with `kubectl port-forward` or your own proxy. */
  | { readonly type: 'cluster-ip' }
  /** A LoadBalancer service restricted to source CIDRs. */
  | { readonly type: 'load-balancer'; readonly sourceRanges: string[]; readonly annotations?: Record<string, string> }
  /** A Kubernetes Ingress for `hostname`. */
  | { readonly type: 'ingress'; readonly className?: string; readonly annotations?: Record<string, string>; readonly tlsSecretName?: string; readonly serviceAnnotations?: Record<string, string>; readonly keepAliveTimeoutSeconds?: number }
  /** A Gateway API HTTPRoute attached to an existing Gateway. */
  | { readonly type: 'gateway'; readonly gatewayName: string; readonly gatewayNamespace: string; readonly sectionName?: string };

/** Image overrides, for mirrors and pinned versions. */
export interface ImageSettings {
  /** Registry prepended (with `/`) to every image repository by the chart. @default - none (docker.io) */
  readonly registry?: string;
  /** Tag for the LangSmith application images. @default - the chart's appVersion tags */
  readonly tag?: string;
  /** Names of existing image pull secrets. @default [] */
  readonly pullSecrets?: string[];
}

/** LangSmith Deployments (the full platform). */
export interface DeploymentsSettings {
  /**
   * Namespaces the operator watches (`operator.watchNamespaces`, a comma list). The release
   * namespace is always added (the listener creates agent resources there: its Role is
   * namespaced, templates/listener/rbac.yaml); the others are created before the release,
   * since the chart puts a Role and RoleBinding in each (templates/operator/rbac.yaml). Never
   * empty: the chart reads an empty list as "every namespace" (a ClusterRole, operator/rbac.yaml).
   * @default - the release namespace only
   */
  readonly watchNamespaces?: string[];
  /**
   * Annotations on every agent Service the operator creates (`operator.templates.service`), for the
   * cloud's ingress controller: the health check path, NEG and BackendConfig
   * (`Foundation.agentIngressBackend`). Literals only, without `$`.
   * @default {}
   */
  readonly agentServiceAnnotations?: Record<string, string>;
  /**
   * Objects the cloud's ingress controller needs next to the agent Services (e.g. a GKE
   * BackendConfig), created by {@link LangSmithRelease} in every watched namespace; not a chart value.
   * @default []
   */
  readonly agentServiceManifests?: Record<string, unknown>[];
  /** Whether agent deployments are served over TLS at the edge. @default - the edge's TLS ({@link LangSmithValuesOptions.edgeTls}) */
  readonly tlsEnabled?: boolean;
  /**
   * Whether the host backend checks each agent deployment through the public hostname
   * (`config.deployment.ingressHealthCheckEnabled`). Off by default: that check goes from inside
   * the cluster out to the ingress and back (DNS, load balancer source ranges and hairpin
   * routing must all allow it), and fails healthy agents where they do not; the operator still
   * waits for the agents' own readiness probes.
   * @default false
   */
  readonly ingressHealthCheck?: boolean;
}

/** In-cluster stores the chart bundles for Insights/Engine and Polly (`agent-features/*`). */
export interface AgentFeatureStores {
  /** Secret with `postgres_user`, `postgres_password`, `postgres_db` and `postgres_connection_url` for Insights' Postgres. */
  readonly insightsPostgresSecretName: string;
  /** The same for Polly's Postgres. */
  readonly pollyPostgresSecretName: string;
}

/** What the values builder needs. */
export interface LangSmithValuesOptions {
  /** Public hostname of the installation (`config.hostname`, given to the chart with its scheme). @default - none */
  readonly hostname?: string;
  /**
   * Whether the edge (ingress, gateway, load balancer) serves TLS. The chart's
   * `langsmith.hostnameWithProtocol` prefixes `https://` to a bare hostname (public API
   * endpoint, OAuth issuer, Polly's URL), so a plain-HTTP edge gets `http://<hostname>`.
   * @default true
   */
  readonly edgeTls?: boolean;
  /** Annotations on every LangSmith pod (`commonPodAnnotations`), e.g. secret versions that roll the pods on rotation. @default {} */
  readonly podAnnotations?: Record<string, string>;
  /** Credentials of the Insights/Polly in-cluster Postgres (generated, instead of the chart's postgres/postgres). @default - the chart's */
  readonly agentFeatureStores?: AgentFeatureStores;
  /** Secret holding the license key, API key salt, JWT secret and other app secrets. */
  readonly appSecretName: string;
  readonly auth: AuthSettings;
  readonly exposure: ExposureSettings;
  /** @default - the chart's images */
  readonly images?: ImageSettings;
  /** @default all on */
  readonly telemetry?: TelemetrySettings;
  /** Every `config.telemetry.*` switch off (usage reports of the langgraph-api servers follow the license key, not this). @default false */
  readonly offline?: boolean;
  /** Secret with `connection_url` for external Postgres. @default - the chart's in-cluster Postgres */
  readonly postgresSecretName?: string;
  /** Secret with `connection_url` for external Redis. @default - the chart's in-cluster Redis */
  readonly redisSecretName?: string;
  /** External ClickHouse through a Secret with the chart's `clickhouse_*` keys. @default - in-cluster ClickHouse */
  readonly clickhouse?: { readonly secretName: string; readonly hybrid: boolean };
  /** Blob storage. @default - payloads stay in ClickHouse */
  readonly blobStorage?: BlobStorage;
  readonly size: SizePreset;
  /** Storage class for in-cluster stores' volumes. @default - the cluster default */
  readonly storageClassName?: string;
  /** Enable LangSmith Deployments. @default - disabled */
  readonly deployments?: DeploymentsSettings;
  /** Secret and key of a CA bundle the services trust (`config.customCa`). @default - none */
  readonly customCa?: { readonly secretName: string; readonly secretKey: string };
  /** Helm release name (service account names derive from it). @default 'langsmith' */
  readonly releaseName?: string;
}

/** Components whose service accounts need the bucket: every workload that receives `langsmith.commonEnv` (lib/core/naming.ts). */
export const BLOB_COMPONENTS: readonly BlobStorageComponent[] = BLOB_STORAGE_COMPONENTS;

const APP_IMAGES = ['aceBackendImage', 'backendImage', 'frontendImage', 'engineInsightsAgentImage', 'agentBuilderImage', 'pollyAgentImage'];

type Values = Record<string, any>;

/** Sets `value` at a dotted path, creating objects on the way. */
function set(target: Values, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] = node[part] ?? {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

/** Builds the chart values. */
export function buildLangSmithValues(o: LangSmithValuesOptions): Values {
  const v: Values = {};
  const edgeTls = o.edgeTls ?? true;
  if (o.hostname) set(v, 'config.hostname', `${edgeTls ? 'https' : 'http'}://${o.hostname}`);
  if (o.podAnnotations && Object.keys(o.podAnnotations).length) set(v, 'commonPodAnnotations', o.podAnnotations);

  // Secrets: one app secret, created outside the chart.
  set(v, 'config.existingSecretName', o.appSecretName);
  if (o.customCa) {
    set(v, 'config.customCa.secretName', o.customCa.secretName);
    set(v, 'config.customCa.secretKey', o.customCa.secretKey);
  }

  // Auth.
  if (o.auth.type === 'basic') {
    set(v, 'config.authType', 'mixed');
    set(v, 'config.basicAuth.enabled', true);
    set(v, 'config.initialOrgAdminEmail', o.auth.adminEmail);
  } else {
    set(v, 'config.authType', o.auth.withClientSecret ? 'mixed' : 'oauth');
    set(v, 'config.oauth.enabled', true);
    if (o.auth.adminEmail) set(v, 'config.initialOrgAdminEmail', o.auth.adminEmail);
  }

  // Telemetry: offline turns every switch off.
  const t = o.telemetry ?? {};
  set(v, 'config.telemetry.metrics', !o.offline && (t.metrics ?? true));
  set(v, 'config.telemetry.traces', !o.offline && (t.traces ?? true));
  set(v, 'config.telemetry.logs', !o.offline && (t.logs ?? true));

  // Exposure of the frontend.
  switch (o.exposure.type) {
    case 'cluster-ip':
      set(v, 'frontend.service.type', 'ClusterIP');
      break;
    case 'load-balancer':
      set(v, 'frontend.service.type', 'LoadBalancer');
      set(v, 'frontend.service.loadBalancerSourceRanges', o.exposure.sourceRanges);
      if (o.exposure.annotations) set(v, 'frontend.service.annotations', o.exposure.annotations);
      break;
    case 'ingress':
      set(v, 'frontend.service.type', 'ClusterIP');
      set(v, 'ingress.enabled', true);
      if (o.exposure.className) set(v, 'ingress.ingressClassName', o.exposure.className);
      if (o.exposure.annotations && Object.keys(o.exposure.annotations).length) set(v, 'ingress.annotations', o.exposure.annotations);
      if (o.exposure.tlsSecretName) set(v, 'ingress.tls', [{ secretName: o.exposure.tlsSecretName, hosts: o.hostname ? [o.hostname] : [] }]);
      // What the cloud's ingress controller needs on the frontend Service (Foundation.ingressBackend).
      if (o.exposure.serviceAnnotations && Object.keys(o.exposure.serviceAnnotations).length) set(v, 'frontend.service.annotations', o.exposure.serviceAnnotations);
      if (o.exposure.keepAliveTimeoutSeconds !== undefined) set(v, 'frontend.keepAliveTimeout', String(o.exposure.keepAliveTimeoutSeconds));
      break;
    case 'gateway':
      set(v, 'frontend.service.type', 'ClusterIP');
      set(v, 'gateway.enabled', true);
      set(v, 'gateway.name', o.exposure.gatewayName);
      set(v, 'gateway.namespace', o.exposure.gatewayNamespace);
      if (o.exposure.sectionName) set(v, 'gateway.sectionName', o.exposure.sectionName);
      break;
  }

  // Images.
  if (o.images?.registry) set(v, 'images.registry', o.images.registry);
  if (o.images?.pullSecrets?.length) set(v, 'images.imagePullSecrets', o.images.pullSecrets.map((name) => ({ name })));
  if (o.images?.tag) for (const image of APP_IMAGES) set(v, `images.${image}.tag`, o.images.tag);

  // Stores.
  if (o.postgresSecretName) {
    set(v, 'postgres.external.enabled', true);
    set(v, 'postgres.external.existingSecretName', o.postgresSecretName);
  } else {
    setStore(v, 'postgres', o.size.inClusterPostgres, o.storageClassName);
  }
  if (o.redisSecretName) {
    set(v, 'redis.external.enabled', true);
    set(v, 'redis.external.existingSecretName', o.redisSecretName);
  } else {
    setStore(v, 'redis', o.size.inClusterRedis, o.storageClassName);
  }
  // clickhouse.enabled stays true (a real boolean) for external ClickHouse too; see the chart's validate.yaml.
  set(v, 'clickhouse.enabled', true);
  if (o.clickhouse) {
    set(v, 'clickhouse.external.enabled', true);
    set(v, 'clickhouse.external.existingSecretName', o.clickhouse.secretName);
    set(v, 'clickhouse.external.hybrid', o.clickhouse.hybrid);
  } else {
    setStore(v, 'clickhouse', o.size.inClusterClickhouse, o.storageClassName);
  }

  // Blob storage with workload identity: no access keys.
  if (o.blobStorage) {
    const b = o.blobStorage;
    set(v, 'config.blobStorage.enabled', true);
    set(v, 'config.blobStorage.engine', b.engine);
    if (b.engine === 'Azure') {
      set(v, 'config.blobStorage.azureStorageAccountName', b.azureStorageAccountName);
      set(v, 'config.blobStorage.azureStorageContainerName', b.bucketName);
    } else {
      set(v, 'config.blobStorage.bucketName', b.bucketName);
      if (b.apiUrl) set(v, 'config.blobStorage.apiURL', b.apiUrl);
      if (b.kmsKeyArn) {
        set(v, 'config.blobStorage.kmsEncryptionEnabled', true);
        set(v, 'config.blobStorage.kmsKeyArn', b.kmsKeyArn);
      }
    }
    const saNames = blobServiceAccountNames(o.releaseName ?? DEFAULT_RELEASE_NAME);
    for (const comp of BLOB_STORAGE_COMPONENTS) {
      // Explicit names, so the cloud's workload identity can trust exactly these.
      const path = BLOB_STORAGE_VALUE_PATHS[comp];
      set(v, `${path}.serviceAccount.name`, saNames[comp]);
      if (b.serviceAccountAnnotations && Object.keys(b.serviceAccountAnnotations).length) set(v, `${path}.serviceAccount.annotations`, b.serviceAccountAnnotations);
      if (b.serviceAccountLabels && Object.keys(b.serviceAccountLabels).length) set(v, `${path}.serviceAccount.labels`, b.serviceAccountLabels);
      if (b.podLabels && Object.keys(b.podLabels).length) set(v, `${path}.deployment.labels`, b.podLabels);
    }
  }

  // Sizes.
  for (const [comp, size] of Object.entries(o.size.components)) {
    set(v, `${comp}.deployment.replicas`, size.replicas);
    set(v, `${comp}.deployment.resources`, { requests: { ...size.requests }, limits: { ...size.limits } });
  }

  // Insights/Engine and Polly (on by default in the chart) with their bundled Postgres and
  // Redis: sized, on our storage class, and (with agentFeatureStores) generated credentials.
  const f = o.size.agentFeatures;
  for (const product of ['engineInsightsAgent', 'polly'] as const) {
    for (const part of ['apiServer', 'queue'] as const) {
      set(v, `${product}.${part}.deployment.replicaCount`, f[part].replicas);
      set(v, `${product}.${part}.deployment.resources`, { requests: { ...f[part].requests }, limits: { ...f[part].limits } });
    }
    for (const store of ['postgres', 'redis'] as const) {
      set(v, `${product}.${store}.statefulSet.resources`, { requests: { ...f[store].requests }, limits: { ...f[store].limits } });
      set(v, `${product}.${store}.statefulSet.persistence.size`, f[store].storage);
      if (o.storageClassName) set(v, `${product}.${store}.statefulSet.persistence.storageClassName`, o.storageClassName);
    }
  }
  if (o.agentFeatureStores) {
    set(v, 'engineInsightsAgent.postgres.external.existingSecretName', o.agentFeatureStores.insightsPostgresSecretName);
    set(v, 'polly.postgres.external.existingSecretName', o.agentFeatureStores.pollyPostgresSecretName);
  }

  // LangSmith Deployments (full platform).
  if (o.deployments) {
    set(v, 'config.deployment.enabled', true);
    set(v, 'config.deployment.tlsEnabled', o.deployments.tlsEnabled ?? edgeTls);
    set(v, 'config.deployment.ingressHealthCheckEnabled', o.deployments.ingressHealthCheck ?? false);
    set(v, 'operator.enabled', true);
    set(v, 'operator.kedaEnabled', true);
    if (o.deployments.watchNamespaces?.length) set(v, 'operator.watchNamespaces', o.deployments.watchNamespaces.join(','));
    // The agents' Services, Redis and Postgres come from the operator's templates, not from the
    // chart's own values: the cloud's Service annotations, our storage class, the image mirror and
    // pull secrets reach them only there.
    const templates = operatorTemplates({
      serviceAnnotations: o.deployments.agentServiceAnnotations,
      storageClassName: o.storageClassName,
      registry: o.images?.registry,
      pullSecrets: o.images?.pullSecrets,
    });
    for (const [name, text] of Object.entries(templates)) set(v, `operator.templates.${name}`, text);
    for (const [comp, size] of Object.entries(o.size.deployments)) {
      set(v, `${comp}.deployment.replicas`, size.replicas);
      set(v, `${comp}.deployment.resources`, { requests: { ...size.requests }, limits: { ...size.limits } });
    }
  }
  return v;
}

function setStore(v: Values, name: 'postgres' | 'redis' | 'clickhouse', size: SizePreset['inClusterClickhouse'], storageClassName?: string): void {
  set(v, `${name}.statefulSet.resources`, { requests: { ...size.requests }, limits: { ...size.limits } });
  set(v, `${name}.statefulSet.persistence.size`, size.storage);
  if (storageClassName) set(v, `${name}.statefulSet.persistence.storageClassName`, storageClassName);
}

/** Every dotted key path of a values object (leaves and containers), for checking against the chart. */
export function valuePaths(values: Values, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, val] of Object.entries(values)) {
    const path = prefix ? `${prefix}.${k}` : k;
    out.push(path);
    if (val !== null && typeof val === 'object' && !Array.isArray(val)) out.push(...valuePaths(val, path));
  }
  return out;
}
