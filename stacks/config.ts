/**
 * The deployments file: schema, defaults and validation.
 *
 * The whole file is validated before any construct is built. Every problem is reported at
 * once, each naming the deployment, the field path, the bad value and what is allowed;
 * unknown fields get a "did you mean" hint.
 */
import { existsSync, readFileSync } from 'fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigurationError, describeValue } from '../lib/core/errors';
import { SIZE_NAMES } from '../lib/core/sizing';
import { KUBERNETES_MINOR_VERSIONS } from '../lib/core/kubernetes-versions';
import { checkAllowListValue, didYouMean, gcsBucketNameProblem, isPrivateCidr, parseCidr } from '../lib/core/validation';
import { AWS_REGIONS } from '../lib/aws/regions';
import { AZURE_REGIONS } from '../lib/azure/regions';
import { GCP_REGIONS } from '../lib/gcp/regions';
import { awsConfigSchema } from './clouds/aws-config';
import { azureConfigSchema } from './clouds/azure-config';
import { gcpConfigSchema } from './clouds/gcp-config';

export const MODES = ['observability', 'full-platform', 'standalone'] as const;
export const CLOUDS = ['aws', 'gcp', 'azure', 'kubernetes'] as const;
export const CLICKHOUSE_TYPES = ['in-cluster', 'external', 'langsmith-managed'] as const;
export const CONNECTIVITY = ['private-link', 'public'] as const;

const name = z.string().regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/, 'lowercase letters, digits and -, 2-24 characters, starting with a letter');
const dnsName = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a fully qualified DNS name such as langsmith.example.com');
const label = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a DNS-1123 label: lowercase letters, digits and -');
const port = z.number().int().min(1).max(65535);
const stringMap = z.record(z.string(), z.string());

const clickhouseSchema = z.strictObject({
  /** in-cluster | external | langsmith-managed. @default in-cluster */
  type: z.enum(CLICKHOUSE_TYPES).default('in-cluster'),
  /** private-link | public (LangSmith-managed only). @default private-link */
  connectivity: z.enum(CONNECTIVITY).optional(),
  /** AWS endpoint service name | GCP service attachment | Azure Private Link service alias. */
  endpointService: z.string().min(1).optional(),
  /** ClickHouse host (the private DNS hostname over private link). */
  host: z.string().min(1).optional(),
  /** HTTP(S) port. @default 8443 with tls, 8123 without */
  port: port.optional(),
  /** Native port. @default 9440 with tls, 9000 without */
  nativePort: port.optional(),
  /** TLS to ClickHouse. @default true */
  tls: z.boolean().default(true),
  /** @default default */
  user: z.string().min(1).default('default'),
  /** @default default */
  database: z.string().min(1).default('default'),
});

const egressSchema = z.strictObject({
  /** Static public NAT IPs. @default 1 for size dev, else 2 */
  staticIps: z.number().int().min(1).max(16).optional(),
});

const telemetrySchema = z.strictObject({
  metrics: z.boolean().default(true),
  traces: z.boolean().default(true),
  logs: z.boolean().default(true),
});

const agentServerSchema = z.strictObject({
  /** Agent server image (built with `langgraph build`). */
  image: z.string().regex(/^[a-z0-9][a-z0-9._\-/:@]*$/i, 'an image reference such as registry.example/agent:1.0.0'),
  /** Replicas (>= 1; never zero: scale-to-zero loses tasks). @default 2 (1 for size dev) */
  replicas: z.number().int().optional(),
  /** Horizontal autoscaling; its minimum must be >= 1. @default - off */
  autoscaling: z.strictObject({
    minReplicas: z.number().int(),
    maxReplicas: z.number().int(),
    targetCpuPercent: z.number().int().min(10).max(100).default(70),
  }).optional(),
  /** LangSmith endpoint to send traces to, e.g. https://api.smith.langchain.com or https://<your LangSmith>/api/v1. @default - no tracing */
  langsmithEndpoint: z.string().url().optional(),
  /** Jobs per worker (`config.numberOfJobsPerWorker`). @default 10 */
  jobsPerWorker: z.number().int().min(1).max(100).default(10),
  /**
   * How the API authenticates: langsmith (API keys of one LangSmith workspace, checked at
   * `endpoint`), image (the image's own custom auth) or none (ClusterIP only).
   * @default - required when exposed by ingress or load balancer
   */
  auth: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('langsmith'), endpoint: z.string().url(), tenantId: z.string().uuid() }),
    z.strictObject({ type: z.literal('image') }),
    z.strictObject({ type: z.literal('none') }),
  ]).optional(),
});

