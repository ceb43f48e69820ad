import { TerraformOutput, TerraformStack, ITerraformDependable } from 'cdktf';
import { ClickHouseConnection, Foundation } from '../../lib/core/contracts';
import { HelmAddOn } from '../../lib/k8s/helm-add-on';
import { foundationIngress, foundationIngressManifests } from '../../lib/k8s/langsmith-on-foundation';
import { StorageClasses } from '../../lib/k8s/storage-classes';
import { defaultAdminEmail, LangSmithAuth, LangSmithRelease } from '../../lib/k8s/langsmith-release';
import { DeploymentsSettings, ExposureSettings } from '../../lib/k8s/langsmith-values';
import { DeploymentConfig } from '../config';
import { secretVariable } from '../secrets';

/** How the frontend is exposed: the deployment's `exposure.type` (the loader resolved its default), with the cloud's Ingress class, annotations and backend. */
export function resolveExposure(d: DeploymentConfig, f: Foundation): ExposureSettings {
  const ex = d.exposure;
  switch (ex.type) {
    case 'ingress':
      return foundationIngress(f, {
        className: ex.className,
        annotations: { ...(ex.certManagerIssuer ? { 'cert-manager.io/cluster-issuer': ex.certManagerIssuer } : {}), ...(ex.annotations ?? {}) },
        tlsSecretName: ex.tlsSecretName ?? (ex.certManagerIssuer ? `${d.namespace}-tls` : undefined),
      });
    case 'gateway':
      return { type: 'gateway', gatewayName: ex.gatewayName!, gatewayNamespace: ex.gatewayNamespace! };
    case 'load-balancer':
      return { type: 'load-balancer', sourceRanges: ex.sourceRanges ?? [], annotations: ex.annotations };
    default:
      return { type: 'cluster-ip' };
  }
}

/**
 * Whether the edge serves TLS: a TLS secret, a cert-manager issuer, the cloud's own
 * certificate, or a Gateway (its listeners, and their certificates, are the Gateway owner's:
 * taken as HTTPS, as LangSmithRelease does by default for a gateway).
 */
export function edgeTls(d: DeploymentConfig, f: Foundation): boolean {
  return !!(d.exposure.tlsSecretName || d.exposure.certManagerIssuer || f.edgeTls || resolveExposure(d, f).type === 'gateway');
}

/** ClickHouse from the deployment (external or LangSmith-managed), password from TF_VAR_clickhouse_password. */
export function clickhouseConnection(stack: TerraformStack, d: DeploymentConfig, f: Foundation): ClickHouseConnection | undefined {
  const ch = d.clickhouse;
  if (ch.type === 'in-cluster') return undefined;
  return {
    host: f.clickhouseHost ?? ch.host!,
    httpPort: ch.port,
    nativePort: ch.nativePort,
    tls: ch.tls,
    user: ch.user,
    database: ch.database,
    password: secretVariable(stack, 'clickhousePassword'),
    hybrid: ch.type === 'langsmith-managed',
  };
}

function auth(stack: TerraformStack, d: DeploymentConfig): LangSmithAuth {
  const adminEmail = d.auth.adminEmail ?? defaultAdminEmail(d.hostname);
  if (d.auth.type === 'basic') return { type: 'basic', adminEmail };
  return {
    type: 'oauth',
    clientId: d.auth.clientId!,
    issuerUrl: d.auth.issuerUrl!,
    clientSecret: d.auth.clientSecret ? secretVariable(stack, 'oauthClientSecret') : undefined,
    adminEmail: d.auth.adminEmail,
  };
}

/**
 * The objects the cloud's ingress controller needs next to the exposed Service
 * (`Foundation.ingressBackend.manifests`, e.g. a GKE BackendConfig): only with the cloud's Ingress.
 */
export function ingressBackendManifests(d: DeploymentConfig, f: Foundation): Record<string, unknown>[] | undefined {
  return foundationIngressManifests(f, resolveExposure(d, f), d.exposure.className);
}

const addOnsOfStack = new WeakMap<TerraformStack, ITerraformDependable[]>();

/**
 * Installs the cloud's add-ons in order (once per stack: a second call returns the same releases);
 * returns the releases every other release should wait for (the AWS load balancer controller's
 * Service webhook, failurePolicy Fail, rejects every new Service until its pods are ready).
 * The releases are the stack's own children, not a ClusterAddOns construct's: their Terraform
 * addresses (helm_release.AddOn-<name>_Release_...) are pinned in
 * __tests__/fixtures/stateful-addresses.json, and ClusterAddOns now creates them under itself.
 */
export function addCloudAddOns(stack: TerraformStack, f: Foundation): ITerraformDependable[] {
  let releases = addOnsOfStack.get(stack);
  if (!releases) {
    releases = [];
    for (const addOn of f.addOns ?? []) releases.push(new HelmAddOn(stack, `AddOn-${addOn.name}`, { ...addOn, dependsOn: [...releases] }).release);
    addOnsOfStack.set(stack, releases);
  }
  const classes = stack.node.tryFindChild('StorageClasses') as StorageClasses | undefined;
  return [...releases, ...(classes?.dependables ?? [])];
}

/** The LangSmith release of the observability mode (and, with `deployments`, of the full platform). */
export function addLangSmith(stack: TerraformStack, d: DeploymentConfig, f: Foundation, deployments?: DeploymentsSettings, dependsOn?: ITerraformDependable[]): LangSmithRelease {
  const release = new LangSmithRelease(stack, 'LangSmith', {
    licenseKey: secretVariable(stack, 'licenseKey'),
    size: d.size,
    namespace: d.namespace,
    chartVersion: d.chart.version,
    chartRepository: d.chart.repository,
    hostname: d.hostname,
    auth: auth(stack, d),
    exposure: resolveExposure(d, f),
    edgeTls: edgeTls(d, f),
    images: d.images,
    telemetry: d.telemetry,
    offline: d.offline,
    postgres: f.postgres,
    redis: f.redis,
    clickhouse: clickhouseConnection(stack, d, f),
    blobStorage: f.blobStorage,
    storageClassName: d.kubernetes.storageClassName ?? f.storageClassName,
    deployments,
    manifests: ingressBackendManifests(d, f),
    dependsOn: [...addCloudAddOns(stack, f), ...(dependsOn ?? [])],
  });
  new TerraformOutput(stack, 'url', { value: release.url ?? `kubectl -n ${d.namespace} port-forward svc/langsmith-frontend 8080:80, then http://localhost:8080`, description: 'Where LangSmith is reached.' });
  new TerraformOutput(stack, 'namespace', { value: release.namespace });
  if (release.adminPassword) {
    new TerraformOutput(stack, 'initial_admin_password', { value: release.adminPassword, sensitive: true, description: 'Initial org admin password (terraform output -raw initial_admin_password).' });
  }
  return release;
}

/** The observability mode. */
export function buildObservability(stack: TerraformStack, d: DeploymentConfig, f: Foundation): void {
  addLangSmith(stack, d, f);
}
