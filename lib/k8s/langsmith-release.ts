import { Fn, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { namespacedManifests } from './connection-secrets';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Password } from '@cdktf/provider-random/lib/password';
import { Bytes } from '@cdktf/provider-random/lib/bytes';
import { BlobStorage, ClickHouseConnection, PostgresConnection, RedisConnection } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { SizeName, SizePreset, SIZE_NAMES, sizePreset } from '../core/sizing';
import { checkAllowList, checkInteger, checkPattern, isTerraformReference } from '../core/validation';
import { clickhouseSecretData, postgresUrlWithoutScheme, redisUrl, referenceSecret, secretVersionAnnotations } from './connection-secrets';
import { buildLangSmithValues, DeploymentsSettings, ExposureSettings, ImageSettings, TelemetrySettings } from './langsmith-values';
import { MOZILLA_ROOTS_SOURCE, MOZILLA_ROOT_CERTIFICATES } from './mozilla-roots';
import { escapeOperatorTemplatesForTerraform, operatorTemplateValueProblem } from './operator-templates';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';

/** The LangSmith chart version we pin and test against. */
export const LANGSMITH_CHART_VERSION = '0.16.11';
/** langchain-ai's Helm chart repository. */
export const LANGCHAIN_HELM_REPOSITORY = 'https://langchain-ai.github.io/helm/';

/** Authentication for the LangSmith UI. */
export type LangSmithAuth =
  | { readonly type: 'basic'; readonly adminEmail: string }
  | {
    readonly type: 'oauth';
    /** OIDC client id (not secret). */
    readonly clientId: string;
    /** OIDC issuer URL. */
    readonly issuerUrl: string;
    /** Secret: a token resolving to the client secret (confidential client). @default - PKCE, no secret */
    readonly clientSecret?: string;
    /** @default - none */
    readonly adminEmail?: string;
  };

/** Properties of {@link LangSmithRelease}. */
export interface LangSmithReleaseProps {
  /** Secret: a token resolving to the LangSmith license key (e.g. a sensitive `TerraformVariable`). */
  readonly licenseKey: string;
  /** Sizing preset or a custom preset. */
  readonly size: SizeName | SizePreset;
  /** Namespace to install into. @default 'langsmith' */
  readonly namespace?: string;
  /** Create the namespace. @default true */
  readonly createNamespace?: boolean;
  /** Helm release name. @default 'langsmith' */
  readonly releaseName?: string;
  /**
   * Chart version. With LangSmith Deployments, the `operator.templates` this library writes are the
   * whole texts of 0.16.11's templates with lines added: they replace another version's own.
   * @default '0.16.11' (the version whose values keys this library emits and tests)
   */
  readonly chartVersion?: string;
  /** Chart repository. @default 'https://langchain-ai.github.io/helm/' */
  readonly chartRepository?: string;
  /** Public hostname (`config.hostname`). Required for OAuth, ingress, gateway and LangSmith Deployments. @default - none */
  readonly hostname?: string;
  /** @default - basic auth with a generated admin password for admin@<hostname> (admin@example.com without a hostname) */
  readonly auth?: LangSmithAuth;
  /** How the frontend is exposed. @default - an Ingress when `hostname` is set, else a ClusterIP service */
  readonly exposure?: ExposureSettings;
  /**
   * Whether the edge in front of the frontend serves TLS: decides the scheme of every public
   * URL the chart derives from `hostname` and of {@link LangSmithRelease.url}.
   * @default - true for an ingress with `tlsSecretName` and for a gateway, false otherwise
   */
  readonly edgeTls?: boolean;
  /** @default - the chart's images */
  readonly images?: ImageSettings;
  /** @default - metrics, traces and logs on */
  readonly telemetry?: TelemetrySettings;
  /** Turn every `config.telemetry.*` switch off. The langgraph-api servers (Polly, Insights, agents) still report usage unless the license key is an air-gapped one (README "Telemetry and offline"). @default false */
  readonly offline?: boolean;
  /** External Postgres. @default - the chart's in-cluster Postgres (dev only) */
  readonly postgres?: PostgresConnection;
  /** External Redis. @default - the chart's in-cluster Redis (dev only) */
  readonly redis?: RedisConnection;
  /** External or LangSmith-managed ClickHouse. @default - in-cluster ClickHouse */
  readonly clickhouse?: ClickHouseConnection;
  /** Blob storage. Required with LangSmith-managed ClickHouse (`hybrid`). @default - none */
  readonly blobStorage?: BlobStorage;
  /** Storage class for in-cluster stores. @default - the cluster default */
  readonly storageClassName?: string;
  /** Enable LangSmith Deployments (full platform). @default - disabled */
  readonly deployments?: DeploymentsSettings;
  /**
   * Extra CA certificates (PEM, may be tokens) the LangSmith services must trust, e.g. a
   * private ClickHouse or Postgres CA. `redis.caCertificate` is added automatically. They are
   * bundled with the public Mozilla roots pinned in `lib/k8s/mozilla-roots.ts` (never the
   * running Node's, which differ between versions), since the chart's `config.customCa`
   * replaces the trust store (SSL_CERT_FILE) and beacon.langchain.com, the bucket API and the
   * OAuth issuer must stay reachable.
   * @default - none (the images' own trust store)
   */
  readonly customCaCertificates?: string[];
  /** Helm timeout in seconds (migrations run on install). @default 1200 */
  readonly timeoutSeconds?: number;
  /**
   * Kubernetes objects (apiVersion, kind, metadata.name, spec; no secrets) created in the release
   * namespace before the chart, e.g. the BackendConfig a cloud's ingress controller reads
   * (`Foundation.ingressBackend.manifests`). @default []
   */
  readonly manifests?: Record<string, unknown>[];
  /** Resources the release waits for (e.g. KEDA). @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The LangSmith Helm chart with its secrets. Needs the `kubernetes`, `helm` and `random`
 * providers configured in its stack.
 *
 * Generated secrets (API key salt, JWT secret, admin password, insights/polly Fernet keys)
 * come from `random_password` / `random_bytes`; they and the license key reach the chart
 * through the Kubernetes Secret named in `config.existingSecretName`. Terraform state
 * holds them: keep state in an encrypted backend.
 */
export class LangSmithRelease extends Construct {
  /** The Helm release. */
  public readonly release: Release;
  /** Namespace of the release. */
  public readonly namespace: string;
  /** Name of the secret with the app secrets. */
  public readonly appSecretName: string;
  /** The generated initial admin password (basic auth), a token. */
  public readonly adminPassword?: string;
  /** The values passed to the chart (tokens unresolved), for inspection. */
  public readonly values: Record<string, any>;
  /** The URL of the UI, when a hostname is set. */
  public readonly url?: string;