const kubernetesSchema = z.strictObject({
  /** Kubeconfig path (cloud: kubernetes). @default ~/.kube/config */
  kubeconfigPath: z.string().min(1).default('~/.kube/config'),
  /** Kubeconfig context. @default - the file's current context */
  context: z.string().min(1).optional(),
  /** Storage class for in-cluster stores. @default - the cluster default */
  storageClassName: z.string().min(1).optional(),
});

const authSchema = z.strictObject({
  /** basic | oauth. @default basic */
  type: z.enum(['basic', 'oauth']).default('basic'),
  /** Initial org admin email. @default admin@<hostname> */
  adminEmail: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'an email address').optional(),
  /** OIDC client id (oauth). */
  clientId: z.string().min(1).optional(),
  /** OIDC issuer URL (oauth). */
  issuerUrl: z.string().url().optional(),
  /** Use a client secret from TF_VAR_oauth_client_secret (confidential client). @default false */
  clientSecret: z.boolean().default(false),
});

const exposureSchema = z.strictObject({
  /** ingress | gateway | load-balancer | cluster-ip. @default ingress with a hostname, else cluster-ip (per cloud: see docs) */
  type: z.enum(['ingress', 'gateway', 'load-balancer', 'cluster-ip']).optional(),
  /** Ingress class. @default - the cloud's controller class, or the cluster default */
  className: z.string().min(1).optional(),
  annotations: stringMap.optional(),
  /** Existing TLS secret for the ingress. @default - none */
  tlsSecretName: label.optional(),
  /** Load balancer source CIDRs (load-balancer). */
  sourceRanges: z.array(z.string()).optional(),
  /** Gateway name/namespace (gateway). */
  gatewayName: label.optional(),
  gatewayNamespace: label.optional(),
  /** cert-manager ClusterIssuer that issues the ingress certificate (adds its annotation; secret `<namespace>-tls` unless tlsSecretName). @default - none */
  certManagerIssuer: label.optional(),
});

const platformSchema = z.strictObject({
  /** Namespaces the operator deploys agent servers into (comma list for operator.watchNamespaces). @default - the release namespace */
  watchNamespaces: z.array(label).default([]),
  /** KEDA chart version (installed before LangSmith). @default 2.19.0 */
  kedaVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'a pinned version such as 2.19.0').default('2.19.0'),
});

const imagesSchema = z.strictObject({
  registry: z.string().min(1).optional(),
  tag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'an image tag').optional(),
  pullSecrets: z.array(label).default([]),
});

const externalPostgresSchema = z.strictObject({
  /** Existing Postgres host; the password comes from TF_VAR_postgres_password. */
  host: z.string().min(1),
  port: port.default(5432),
  database: z.string().min(1).default('postgres'),
  user: z.string().min(1).default('postgres'),
  tls: z.boolean().default(true),
});

const externalRedisSchema = z.strictObject({
  /** Existing Redis host; the password (if any) comes from TF_VAR_redis_password. */
  host: z.string().min(1),
  port: port.default(6379),
  tls: z.boolean().default(true),
  /** Whether the Redis needs a password. @default true */
  auth: z.boolean().default(true),
});

const blobStorageSchema = z.strictObject({
  /** S3 | GCS | Azure (the chart's `config.blobStorage.engine`). */
  engine: z.enum(['S3', 'GCS', 'Azure']),
  /** Bucket (S3, GCS) or container (Azure). */
  bucket: z.string().min(3),
  /** S3/GCS API URL. @default https://s3.<region>.amazonaws.com is the chart's; GCS needs https://storage.googleapis.com */
  apiUrl: z.string().url().optional(),
  /** Azure storage account name (engine Azure). */
  azureStorageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, '3-24 lowercase letters and digits').optional(),
  /** Workload-identity annotations for the LangSmith service accounts (IRSA role ARN, GCP service account, Azure client id). @default {} */
  serviceAccountAnnotations: stringMap.default({}),
  /** Pod labels (Azure workload identity: azure.workload.identity/use: "true"). @default {} */
  podLabels: stringMap.default({}),
});

