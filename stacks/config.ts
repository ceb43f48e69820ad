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
import { ExposureType, exposureType } from './exposure-type';
import { ConfigurationError, describeValue, HIDDEN_VALUE } from '../lib/core/errors';
import { SIZE_NAMES } from '../lib/core/sizing';
import { KUBERNETES_MINOR_VERSIONS } from '../lib/core/kubernetes-versions';
import { checkAllowListValue, didYouMean, gcsBucketNameProblem, isPrivateCidr, parseCidr } from '../lib/core/validation';
import { AWS_REGIONS } from '../lib/aws/regions';
import { AZURE_REGIONS } from '../lib/azure/regions';
import { GCP_REGIONS } from '../lib/gcp/regions';
import { awsConfigSchema } from './clouds/aws-config';
import { azureConfigSchema, azureCrossCheck, azureNat, azureSharedResourceGroupCheck } from './clouds/azure-config';
import { gcpConfigSchema, gcpDeploymentProblems, gcpNat } from './clouds/gcp-config';

export const MODES = ['observability', 'full-platform', 'standalone'] as const;
export const CLOUDS = ['aws', 'gcp', 'azure', 'kubernetes'] as const;
export const CLICKHOUSE_TYPES = ['in-cluster', 'external', 'langsmith-managed'] as const;
export const CONNECTIVITY = ['private-link', 'public'] as const;

const name = z.string().regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/, 'lowercase letters, digits and -, 2-24 characters, starting with a letter');
const dnsName = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a fully qualified DNS name in lowercase such as langsmith.example.com');
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
  /**
   * LangSmith-managed only: LangChain has approved the private endpoint (private-link) or put the
   * egress IPs on the ClickHouse Cloud allow-list (public). Until then `<name>-app` stops at plan
   * (an output precondition) so its migrations never run against an unreachable ClickHouse.
   * @default false
   */
  approved: z.boolean().optional(),
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
  /** Agent server image (built with `langgraph build`), with a registry and a tag or digest. */
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
  /**
   * Agent deployments (created from the UI) the cluster's nodes hold at their peak, each assumed the
   * size's agent-server shape with its Postgres and Redis: EKS starts with that many nodes (nothing
   * autoscales it), GKE and AKS autoscale up to them. @default 1
   */
  agentDeployments: z.number().int().min(0).max(50).default(1),
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
  // `type` may be left out: a backend block with only `directory` is the default local one.
  z.strictObject({ type: z.literal('local').default('local'), directory: z.string().min(1).optional() }),
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
  /** `type` resolved by the loader's default rule ({@link exposureType}). */
  readonly exposure: Parsed['exposure'] & { readonly type: ExposureType };
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