  constructor(scope: Construct, id: string, props: LangSmithReleaseProps) {
    super(scope, id);
    const size = typeof props.size === 'string' ? this.preset(props.size) : props.size;
    const namespaceName = props.namespace ?? 'langsmith';
    const releaseName = props.releaseName ?? 'langsmith';
    checkPattern(this, 'namespace', namespaceName, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a DNS-1123 label: lowercase letters, digits and -, at most 63 characters');
    checkPattern(this, 'releaseName', releaseName, /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/, 'lowercase letters, digits and -, at most 53 characters');
    checkPattern(this, 'chartVersion', props.chartVersion, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a semantic version such as 0.16.11');
    checkPattern(this, 'hostname', props.hostname, /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a fully qualified DNS name such as langsmith.example.com');
    checkInteger(this, 'timeoutSeconds', props.timeoutSeconds, 60, 7200);
    if (!props.licenseKey) throw ConfigurationError.forConstruct(this, 'licenseKey', props.licenseKey, 'allowed: a token of a sensitive variable holding the license key');
    if (!isTerraformReference(props.licenseKey)) {
      throw ConfigurationError.forConstruct(this, 'licenseKey', '<literal>', 'allowed: a Terraform reference (e.g. a sensitive TerraformVariable), never a literal: it would be written into cdktf.out');
    }
    const auth: LangSmithAuth = props.auth ?? { type: 'basic', adminEmail: defaultAdminEmail(props.hostname) };
    if (auth.type === 'oauth' && !props.hostname) throw ConfigurationError.forConstruct(this, 'hostname', undefined, 'OAuth needs the public hostname for its redirect URL');
    if (auth.adminEmail !== undefined) {
      checkPattern(this, 'auth.adminEmail', auth.adminEmail, /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an email address');
      if (!Token.isUnresolved(auth.adminEmail) && isSpecialUseEmail(auth.adminEmail)) {
        throw ConfigurationError.forConstruct(this, 'auth.adminEmail', auth.adminEmail, 'allowed: an address outside the special-use domains (.local, .localhost, .test, .invalid, .onion, .arpa), which LangSmith\'s email validation refuses');
      }
    }
    const exposure: ExposureSettings = props.exposure ?? (props.hostname ? { type: 'ingress' } : { type: 'cluster-ip' });
    if ((exposure.type === 'ingress' || exposure.type === 'gateway') && !props.hostname) {
      throw ConfigurationError.forConstruct(this, 'hostname', undefined, `exposure '${exposure.type}' needs a hostname`);
    }
    if (exposure.type === 'load-balancer') {
      checkAllowList(this, 'exposure.sourceRanges', exposure.sourceRanges);
      if (!Token.isUnresolved(exposure.sourceRanges) && exposure.sourceRanges.length === 0) {
        throw ConfigurationError.forConstruct(this, 'exposure.sourceRanges', [], 'allowed: at least one CIDR; a load balancer open to everyone is refused');
      }
    }
    if (props.deployments && !props.hostname) {
      throw ConfigurationError.forConstruct(this, 'hostname', undefined, 'LangSmith Deployments (full platform) need config.hostname');
    }
    if (props.deployments && exposure.type !== 'ingress' && exposure.type !== 'gateway') {
      throw ConfigurationError.forConstruct(this, 'exposure.type', exposure.type, 'LangSmith Deployments need an ingress or a gateway; allowed: ingress | gateway');
    }
    if (props.clickhouse?.hybrid && !props.blobStorage) {
      throw ConfigurationError.forConstruct(this, 'blobStorage', undefined, 'LangSmith-managed ClickHouse (hybrid) requires blob storage');
    }
    for (const [field, value] of Object.entries({ 'postgres.password': props.postgres?.password, 'redis.password': props.redis?.password, 'clickhouse.password': props.clickhouse?.password })) {
      if (value !== undefined && !isTerraformReference(value)) {
        throw ConfigurationError.forConstruct(this, field, '<literal>', 'allowed: a Terraform reference to a sensitive value, never a literal');
      }
    }

    this.namespace = namespaceName;
    const deps: ITerraformDependable[] = [];
    if (props.createNamespace ?? true) {
      deps.push(new NamespaceV1(this, 'Namespace', { metadata: { name: namespaceName, labels: { 'app.kubernetes.io/managed-by': 'cdktf-langsmith' } } }));
    }
    // The operator gets a Role and RoleBinding in every watched namespace (templates/operator/
    // rbac.yaml): each must exist before the release. The release namespace is always watched,
    // since the listener creates agent resources there (its Role is namespaced: listener/rbac.yaml).
    // Never an empty list: the chart reads it as "every namespace" and gives the operator a
    // ClusterRole over the whole cluster (operator/rbac.yaml).
    let deployments = props.deployments;
    const agentManifests: Manifest[] = [];
    if (deployments) {
      const watched = [...new Set([namespaceName, ...(deployments.watchNamespaces ?? [])])];
      watched.forEach((ns) => checkPattern(this, 'deployments.watchNamespaces', ns, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'DNS-1123 labels'));
      const system = watched.find((ns) => ['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(ns));
      if (system) throw ConfigurationError.forConstruct(this, 'deployments.watchNamespaces', system, 'allowed: namespaces this release creates (agents run there); not default or kube-*, which always exist');
      for (const ns of watched.filter((n) => n !== namespaceName)) {
        deps.push(new NamespaceV1(this, `WatchedNamespace-${ns}`, { metadata: { name: ns, labels: { 'app.kubernetes.io/managed-by': 'cdktf-langsmith' } } }));
      }
      deployments = { ...deployments, watchNamespaces: watched };
      // What reaches the operator's templates must be a literal without `$` (operator-templates.ts).
      const templateInputs: [string, string | undefined][] = [
        ...Object.entries(deployments.agentServiceAnnotations ?? {}).flatMap(([k, val]) => [['deployments.agentServiceAnnotations', k], [`deployments.agentServiceAnnotations.${k}`, val]] as [string, string][]),
        ['storageClassName', props.storageClassName],
        ['images.registry', props.images?.registry],
        ...(props.images?.pullSecrets ?? []).map((n) => ['images.pullSecrets', n] as [string, string]),
      ];
      for (const [field, value] of templateInputs) {
        const problem = value === undefined ? undefined : operatorTemplateValueProblem(value);
        if (problem) throw ConfigurationError.forConstruct(this, field, value, `allowed (it is written into the operator's templates): ${problem}`);
      }
      // The objects the ingress controller reads next to each agent Service, in each watched namespace.
      for (const ns of watched) {
        (deployments.agentServiceManifests ?? []).forEach((m, i) => agentManifests.push(new Manifest(this, `AgentServiceManifest-${ns}-${i}`, {
          manifest: { ...m, metadata: { ...((m.metadata as Record<string, unknown> | undefined) ?? {}), namespace: ns } },
          dependsOn: deps,
        })));
      }
    }

    // Generated secrets.
    const apiKeySalt = new Password(this, 'ApiKeySalt', { length: 48, special: false });
    const jwtSecret = new Password(this, 'JwtSecret', { length: 48, special: false });
    const insightsKey = new Bytes(this, 'InsightsEncryptionKey', { length: 32 });
    const pollyKey = new Bytes(this, 'PollyEncryptionKey', { length: 32 });
    const fernet = (b: Bytes) => Fn.replace(Fn.replace(b.base64, '+', '-'), '/', '_');
    const data: Record<string, string> = {
      langsmith_license_key: props.licenseKey,
      api_key_salt: apiKeySalt.result,
      jwt_secret: jwtSecret.result,
      insights_encryption_key: fernet(insightsKey),
      polly_encryption_key: fernet(pollyKey),
    };
    if (auth.type === 'basic') {
      const admin = new Password(this, 'InitialAdminPassword', { length: 24, special: true, overrideSpecial: ADMIN_PASSWORD_SPECIALS, minUpper: 2, minLower: 2, minNumeric: 2, minSpecial: 1 });
      data.initial_org_admin_password = admin.result;
      this.adminPassword = admin.result;
    } else {
      data.oauth_client_id = auth.clientId;
      data.oauth_issuer_url = auth.issuerUrl;
      if (auth.clientSecret) data.oauth_client_secret = auth.clientSecret;
    }
    this.appSecretName = `${releaseName}-config`;
    const secrets: SecretV1[] = [referenceSecret(this, 'AppSecret', namespaceName, this.appSecretName, data, deps)];

    let postgresSecretName: string | undefined;
    if (props.postgres) {
      postgresSecretName = `${releaseName}-postgres`;
      secrets.push(referenceSecret(this, 'PostgresSecret', namespaceName, postgresSecretName, { connection_url: postgresUrlWithoutScheme(props.postgres) }, deps));
    }
    let redisSecretName: string | undefined;
    if (props.redis) {
      redisSecretName = `${releaseName}-redis`;
      secrets.push(referenceSecret(this, 'RedisSecret', namespaceName, redisSecretName, { connection_url: redisUrl(props.redis) }, deps));
    }
    let clickhouse: { secretName: string; hybrid: boolean } | undefined;
    if (props.clickhouse) {
      clickhouse = { secretName: `${releaseName}-clickhouse`, hybrid: props.clickhouse.hybrid ?? false };
      secrets.push(referenceSecret(this, 'ClickHouseSecret', namespaceName, clickhouse.secretName, clickhouseSecretData(props.clickhouse), deps));
    }

    // Insights and Polly Postgres (StatefulSets the chart bundles): generated credentials
    // instead of the chart's postgres/postgres (agent-features/*/postgres/secrets.yaml).
    const agentFeatureStores = {
      insightsPostgresSecretName: `${releaseName}-insights-postgres`,
      pollyPostgresSecretName: `${releaseName}-polly-postgres`,
    };
    for (const [id, product, secretName] of [['Insights', 'insights', agentFeatureStores.insightsPostgresSecretName], ['Polly', 'polly', agentFeatureStores.pollyPostgresSecretName]] as const) {
      const password = new Password(this, `${id}PostgresPassword`, { length: 32, special: false });
      const host = `${agentFeaturePostgresService(releaseName, product)}.${namespaceName}.svc.cluster.local`;
      secrets.push(referenceSecret(this, `${id}PostgresSecret`, namespaceName, secretName, {
        postgres_user: 'postgres',
        postgres_password: password.result,
        postgres_db: 'postgres',
        postgres_connection_url: `postgres://postgres:${password.result}@${host}:5432/postgres?sslmode=disable`,
      }, deps));
    }

    const customCas = [...(props.customCaCertificates ?? []), ...(props.redis?.caCertificate ? [props.redis.caCertificate] : [])];
    let customCa: { secretName: string; secretKey: string } | undefined;
    if (customCas.length) {
      customCa = { secretName: `${releaseName}-custom-ca`, secretKey: 'ca-bundle.crt' };
      // Public certificates only: the pinned Mozilla roots plus the given CAs.
      const bundle = [...MOZILLA_ROOT_CERTIFICATES, ...customCas].join('\n');
      const ca = referenceSecret(this, 'CustomCaSecret', namespaceName, customCa.secretName, { [customCa.secretKey]: bundle }, deps);
      ca.addOverride('metadata.annotations', { 'cdktf-langsmith/public-roots': MOZILLA_ROOTS_SOURCE });
      secrets.push(ca);
    }

    const edgeTls = props.edgeTls ?? (exposure.type === 'gateway' || (exposure.type === 'ingress' && !!exposure.tlsSecretName));
    this.values = buildLangSmithValues({
      customCa,
      hostname: props.hostname,
      edgeTls,
      appSecretName: this.appSecretName,
      auth: auth.type === 'basic' ? auth : { type: 'oauth', adminEmail: auth.adminEmail, withClientSecret: !!auth.clientSecret },
      exposure,
      images: props.images,
      telemetry: props.telemetry,
      offline: props.offline,
      postgresSecretName,
      redisSecretName,
      clickhouse,
      blobStorage: props.blobStorage,
      size,
      storageClassName: props.storageClassName,
      deployments,
      releaseName,
      agentFeatureStores,
      // The chart checksums only the secrets it renders itself (langsmith.checksumAnnotations);
      // ours are existingSecretName secrets, so a version per secret (connection-secrets.ts) rolls the pods instead
      // when a secret (a rotated password, a new license key) changes.
      podAnnotations: secretVersionAnnotations(secrets),
    });

    this.release = new Release(this, 'Release', {
      name: releaseName,
      namespace: namespaceName,
      repository: props.chartRepository ?? LANGCHAIN_HELM_REPOSITORY,
      chart: 'langsmith',
      version: props.chartVersion ?? LANGSMITH_CHART_VERSION,
      // Terraform reads every JSON string as a template: the operator's `${...}` placeholders are escaped.
      values: [JSON.stringify(escapeOperatorTemplatesForTerraform(this.values))],
      timeout: props.timeoutSeconds ?? 1200,
      wait: true,
      cleanupOnFail: true,
      maxHistory: 10,
      dependsOn: [...secrets, ...namespacedManifests(this, namespaceName, props.manifests, deps), ...agentManifests, ...deps, ...(props.dependsOn ?? [])],
    });
    if (props.hostname) this.url = `${edgeTls ? 'https' : 'http'}://${props.hostname}`;
  }

  private preset(name: string): SizePreset {
    if (!(SIZE_NAMES as readonly string[]).includes(name)) {
      throw ConfigurationError.forConstruct(this, 'size', name, `allowed: ${SIZE_NAMES.join(' | ')}`);
    }
    return sizePreset(name as SizeName);
  }
}

/**
 * Specials of the generated admin password: only characters of the chart's password policy
 * (templates/validate.yaml: `[!#$%()+,./:?@\\[\\]\\\\^_{~}-]`), and none that a shell or a URL would
 * treat specially.
 */
export const ADMIN_PASSWORD_SPECIALS = '!#%+-._~';

/** Special-use domains (RFC 6761/6762/7686) that email validators refuse. */
const SPECIAL_USE_TLDS = ['local', 'localhost', 'test', 'invalid', 'onion', 'arpa'];

/** Whether an email address is on a special-use domain. */
export function isSpecialUseEmail(email: string): boolean {
  const tld = email.split('@').pop()!.split('.').pop()!.toLowerCase();
  return SPECIAL_USE_TLDS.includes(tld);
}

/** The default initial admin: admin@<hostname>, or admin@example.com (a reserved but valid domain) without one. */
export function defaultAdminEmail(hostname?: string): string {
  return `admin@${hostname ?? 'example.com'}`;
}

/** The chart's `langsmith.fullname` (templates/_helpers.tpl). */
export function langsmithFullname(releaseName: string): string {
  return (releaseName.includes('langsmith') ? releaseName : `${releaseName}-langsmith`).slice(0, 63).replace(/-+$/, '');
}

/**
 * The Service of an agent feature's bundled Postgres, as `langsmith.agentFeatures.componentName`
 * names it: `<fullname truncated to 51 - len(suffix)>-standalone-<product>-postgres`.
 */
export function agentFeaturePostgresService(releaseName: string, product: 'insights' | 'polly'): string {
  const suffix = `standalone-${product}-postgres`;
  const prefix = langsmithFullname(releaseName).slice(0, 51 - suffix.length).replace(/-+$/, '');
  return `${prefix}-${suffix}`;
}