const networkSchema = z.strictObject({
  /** Address space of a created VPC/VNet. @default 10.0.0.0/16 */
  cidr: z.string().default('10.0.0.0/16'),
  /** Existing VPC id / GCP network name / Azure VNet id. @default - a new network */
  existingNetworkId: z.string().min(1).optional(),
  /** Existing private subnet ids (AWS, Azure) or subnet name (GCP). */
  existingSubnetIds: z.array(z.string().min(1)).optional(),
  /** Existing public subnet ids (AWS, for load balancers). */
  existingPublicSubnetIds: z.array(z.string().min(1)).optional(),
});

const clusterSchema = z.strictObject({
  /** Kubernetes version. @default - the library's tested version per cloud */
  version: z.string().regex(/^1\.\d{2}$/, 'a minor version such as 1.33').optional(),
  /** CIDRs allowed to reach a public API endpoint; empty means a private endpoint only. @default [] */
  apiAllowedCidrs: z.array(z.string()).default([]),
});

const backendSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('local'), directory: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal('s3'), bucket: z.string().min(3), region: z.string().min(1), keyPrefix: z.string().default('langsmith'), kmsKeyId: z.string().optional(), dynamodbTable: z.string().optional() }),
  z.strictObject({ type: z.literal('gcs'), bucket: z.string().min(3), prefix: z.string().default('langsmith') }),
  z.strictObject({ type: z.literal('azurerm'), resourceGroupName: z.string().min(1), storageAccountName: z.string().min(3), containerName: z.string().min(3), keyPrefix: z.string().default('langsmith') }),
  z.strictObject({ type: z.literal('remote'), organization: z.string().min(1), workspacePrefix: z.string().min(1), hostname: z.string().default('app.terraform.io') }),
]);

export const deploymentSchema = z.strictObject({
  name,
  mode: z.enum(MODES),
  cloud: z.enum(CLOUDS),
  region: z.string().optional(),
  project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a GCP project id: 6-30 lowercase letters, digits and -').optional(),
  size: z.enum(SIZE_NAMES as [string, ...string[]]).default('dev'),
  hostname: dnsName.optional(),
  namespace: label.default('langsmith'),
  clickhouse: clickhouseSchema.prefault({}),
  egress: egressSchema.prefault({}),
  telemetry: telemetrySchema.prefault({}),
  offline: z.boolean().default(false),
  agentServer: agentServerSchema.optional(),
  /** LangSmith Deployments settings (mode: full-platform). @default {} */
  platform: platformSchema.optional(),
  kubernetes: kubernetesSchema.prefault({}),
  chart: z.strictObject({
    version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a semantic version such as 0.16.11').optional(),
    repository: z.string().url().optional(),
  }).prefault({}),
  auth: authSchema.prefault({}),
  exposure: exposureSchema.prefault({}),
  images: imagesSchema.prefault({}),
  postgres: externalPostgresSchema.optional(),
  redis: externalRedisSchema.optional(),
  /** Existing blob storage (cloud: kubernetes; the clouds create their own). @default - none */
  blobStorage: blobStorageSchema.optional(),
  network: networkSchema.prefault({}),
  cluster: clusterSchema.prefault({}),
  /** Terraform lifecycle prevent_destroy and cloud deletion protection on stateful resources. @default true */
  deletionProtection: z.boolean().default(true),
  backend: backendSchema.prefault({ type: 'local' }),
  /** Settings only cloud: aws has. @default {} */
  aws: awsConfigSchema.prefault({}),
  /** Settings only cloud: gcp has. @default {} */
  gcp: gcpConfigSchema.prefault({}),
  /** Settings only cloud: azure has. @default {} */
  azure: azureConfigSchema.prefault({}),
  /** Extra tags/labels on cloud resources. @default {} */
  tags: stringMap.default({}),
});