/** The schema at `path`; a discriminated union (backend) resolves to the option `raw` selects there. */
function schemaAt(path: (string | number)[], raw?: unknown): z.ZodTypeAny | undefined {
  const pick = (s: any, i: number): any => {
    while (s && WRAPPERS.has(s._zod?.def?.type)) s = s._zod.def.innerType;
    const d = s?._zod?.def;
    if (d?.type !== 'union' || !d.discriminator) return s;
    const tag = (valueAt(raw, path.slice(0, i)) as any)?.[d.discriminator];
    return d.options.find((o: any) => o._zod.propValues?.[d.discriminator]?.has(tag)) ?? s;
  };
  let s: any = fileSchema;
  for (const [i, seg] of path.entries()) {
    s = pick(s, i);
    if (!s) return undefined;
    const t = s._zod?.def?.type;
    if (t === 'object') s = s._zod.def.shape[seg as string];
    else if (t === 'array') s = s._zod.def.element;
    else return undefined;
  }
  return pick(s, path.length);
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

/** Words that mark a field as carrying a secret (its value is never printed). */
const SECRET_FIELD = /(password|passwd|secret|token|api_?key|apikey|licen[cs]e|salt|jwt|private_?key|credential|access_?key)/i;

/** Field names that name or configure a secret without holding one (`tlsSecretName`, `pullSecrets`, `secretsEncryptionKey`). */
const SECRET_REFERENCE = /(secret_?name|pull_?secrets|secrets_?encryption|kms|arn$|id$|path$)/i;

/** Whether a field (dotted path) looks like it holds a secret; its value is then never printed. */
export function isSecretField(path: string): boolean {
  const last = path.split('.').pop() ?? path;
  return SECRET_FIELD.test(last) && !SECRET_REFERENCE.test(last);
}

/** The TF_VAR a secret-looking field's value belongs in, when the field path says which. */
export function secretVariableFor(path: string): string | undefined {
  if (!isSecretField(path)) return undefined;
  if (/licen[cs]e/i.test(path)) return 'TF_VAR_langsmith_license_key';
  if (/client_?secret/i.test(path) || /^auth\./.test(path)) return 'TF_VAR_oauth_client_secret';
  if (/postgres/i.test(path)) return 'TF_VAR_postgres_password';
  if (/redis/i.test(path)) return 'TF_VAR_redis_password';
  if (/clickhouse/i.test(path)) return 'TF_VAR_clickhouse_password';
  if (/api_?key/i.test(path)) return 'TF_VAR_langsmith_api_key';
  return undefined;
}

/** A copy of `value` with the values of secret-looking keys replaced, for printing. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretField(k) ? '<not shown>' : redact(v)]));
}

/** What to say about a secret in the file: where it belongs instead. */
function secretAdvice(path: string): string {
  const v = secretVariableFor(path);
  return `secrets never go in the deployments file (it is committed and printed); ${v ? `set ${v} in the environment of cdktf instead` : 'set the matching TF_VAR_* variable (README: Secrets)'}`;
}

/** Expected types, worded for people. */
const KINDS: Record<string, string> = {
  object: 'a mapping of fields (key: value lines)',
  array: 'a list',
  record: 'a map of strings',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
};

function kindOf(expected: string): string {
  return KINDS[expected] ?? `${/^[aeiou]/i.test(expected) ? 'an' : 'a'} ${expected}`;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown, file: string): ConfigurationError[] {
  const path = issue.path as (string | number)[];
  const { where, field } = whereOf(raw, path, file);
  const secret = isSecretField(field);
  // A secret-looking field never has its value printed, nor does one nested in a printed value.
  const value = secret && valueAt(raw, path) !== undefined ? HIDDEN_VALUE : redact(valueAt(raw, path));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = shapeKeys(schemaAt(path, raw) ?? (z.never() as any)) ?? [];
      return issue.keys.map((k) => {
        const f = field === '(entry)' || field === '(file)' ? k : `${field}.${k}`;
        // The value of an unknown field is never printed: it may be a secret put in the wrong place.
        if (isSecretField(f)) return new ConfigurationError(where, f, HIDDEN_VALUE, `unknown field; ${secretAdvice(f)}`);
        const hint = didYouMean(k, keys);
        return new ConfigurationError(where, f, HIDDEN_VALUE,
          `unknown field${hint ? `; did you mean '${hint}'?` : '.'} Allowed fields here: ${keys.join(', ')}`);
      });
    }
    case 'invalid_value':
      return [new ConfigurationError(where, field, value, `allowed: ${issue.values.map((v) => String(v)).join(' | ')}`)];
    case 'invalid_union': {
      // A discriminated union (backend.type): list the allowed discriminator values.
      const expected = /Expected (.*)$/.exec(issue.message)?.[1];
      if (expected) return [new ConfigurationError(where, field, value, `allowed: ${expected.replace(/'/g, '').split(' | ').filter((v) => v !== 'undefined').join(' | ')}`)];
      return [new ConfigurationError(where, field, value, `allowed: ${issue.message}`)];
    }
    case 'invalid_type': {
      const kind = kindOf(issue.expected);
      if (field === '(entry)') return [plainError(where, `${where}: the entry ${describeValue(value)}; allowed: ${kind} such as name, mode and cloud`)];
      if (value === undefined) return [new ConfigurationError(where, field, value, `a required field; allowed: ${kind}`)];
      if (field === 'auth.clientSecret') {
        return [new ConfigurationError(where, field, value, `allowed: true or false (true: the stacks read the client secret from TF_VAR_oauth_client_secret); ${secretAdvice(field)}`)];
      }
      if (secret) return [new ConfigurationError(where, field, value, `allowed: ${kind}; ${secretAdvice(field)}`)];
      return [new ConfigurationError(where, field, value, `allowed: ${kind}`)];
    }
    case 'too_small':
      if (issue.origin === 'number') return [new ConfigurationError(where, field, value, `allowed: a number >= ${issue.minimum}`)];
      if (issue.origin === 'array') return [new ConfigurationError(where, field, value, `allowed: at least ${issue.minimum} item(s)`)];
      return [new ConfigurationError(where, field, value, `allowed: at least ${issue.minimum} character(s)`)];
    case 'too_big':
      return [new ConfigurationError(where, field, value, `allowed: at most ${issue.maximum}`)];
    default: {
      // A name refused only for its capitals says so.
      const schema = schemaAt(path, raw);
      if (typeof value === 'string' && value !== value.toLowerCase() && schema?.safeParse(value.toLowerCase()).success) {
        return [new ConfigurationError(where, field, value, `allowed: ${issue.message}; write it in lowercase ("${value.toLowerCase()}"): DNS and Kubernetes names are lowercase`)];
      }
      return [new ConfigurationError(where, field, value, `allowed: ${issue.message}`)];
    }
  }
}