export const fileSchema = z.strictObject({
  deployments: z.array(deploymentSchema),
});

type Parsed = z.infer<typeof deploymentSchema>;

/** A validated deployment with every default applied. */
export type DeploymentConfig = Parsed & {
  readonly size: 'dev' | 'small' | 'medium' | 'large';
  readonly egress: { readonly staticIps: number };
  readonly clickhouse: Parsed['clickhouse'] & { readonly connectivity?: 'private-link' | 'public' };
};

/** Clouds whose foundation this version builds. */
export const SUPPORTED_CLOUDS: ReadonlySet<string> = new Set([
  'kubernetes',
  'aws',
  'gcp',
  'azure',
]);

/** Allowed keys per object path, for "did you mean" hints. */
function shapeKeys(schema: z.ZodTypeAny): string[] | undefined {
  let s: any = schema;
  while (s && WRAPPERS.has(s._zod?.def?.type)) s = s._zod.def.innerType;
  if (s?._zod?.def?.type === 'object') return Object.keys(s._zod.def.shape);
  return undefined;
}

/** zod wrapper types to look through when finding an object's fields. */
const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable']);

function schemaAt(path: (string | number)[]): z.ZodTypeAny | undefined {
  let s: any = fileSchema;
  for (const seg of path) {
    while (s && WRAPPERS.has(s._zod?.def?.type)) s = s._zod.def.innerType;
    if (!s) return undefined;
    const t = s._zod?.def?.type;
    if (t === 'object') s = s._zod.def.shape[seg as string];
    else if (t === 'array') s = s._zod.def.element;
    else return undefined;
  }
  return s;
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let node: any = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[seg];
  }
  return node;
}

function whereOf(raw: unknown, path: (string | number)[], file: string): { where: string; field: string } {
  if (path[0] === 'deployments' && typeof path[1] === 'number') {
    const n = valueAt(raw, ['deployments', path[1], 'name']);
    const label = typeof n === 'string' ? ` (${n})` : '';
    return { where: `${file}: deployments[${path[1]}]${label}`, field: path.slice(2).join('.') || '(entry)' };
  }
  return { where: file, field: path.join('.') || '(file)' };
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown, file: string): ConfigurationError[] {
  const path = issue.path as (string | number)[];
  const value = valueAt(raw, path);
  const { where, field } = whereOf(raw, path, file);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = shapeKeys(schemaAt(path) ?? (z.never() as any)) ?? [];
      return issue.keys.map((k) => {
        const hint = didYouMean(k, keys);
        const f = field === '(entry)' || field === '(file)' ? k : `${field}.${k}`;
        return new ConfigurationError(where, f, valueAt(raw, [...path, k]),
          `unknown field${hint ? `; did you mean '${hint}'?` : '.'} Allowed fields here: ${keys.join(', ')}`);
      });
    }
    case 'invalid_value':
      return [new ConfigurationError(where, field, value, `allowed: ${issue.values.map((v) => String(v)).join(' | ')}`)];
    case 'invalid_union': {
      // A discriminated union (backend.type): list the allowed discriminator values.
      const expected = /Expected (.*)$/.exec(issue.message)?.[1];
      if (expected) return [new ConfigurationError(where, field, value, `allowed: ${expected.replace(/'/g, '')}`)];
      return [new ConfigurationError(where, field, value, `allowed: ${issue.message}`)];
    }
    case 'invalid_type': {
      const expected = issue.expected;
      if (value === undefined) return [new ConfigurationError(where, field, value, `a required field; allowed: ${expected}`)];
      return [new ConfigurationError(where, field, value, `allowed: ${expected === 'record' ? 'a map of strings' : `a ${expected}`}`)];
    }
    case 'too_small':
      if (issue.origin === 'number') return [new ConfigurationError(where, field, value, `allowed: a number >= ${issue.minimum}`)];
      if (issue.origin === 'array') return [new ConfigurationError(where, field, value, `allowed: at least ${issue.minimum} item(s)`)];
      return [new ConfigurationError(where, field, value, `allowed: at least ${issue.minimum} character(s)`)];
    case 'too_big':
      return [new ConfigurationError(where, field, value, `allowed: at most ${issue.maximum}`)];
    default:
      return [new ConfigurationError(where, field, value, `allowed: ${issue.message}`)];
  }
}

/** Cross-field rules, run after the schema passed. */
function crossCheck(d: Parsed, i: number, file: string): ConfigurationError[] {
  const errors: ConfigurationError[] = [];
  const where = `${file}: deployments[${i}] (${d.name})`;
  const err = (field: string, value: unknown, allowed: string) => errors.push(new ConfigurationError(where, field, value, allowed));

  // Cloud and region.
  const regions: Record<string, readonly string[]> = { aws: AWS_REGIONS, gcp: GCP_REGIONS, azure: AZURE_REGIONS };
  if (d.cloud === 'kubernetes') {
    if (d.region !== undefined) err('region', d.region, 'a cloud region has no meaning for cloud: kubernetes; remove it');
  } else if (d.region === undefined) {
    err('region', undefined, `required for cloud: ${d.cloud}; allowed: a ${d.cloud} region such as ${regions[d.cloud][3]}`);
  } else if (!regions[d.cloud].includes(d.region)) {
    const hint = didYouMean(d.region, regions[d.cloud]);
    err('region', d.region, `not a ${d.cloud} region${hint ? `; did you mean '${hint}'?` : ''} Allowed: ${regions[d.cloud].join(', ')}`);
  }
  if (d.cloud === 'gcp' && d.project === undefined) err('project', undefined, 'required for cloud: gcp; allowed: a GCP project id such as acme-prod-123');
  if (d.cloud !== 'gcp' && d.project !== undefined) err('project', d.project, 'only for cloud: gcp; remove it');
  if (!SUPPORTED_CLOUDS.has(d.cloud)) err('cloud', d.cloud, `not built in this version; allowed: ${[...SUPPORTED_CLOUDS].join(' | ')}`);

  // Mode-specific.
  if (d.mode === 'standalone') {
    if (!d.agentServer) err('agentServer', undefined, 'required for mode: standalone; allowed: { image, replicas >= 1 }');
    if (d.clickhouse.type !== 'in-cluster' || d.clickhouse.host || d.clickhouse.endpointService) {
      err('clickhouse', d.clickhouse.type, 'mode: standalone deploys no ClickHouse; remove the clickhouse block');
    }
    if (d.exposure.type === 'gateway') err('exposure.type', 'gateway', 'mode: standalone is exposed by ingress, load balancer or ClusterIP; allowed: ingress | load-balancer | cluster-ip');
    const exposed = (d.exposure.type ?? (d.hostname ? 'ingress' : 'cluster-ip')) !== 'cluster-ip';
    if (d.agentServer && exposed && (d.agentServer.auth ?? { type: 'none' }).type === 'none') {
      err('agentServer.auth', d.agentServer.auth?.type, 'required when the agent server is exposed beyond the cluster; allowed: { type: langsmith, endpoint, tenantId } | { type: image } (the image brings its own auth)');
    }
  } else if (d.agentServer) {
    err('agentServer', '{...}', `only for mode: standalone (this deployment is mode: ${d.mode}); remove it`);
  }
  if (d.agentServer) {
    const r = d.agentServer.replicas;
    if (r !== undefined && r < 1) err('agentServer.replicas', r, 'allowed: an integer >= 1; agent servers never scale to zero (queued runs would be lost)');
    const a = d.agentServer.autoscaling;
    if (a) {
      if (a.minReplicas < 1) err('agentServer.autoscaling.minReplicas', a.minReplicas, 'allowed: an integer >= 1; scale-to-zero loses in-flight and queued runs');
      if (a.maxReplicas < Math.max(1, a.minReplicas)) err('agentServer.autoscaling.maxReplicas', a.maxReplicas, `allowed: an integer >= minReplicas (${a.minReplicas})`);
    }
  }
  if (d.platform && d.mode !== 'full-platform') err('platform', '{...}', `only for mode: full-platform (this deployment is mode: ${d.mode}); remove it`);
  if (d.mode === 'full-platform') {
    if (!d.hostname) err('hostname', undefined, 'required for mode: full-platform (LangSmith Deployments need config.hostname); allowed: a DNS name such as langsmith.example.com');
    if (d.exposure.type && d.exposure.type !== 'ingress' && d.exposure.type !== 'gateway') err('exposure.type', d.exposure.type, 'mode: full-platform needs an ingress or a gateway; allowed: ingress | gateway');
  }

  // ClickHouse.
  const ch = d.clickhouse;
  if (ch.type === 'in-cluster') {
    for (const f of ['connectivity', 'endpointService', 'host'] as const) if (ch[f] !== undefined) err(`clickhouse.${f}`, ch[f], 'only for clickhouse.type external or langsmith-managed; remove it');
  } else {
    if (!ch.host) err('clickhouse.host', undefined, `required for clickhouse.type: ${ch.type}; allowed: a host name such as abc123.us-west-2.aws.clickhouse.cloud`);
    if (ch.type === 'external' && (ch.connectivity !== undefined || ch.endpointService !== undefined)) {
      err(ch.connectivity !== undefined ? 'clickhouse.connectivity' : 'clickhouse.endpointService', ch.connectivity ?? ch.endpointService, 'only for clickhouse.type: langsmith-managed; remove it');
    }
    if (ch.type === 'langsmith-managed') {
      const conn = ch.connectivity ?? 'private-link';
      if (conn === 'private-link') {
        if (d.cloud === 'kubernetes') err('clickhouse.connectivity', conn, 'private-link needs a cloud network this library creates; allowed with cloud: kubernetes: public');
        else if (!ch.endpointService) err('clickhouse.endpointService', undefined, `required for connectivity: private-link; allowed: ${d.cloud === 'aws' ? 'an endpoint service name com.amazonaws.vpce.<region>.vpce-svc-...' : d.cloud === 'gcp' ? 'a service attachment projects/<p>/regions/<r>/serviceAttachments/<name>' : 'a Private Link service alias ...azure.privatelinkservice'}`);
        else if (d.cloud === 'aws' && !/^com\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[0-9a-f]+$/.test(ch.endpointService)) err('clickhouse.endpointService', ch.endpointService, 'allowed: an AWS endpoint service name such as com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0');
        else if (d.cloud === 'gcp' && !/^projects\/[^/]+\/regions\/[^/]+\/serviceAttachments\/[^/]+$/.test(ch.endpointService)) err('clickhouse.endpointService', ch.endpointService, 'allowed: a service attachment such as projects/p/regions/us-east1/serviceAttachments/production-us-east1-clickhouse-cloud');
        else if (d.cloud === 'azure' && !/\.azure\.privatelinkservice$/.test(ch.endpointService)) err('clickhouse.endpointService', ch.endpointService, 'allowed: a Private Link service alias ending in .azure.privatelinkservice');
      } else {
        if (ch.endpointService !== undefined) err('clickhouse.endpointService', ch.endpointService, 'only for connectivity: private-link; remove it');
        if (d.cloud !== 'kubernetes' && d.egress.staticIps !== undefined && d.egress.staticIps < 1) err('egress.staticIps', d.egress.staticIps, 'connectivity: public needs static egress IPs for the ClickHouse Cloud allow-list; allowed: >= 1');
      }
    }
  }

  // Auth.
  if (d.auth.type === 'oauth') {
    if (!d.auth.clientId) err('auth.clientId', undefined, 'required for auth.type: oauth; allowed: the OIDC client id');
    if (!d.auth.issuerUrl) err('auth.issuerUrl', undefined, 'required for auth.type: oauth; allowed: the OIDC issuer URL');
    if (!d.hostname) err('hostname', undefined, 'required for auth.type: oauth (redirect URL)');
  } else if (d.auth.clientId || d.auth.issuerUrl || d.auth.clientSecret) {
    err(d.auth.clientId ? 'auth.clientId' : d.auth.issuerUrl ? 'auth.issuerUrl' : 'auth.clientSecret', d.auth.clientId ?? d.auth.issuerUrl ?? d.auth.clientSecret, 'only for auth.type: oauth');
  }

  // Exposure.
  const ex = d.exposure;
  if ((ex.type === 'ingress' || ex.type === 'gateway') && !d.hostname) err('hostname', undefined, `required for exposure.type: ${ex.type}`);
  if (ex.type === 'load-balancer') {
    if (!ex.sourceRanges || ex.sourceRanges.length === 0) err('exposure.sourceRanges', ex.sourceRanges, 'required for exposure.type: load-balancer; allowed: CIDRs allowed to reach it (a load balancer open to everyone is refused)');
    else for (const r of ex.sourceRanges) { const m = checkAllowListValue(r); if (m) err('exposure.sourceRanges', r, m); }
  }
  if (ex.type === 'gateway' && !ex.gatewayName) err('exposure.gatewayName', undefined, 'required for exposure.type: gateway; allowed: the name of an existing Gateway');
  if (ex.type === 'gateway' && !ex.gatewayNamespace) err('exposure.gatewayNamespace', undefined, 'required for exposure.type: gateway; allowed: the namespace of that Gateway');

  // Kubernetes version (managed clusters).
  if (d.cloud !== 'kubernetes' && d.cluster.version !== undefined && !KUBERNETES_MINOR_VERSIONS.includes(d.cluster.version)) {
    const hint = didYouMean(d.cluster.version, KUBERNETES_MINOR_VERSIONS);
    err('cluster.version', d.cluster.version, `not a Kubernetes minor ${d.cloud} offers${hint ? `; did you mean '${hint}'?` : ''} Allowed: ${KUBERNETES_MINOR_VERSIONS.join(', ')}`);
  }
  // GCP names and ranges.
  if (d.cloud === 'gcp' && d.gcp.bucketName) {
    const problem = gcsBucketNameProblem(d.gcp.bucketName);
    if (problem) err('gcp.bucketName', d.gcp.bucketName, `${problem}; allowed: a name unique across all of Google Cloud such as acme-prod-langsmith-traces`);
  }
  if (d.cloud === 'gcp' && d.gcp.servicesAccessCidr && !isPrivateCidr(d.gcp.servicesAccessCidr)) {
    err('gcp.servicesAccessCidr', d.gcp.servicesAccessCidr, 'allowed: a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) such as 10.100.0.0/20');
  }

  // Network and cluster API.
  if (!parseCidr(d.network.cidr)) err('network.cidr', d.network.cidr, 'allowed: an IPv4 CIDR such as 10.0.0.0/16');
  else if (!isPrivateCidr(d.network.cidr)) err('network.cidr', d.network.cidr, 'allowed: a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)');
  else if (parseCidr(d.network.cidr)!.prefix > 20 || parseCidr(d.network.cidr)!.prefix < 8) err('network.cidr', d.network.cidr, 'allowed: a prefix from /8 to /20 (room for node, pod and data subnets)');
  for (const c of d.cluster.apiAllowedCidrs) { const m = checkAllowListValue(c); if (m) err('cluster.apiAllowedCidrs', c, m); }

  // Stores on an existing cluster.
  if (d.cloud !== 'kubernetes') {
    if (d.postgres) err('postgres', '{...}', `cloud: ${d.cloud} creates a managed Postgres; an external host is only for cloud: kubernetes`);
    if (d.redis) err('redis', '{...}', `cloud: ${d.cloud} creates a managed Redis; an external host is only for cloud: kubernetes`);
    if (d.blobStorage) err('blobStorage', '{...}', `cloud: ${d.cloud} creates its own bucket; existing blob storage is only for cloud: kubernetes`);
  }
  if (d.cloud === 'kubernetes' && ch.type === 'langsmith-managed' && !d.blobStorage) {
    err('blobStorage', undefined, 'LangSmith-managed ClickHouse (clickhouse.external.hybrid) requires blob storage; allowed: { engine, bucket, ... }');
  }
  if (d.blobStorage?.engine === 'Azure' && !d.blobStorage.azureStorageAccountName) err('blobStorage.azureStorageAccountName', undefined, 'required for engine: Azure');
  if (d.cloud === 'kubernetes' && d.mode === 'standalone' && (!d.postgres || !d.redis)) {
    if (d.size !== 'dev') err(!d.postgres ? 'postgres' : 'redis', undefined, 'mode: standalone on cloud: kubernetes needs external Postgres and Redis outside size dev; allowed: { host, ... }');
  }
  if (d.cloud === 'kubernetes' && d.mode === 'full-platform' && d.size !== 'dev' && (!d.postgres || !d.redis)) {
    err(!d.postgres ? 'postgres' : 'redis', undefined, 'mode: full-platform needs external (managed) Postgres and Redis outside size dev; allowed: { host, ... }');
  }
  return errors;
}