/** Clouds as people write them. */
const CLOUD_NAMES: Record<string, string> = { aws: 'AWS', gcp: 'GCP', azure: 'Azure', kubernetes: 'Kubernetes' };

/** Why an agent server image reference is not pinned to a registry and a version, or undefined. */
export function agentImageProblem(image: string): string | undefined {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const registry = first.includes('.') || first.includes(':') || first === 'localhost';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const pinned = image.includes('@sha256:') || last.includes(':');
  if (!registry && !pinned) return 'no registry and no tag (it would be pulled from Docker Hub as :latest)';
  if (!registry) return 'no registry host (it would be pulled from Docker Hub)';
  if (!pinned) return 'no tag or digest (it would be :latest and change under a running deployment)';
  return undefined;
}

/** The region inside a ClickHouse Cloud endpoint service reference, when it names one. */
function endpointServiceRegion(cloud: string, service: string): string | undefined {
  if (cloud === 'aws') return /^com\.amazonaws\.vpce\.([a-z0-9-]+)\./.exec(service)?.[1];
  if (cloud === 'gcp') return /^projects\/[^/]+\/regions\/([^/]+)\//.exec(service)?.[1];
  if (cloud === 'azure') {
    // <prefix>.<guid>.<region>.azure.privatelinkservice
    const r = /\.([a-z0-9]+)\.azure\.privatelinkservice$/.exec(service)?.[1];
    return r && AZURE_REGIONS.includes(r) ? r : undefined;
  }
  return undefined;
}

/** An AWS resource id of `kind` (vpc-..., subnet-...). */
const AWS_ID = (kind: string): RegExp => new RegExp(`^${kind}-[0-9a-f]{8,17}$`);