/** Applies defaults that depend on other fields. */
function finish(d: Parsed): DeploymentConfig {
  const staticIps = d.egress.staticIps ?? (d.size === 'dev' ? 1 : 2);
  const chPorts = { port: d.clickhouse.port ?? (d.clickhouse.tls ? 8443 : 8123), nativePort: d.clickhouse.nativePort ?? (d.clickhouse.tls ? 9440 : 9000) };
  const clickhouse = d.clickhouse.type === 'langsmith-managed' ? { ...d.clickhouse, ...chPorts, connectivity: d.clickhouse.connectivity ?? 'private-link' } : { ...d.clickhouse, ...chPorts };
  const agentServer = d.agentServer ? { ...d.agentServer, replicas: d.agentServer.replicas ?? (d.size === 'dev' ? 1 : 2) } : undefined;
  const platform = d.mode === 'full-platform' ? platformSchema.parse(d.platform ?? {}) : undefined;
  return { ...d, egress: { staticIps }, clickhouse, agentServer, platform } as DeploymentConfig;
}

/** Validates a parsed YAML document (already an object). */
export function validateDeployments(raw: unknown, file = 'deployments'): DeploymentConfig[] {
  const result = fileSchema.safeParse(raw);
  if (!result.success) {
    const errors = result.error.issues.flatMap((issue) => describeIssue(issue, raw, file));
    throw combine(file, errors);
  }
  const deployments = result.data.deployments;
  const errors: ConfigurationError[] = [];
  if (deployments.length === 0) errors.push(new ConfigurationError(file, 'deployments', [], 'allowed: at least one deployment'));
  const seen = new Map<string, number>();
  deployments.forEach((d, i) => {
    if (seen.has(d.name)) errors.push(new ConfigurationError(`${file}: deployments[${i}] (${d.name})`, 'name', d.name, `duplicates deployments[${seen.get(d.name)}]; allowed: a unique name`));
    seen.set(d.name, i);
    errors.push(...crossCheck(d, i, file));
  });
  if (errors.length) throw combine(file, errors);
  return deployments.map(finish);
}

function combine(file: string, errors: ConfigurationError[]): ConfigurationError {
  if (errors.length === 1) return errors[0];
  const e = new ConfigurationError(file, '(several)', undefined, '');
  e.message = `${errors.length} problems in ${file}:\n${errors.map((x) => `  - ${x.message}`).join('\n')}`;
  return e;
}

/** Reads, parses and validates a deployments file. */
export function loadDeployments(path: string): DeploymentConfig[] {
  if (!existsSync(path)) {
    throw new ConfigurationError(path, '(file)', undefined, 'the deployments file does not exist; set LANGSMITH_DEPLOYMENTS to a YAML file with a `deployments:` list');
  }
  return parseDeployments(readFileSync(path, 'utf8'), path);
}

/** Parses and validates the text of a deployments file (`path` names it in errors). */
export function parseDeployments(text: string, path: string): DeploymentConfig[] {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const first = doc.errors[0];
    const line = first.linePos?.[0];
    throw new ConfigurationError(`${path}${line ? `:${line.line}:${line.col}` : ''}`, '(YAML)', undefined, `not valid YAML: ${first.message.split('\n')[0]}`);
  }
  const raw = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigurationError(path, '(file)', raw ?? undefined, 'allowed: a YAML mapping with a `deployments:` list');
  }
  return validateDeployments(raw, path);
}

export { describeValue };