/** Cross-field rules, run after the schema passed. */
function crossCheck(d: Parsed, i: number, file: string): ConfigurationError[] {
  const errors: ConfigurationError[] = [];
  const where = `${file}: deployments[${i}] (${d.name})`;
  const err = (field: string, value: unknown, allowed: string) => errors.push(new ConfigurationError(where, field, value, allowed));

  // Cloud and region.
  const regions: Record<string, readonly string[]> = { aws: AWS_REGIONS, gcp: GCP_REGIONS, azure: AZURE_REGIONS };
  const cloudName = CLOUD_NAMES[d.cloud] ?? d.cloud;
  if (d.cloud === 'kubernetes') {
    if (d.region !== undefined) err('region', d.region, 'a cloud region has no meaning for cloud: kubernetes; remove it');
  } else if (d.region === undefined) {
    err('region', undefined, `required for cloud: ${d.cloud}; allowed: ${/^[aeiou]/i.test(cloudName) ? 'an' : 'a'} ${cloudName} region such as ${regions[d.cloud][3]}`);
  } else if (!regions[d.cloud].includes(d.region)) {
    const hint = didYouMean(d.region, regions[d.cloud]);
    err('region', d.region, `not ${/^[aeiou]/i.test(cloudName) ? 'an' : 'a'} ${cloudName} region${hint ? `; did you mean '${hint}'?` : ''} Allowed: ${regions[d.cloud].join(', ')}`);
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
    // The langgraph-cloud chart has no telemetry values: config.telemetry.* are the LangSmith chart's.
    for (const k of ['metrics', 'traces', 'logs'] as const) {
      if (d.telemetry[k] === false) err(`telemetry.${k}`, false, 'mode: standalone has no telemetry switches (config.telemetry.* belong to the LangSmith chart; the agent server\'s usage reporting follows its license key, see README "Telemetry and offline"); remove it');
    }
    const exposed = exposureType(d) !== 'cluster-ip';
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
    const imageProblem = agentImageProblem(d.agentServer.image);
    if (imageProblem) err('agentServer.image', d.agentServer.image, `${imageProblem}; allowed: a full reference with a registry and a tag or digest, such as registry.example.com/acme/agent:1.0.0`);
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
        else {
          const svcRegion = endpointServiceRegion(d.cloud, ch.endpointService);
          if (svcRegion && d.region && svcRegion !== d.region) err('clickhouse.endpointService', ch.endpointService, `the endpoint service is in ${svcRegion} and the deployment in ${d.region}: a private endpoint connects only within its region; allowed: the ClickHouse Cloud endpoint service of ${d.region} (create the ClickHouse service in ${d.region})`);
        }
      } else {
        if (ch.endpointService !== undefined) err('clickhouse.endpointService', ch.endpointService, 'only for connectivity: private-link; remove it');
        // The allow-list holds static egress IPs: those of the NAT this library creates (output egress_ips), or
        // a brought network's own, which an explicit nat: false says it has. A created network has no other.
        const nat = d.cloud === 'gcp' ? { field: 'gcp.nat', value: d.gcp.nat } : d.cloud === 'azure' ? { field: 'azure.nat', value: d.azure.nat } : undefined;
        if (nat && !d.network.existingNetworkId && nat.value === false) {
          err(nat.field, false, 'ClickHouse over its public endpoint needs static NAT IPs for its allow-list; allowed: true, or clickhouse.connectivity: private-link');
        } else if (nat && d.network.existingNetworkId && nat.value === undefined) {
          err(nat.field, undefined, `required with clickhouse.connectivity: public in an existing ${d.cloud === 'azure' ? 'VNet' : 'network'} (network.existingNetworkId): the ClickHouse Cloud IP access list needs its static egress IPs; allowed: true (a NAT gateway with egress.staticIps new static IPs, output egress_ips), or false (the network's own static egress, whose IPs you put on the access list)`);
        }
      }
    }
  }

  // egress.staticIps counts the IPs of a NAT this library creates: without one it would be ignored.
  if (d.egress.staticIps !== undefined && !createsNat(d)) {
    const why = d.cloud === 'kubernetes' ? 'cloud: kubernetes creates no NAT' : d.cloud === 'aws' ? 'an existing VPC keeps its own egress'
      : d.network.existingNetworkId ? `an existing network gets one only with ${d.cloud}.nat: true` : `${d.cloud}.nat: false`;
    err('egress.staticIps', d.egress.staticIps, `only with a NAT this library creates, and this deployment has none (${why}); allowed: remove it${d.cloud === 'gcp' || d.cloud === 'azure' ? `, or ${d.cloud}.nat: true` : ''}`);
  }

  if (ch.type !== 'langsmith-managed' && ch.approved !== undefined) err('clickhouse.approved', ch.approved, 'only for clickhouse.type: langsmith-managed (the approval gate between the infra and app stacks); remove it');

  // Regional ARNs of the deployment's own resources.
  if (d.cloud === 'aws' && d.region) {
    for (const [f, arn] of [['aws.certificateArn', d.aws.certificateArn], ['aws.kmsKeyArn', d.aws.kmsKeyArn]] as const) {
      const r = arn && /^arn:aws:[a-z]+:([a-z0-9-]+):/.exec(arn)?.[1];
      if (r && r !== d.region) err(f, arn, `the ${f === 'aws.certificateArn' ? 'certificate' : 'key'} is in ${r} and the deployment in ${d.region}: ${f === 'aws.certificateArn' ? 'a load balancer uses ACM certificates of its own region' : 'RDS, ElastiCache and S3 use KMS keys of their own region'}; allowed: ${f === 'aws.certificateArn' ? 'an ACM certificate' : 'a KMS key'} ARN in ${d.region}`);
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
  if (d.cloud === 'gcp') for (const p of gcpDeploymentProblems(d)) err(p.field, p.value, p.allowed);

  // An existing network: its id and its subnets go together (the cloud foundations take them as one).
  const net = d.network;
  if (d.cloud === 'aws') {
    if (!net.existingNetworkId && (net.existingSubnetIds || net.existingPublicSubnetIds)) {
      err(net.existingSubnetIds ? 'network.existingSubnetIds' : 'network.existingPublicSubnetIds', net.existingSubnetIds ?? net.existingPublicSubnetIds,
        'only with network.existingNetworkId (the VPC id of those subnets); allowed: add existingNetworkId, or remove the subnet ids to create a VPC');
    }
    // The ids' shapes and count are also AwsNetwork.checkAttributes' invariants (library users skip the loader).
    const badSubnet = (ids?: readonly string[]) => (ids ?? []).find((id) => !AWS_ID('subnet').test(id));
    if (net.existingNetworkId && !net.existingSubnetIds?.length) {
      err('network.existingSubnetIds', net.existingSubnetIds, 'required with network.existingNetworkId; allowed: >= 2 private subnet ids in different availability zones');
    } else if (net.existingNetworkId && badSubnet(net.existingSubnetIds) !== undefined) {
      err('network.existingSubnetIds', badSubnet(net.existingSubnetIds), 'allowed: subnet ids such as subnet-0123456789abcdef0');
    } else if (net.existingNetworkId && net.existingSubnetIds!.length < 2) {
      err('network.existingSubnetIds', net.existingSubnetIds, 'allowed: >= 2 private subnet ids in different availability zones (EKS and RDS need two)');
    }
    if (net.existingNetworkId && !AWS_ID('vpc').test(net.existingNetworkId)) err('network.existingNetworkId', net.existingNetworkId, 'allowed: a VPC id such as vpc-0123456789abcdef0');
    if (net.existingNetworkId && badSubnet(net.existingPublicSubnetIds) !== undefined) {
      err('network.existingPublicSubnetIds', badSubnet(net.existingPublicSubnetIds), 'allowed: subnet ids such as subnet-0123456789abcdef0');
    }
    // Availability zones are names of the deployment's region (us-west-2a in us-west-2).
    for (const az of d.aws.availabilityZones ?? []) {
      if (d.region && !(az.startsWith(d.region) && /^[a-z]$/.test(az.slice(d.region.length)))) err('aws.availabilityZones', az, `not a zone of region ${d.region}; allowed: zones such as ${d.region}a, ${d.region}b`);
    }
    // An internet-facing ALB (what exposure ingress / load-balancer get) in a brought VPC goes in its public subnets.
    if (net.existingNetworkId && d.aws.albScheme === 'internet-facing' && !net.existingPublicSubnetIds?.length && ['ingress', 'load-balancer'].includes(exposureType(d))) {
      err('network.existingPublicSubnetIds', net.existingPublicSubnetIds, 'required for aws.albScheme: internet-facing in an existing VPC (the load balancer goes in public subnets); allowed: public subnet ids of that VPC, or aws.albScheme: internal');
    }
  }
  if (d.cloud === 'azure' || d.cloud === 'gcp') {
    const azure = d.cloud === 'azure';
    if (net.existingSubnetIds && !net.existingNetworkId) err('network.existingNetworkId', undefined, `required with network.existingSubnetIds; allowed: ${azure ? 'the VNet resource id' : 'the VPC network name or path'}`);
    if (net.existingNetworkId && (!net.existingSubnetIds || net.existingSubnetIds.length !== (azure ? 3 : 1))) {
      err('network.existingSubnetIds', net.existingSubnetIds, azure
        ? 'required with network.existingNetworkId on cloud: azure; allowed: exactly three subnet ids, in order: AKS nodes, PostgreSQL (delegated to Microsoft.DBforPostgreSQL/flexibleServers), private endpoints'
        : 'required with network.existingNetworkId on cloud: gcp; allowed: exactly one subnetwork name (with secondary ranges gcp.podsRangeName / gcp.servicesRangeName)');
    }
    if (net.existingPublicSubnetIds) err('network.existingPublicSubnetIds', net.existingPublicSubnetIds, 'only for cloud: aws; remove it');
  }

  // Network and cluster API.
  if (!parseCidr(d.network.cidr)) err('network.cidr', d.network.cidr, 'allowed: an IPv4 CIDR such as 10.0.0.0/16');
  else if (!isPrivateCidr(d.network.cidr)) err('network.cidr', d.network.cidr, 'allowed: a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)');
  else if (parseCidr(d.network.cidr)!.prefix > 20 || parseCidr(d.network.cidr)!.prefix < 8) err('network.cidr', d.network.cidr, 'allowed: a prefix from /8 to /20 (room for node, pod and data subnets)');
  // AwsNetwork's subnet plan (lib/aws/address-plan.ts) is made for a /16 to a /20.
  else if (d.cloud === 'aws' && !d.network.existingNetworkId && parseCidr(d.network.cidr)!.prefix < 16) err('network.cidr', d.network.cidr, 'allowed on cloud: aws: a prefix from /16 to /20 (the largest VPC range AWS allows is a /16)');
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
  if (d.cloud === 'kubernetes' && d.size !== 'dev') {
    // In-cluster Postgres and Redis are single pods without backups: size dev only.
    for (const [f, v] of [['postgres', d.postgres], ['redis', d.redis]] as const) {
      if (!v) err(f, undefined, `required for cloud: kubernetes outside size dev (this deployment is size ${d.size}): the in-cluster ${f === 'postgres' ? 'Postgres' : 'Redis'} is a single pod without backups, for size dev only; allowed: { host, ... } of a managed ${f === 'postgres' ? 'Postgres' : 'Redis'}, or size: dev`);
    }
  }
  azureCrossCheck(d, err);
  return errors;
}

/** Whether `<name>-infra` creates a NAT with static IPs (output egress_ips): always for a created network, in an existing one only with gcp.nat / azure.nat: true. */
export function createsNat(d: Pick<Parsed, 'cloud' | 'network' | 'gcp' | 'azure'>): boolean {
  if (d.cloud === 'gcp') return gcpNat(d);
  if (d.cloud === 'azure') return azureNat(d);
  return d.cloud === 'aws' && !d.network.existingNetworkId;
}

/** Applies defaults that depend on other fields. */
function finish(d: Parsed): DeploymentConfig {
  const staticIps = d.egress.staticIps ?? (d.size === 'dev' ? 1 : 2);
  const chPorts = { port: d.clickhouse.port ?? (d.clickhouse.tls ? 8443 : 8123), nativePort: d.clickhouse.nativePort ?? (d.clickhouse.tls ? 9440 : 9000) };
  const clickhouse = d.clickhouse.type === 'langsmith-managed' ? { ...d.clickhouse, ...chPorts, connectivity: d.clickhouse.connectivity ?? 'private-link' } : { ...d.clickhouse, ...chPorts };
  const agentServer = d.agentServer ? { ...d.agentServer, replicas: d.agentServer.replicas ?? (d.size === 'dev' ? 1 : 2) } : undefined;
  const platform = d.mode === 'full-platform' ? platformSchema.parse(d.platform ?? {}) : undefined;
  return { ...d, exposure: { ...d.exposure, type: exposureType(d) }, egress: { staticIps }, clickhouse, agentServer, platform } as DeploymentConfig;
}

/** The outer shape of the file, checked before each deployment on its own. */
const outerSchema = z.strictObject({ deployments: z.array(z.unknown()) });

/** Deletes the value at `path` in a (cloned) deployment. */
function removeAt(root: any, path: (string | number)[]): void {
  let node = root;
  for (const seg of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = node[seg];
  }
  if (node !== null && typeof node === 'object') delete node[path[path.length - 1]];
}

/**
 * One deployment's schema problems, and its cross-field problems too: the fields the schema
 * refused are left out and the rest is checked, so a type error never hides the other
 * mistakes in the entry. Cross-field findings about a refused field are dropped (it is already
 * reported).
 */
function checkEntry(entry: unknown, i: number, raw: unknown, file: string): { errors: ConfigurationError[]; parsed?: Parsed } {
  const first = deploymentSchema.safeParse(entry);
  if (first.success) return { errors: crossCheck(first.data, i, file), parsed: first.data };
  const prefix: (string | number)[] = ['deployments', i];
  const errors = first.error.issues.flatMap((issue) => describeIssue({ ...issue, path: [...prefix, ...issue.path] } as z.core.$ZodIssue, raw, file));
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return { errors };
  const removed: string[] = [];
  let rest: any = structuredClone(entry);
  let issues = first.error.issues;
  for (let round = 0; round < 4; round++) {
    for (const issue of issues) {
      const p = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys') for (const k of issue.keys) removeAt(rest, [...p, k]);
      else if (p.length) { removeAt(rest, p); removed.push(p.join('.')); } else return { errors };
    }
    const again = deploymentSchema.safeParse(rest);
    if (again.success) {
      const overlaps = (f: string) => removed.some((r) => f === r || f.startsWith(`${r}.`) || r.startsWith(`${f}.`));
      return { errors: [...errors, ...crossCheck(again.data, i, file).filter((e) => !overlaps(e.field))] };
    }
    issues = again.error.issues;
    rest = structuredClone(rest);
  }
  return { errors };
}

/** Validates a parsed YAML document (already an object). */
export function validateDeployments(raw: unknown, file = 'deployments'): DeploymentConfig[] {
  const outer = outerSchema.safeParse(raw);
  const errors: ConfigurationError[] = [];
  if (!outer.success) {
    errors.push(...outer.error.issues.flatMap((issue) => describeIssue(issue, raw, file)));
    // An unknown top-level key (a secret pasted at the top) does not hide the entries' own problems.
    if (!Array.isArray((raw as any)?.deployments)) throw combine(file, errors);
  }
  const entries: unknown[] = (raw as any).deployments;
  if (entries.length === 0) errors.push(new ConfigurationError(file, 'deployments', [], 'allowed: at least one deployment'));
  const seen = new Map<string, number>();
  const parsed: Parsed[] = [];
  const parsedAt: number[] = []; // the index in the file of each parsed entry
  entries.forEach((entry, i) => {
    const n = (entry as any)?.name;
    if (typeof n === 'string') {
      if (seen.has(n)) errors.push(new ConfigurationError(`${file}: deployments[${i}] (${n})`, 'name', n, `duplicates deployments[${seen.get(n)}]; allowed: a unique name`));
      else seen.set(n, i);
    }
    const r = checkEntry(entry, i, raw, file);
    errors.push(...r.errors);
    // A block of another cloud's settings (copied from another entry) would be ignored in silence.
    // (kubernetes.storageClassName applies on every cloud: only aws/gcp/azure are cloud-only.)
    const cloud = (entry as any)?.cloud;
    if ((CLOUDS as readonly unknown[]).includes(cloud)) {
      for (const block of ['aws', 'gcp', 'azure'] as const) {
        if (block !== cloud && (entry as any)[block] !== undefined) {
          errors.push(new ConfigurationError(`${file}: deployments[${i}] (${n})`, block, '{...}', `settings only cloud: ${block} reads (this deployment is cloud: ${cloud}, which would ignore them); remove the block or fix cloud`));
        }
      }
    }
    if (r.parsed) { parsed.push(r.parsed); parsedAt.push(i); }
  });
  azureSharedResourceGroupCheck(parsed, (k, field, value, allowed) => errors.push(new ConfigurationError(`${file}: deployments[${parsedAt[k]}] (${parsed[k].name})`, field, value, allowed)));
  if (errors.length) throw combine(file, errors);
  return parsed.map(finish);
}

function combine(file: string, errors: ConfigurationError[]): ConfigurationError {
  if (errors.length === 1) return errors[0];
  return plainError(file, `${errors.length} problems in ${file}:\n${errors.map((x) => `  - ${x.message}`).join('\n')}`);
}

/** A ConfigurationError about the file as a whole, whose message is `text` as written. */
function plainError(where: string, text: string): ConfigurationError {
  const e = new ConfigurationError(where, '(file)', undefined, text);
  e.message = text;
  return e;
}

/** Reads, parses and validates a deployments file. */
export function loadDeployments(path: string): DeploymentConfig[] {
  if (!existsSync(path)) {
    throw plainError(path, `${path}: the deployments file does not exist; set LANGSMITH_DEPLOYMENTS to a YAML file with a \`deployments:\` list`);
  }
  return parseDeployments(readFileSync(path, 'utf8'), path);
}

/** A source line for an error message, with the value of a secret-looking key masked. */
function quoteLine(line: string): string {
  const m = /^(\s*-?\s*["']?([\w.-]+)["']?\s*:\s*)(.+)$/.exec(line);
  const shown = m && isSecretField(m[2]) ? `${m[1]}<value not shown>` : line;
  return shown.length > 120 ? `${shown.slice(0, 117)}...` : shown;
}

/** Parses and validates the text of a deployments file (`path` names it in errors). */
export function parseDeployments(text: string, path: string): DeploymentConfig[] {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const lines = text.split(/\r?\n/);
    const problems = doc.errors.slice(0, 5).map((err) => {
      const pos = err.linePos?.[0];
      const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      if (!pos) return `${path}: not valid YAML: ${what}`;
      let n = pos.line;
      let col = pos.col;
      // An error found at the end of a construct (a blank line, the end of the file) shows the line before.
      while (n > 1 && !(lines[n - 1] ?? '').trim()) { n--; col = (lines[n - 1] ?? '').length + 1; }
      const source = quoteLine(lines[n - 1] ?? '');
      const caret = `${' '.repeat(Math.max(0, Math.min(col - 1, source.length)))}^`;
      return `${path}:${n}:${col}: not valid YAML: ${what}\n    ${source}\n    ${caret}`;
    });
    throw plainError(path, problems.join('\n'));
  }
  const raw = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw plainError(path, `${path}: the file holds ${raw === null || raw === undefined ? 'nothing' : Array.isArray(raw) ? 'a list' : `a ${typeof raw}`}; allowed: a YAML mapping with a \`deployments:\` list`);
  }
  return validateDeployments(raw, path);
}

export { describeValue };
