/**
 * The rehearsal of the full platform on GCP (control plane and data plane: the LangSmith chart
 * with LangSmith Deployments on, its listener and operator, KEDA), then the full platform on an
 * existing cluster from another deployments file. Its own file so jest's workers run it next to
 * the other rehearsal files.
 *
 * Sizes: small, then medium. dev is smaller, but the only size change from dev on GCP is to a
 * regional cluster and a STANDARD_HA Memorystore, which the google provider (6.50) replaces
 * (google_container_cluster `location` and google_redis_instance `tier` are ForceNew), and
 * prevent_destroy refuses: the stand-ins know no ForceNew (README.md), so that diff would show
 * in-place updates no cloud would make. small -> medium scales in place: node machine type,
 * Cloud SQL tier, Memorystore memory, replicas and resources of the pods.
 */
import { backend, rehearse, type R } from './rehearse';

const GCP_PLATFORM = (r: R, size: string) => `deployments:
  - name: gcp-platform
    mode: full-platform
    cloud: gcp
    region: us-central1
    project: acme-langsmith-dev
    size: ${size}
    hostname: langsmith.gcp-platform.example.com
    cluster: { apiAllowedCidrs: [203.0.113.0/24] }
    gcp: { ingress: external }
${backend(r)}`;

/** The other deployments file: the full platform on an existing cluster (one stack), behind ingress-nginx. */
const K8S_PLATFORM = {
  name: 'demo-k8s-platform',
  deployment: (r: R, size: string) => `deployments:
  - name: demo-k8s-platform
    mode: full-platform
    cloud: kubernetes
    size: ${size}
    hostname: langsmith.platform.example.com
    kubernetes: { kubeconfigPath: ~/.kube/config, context: kind-langsmith }
    exposure: { type: ingress, className: nginx, certManagerIssuer: letsencrypt-prod }
    postgres: { host: ls-pg.databases.svc.cluster.local, database: langsmith, user: langsmith }
    redis: { host: ls-redis.databases.svc.cluster.local }
${backend(r)}`,
};

type Resource = { type: string; name: string; values: Record<string, any> };
const resources = (r: R, stack: string): Resource[] => r.showState(stack).values?.root_module?.resources ?? [];

rehearse('gcp-platform', GCP_PLATFORM, ['small', 'medium'], K8S_PLATFORM, (rehearsal) => {
  test('the full platform is applied: KEDA, then LangSmith with Deployments (listener, operator) wired to the infra stack', () => {
    const r = rehearsal();
    const infra = resources(r, 'gcp-platform-infra');
    const app = resources(r, 'gcp-platform-app');
    const releases = Object.fromEntries(app.filter((x) => x.type === 'helm_release').map((x) => [x.values.chart, x.values]));
    expect(Object.keys(releases).sort()).toEqual(['keda', 'langsmith']);
    expect(releases.keda).toMatchObject({ namespace: 'keda', status: 'deployed' });
    // The values Terraform applied, with the cross-stack references resolved from the infra state.
    const values = JSON.parse(releases.langsmith.values[0]);
    expect(values.config.deployment).toMatchObject({ enabled: true });
    const bucket = infra.find((x) => x.type === 'google_storage_bucket')!.values;
    expect(values.config.blobStorage).toMatchObject({ engine: 'GCS', bucketName: bucket.name });
    // Control plane (host and platform backends) and data plane (listener) act as the blob service account.
    const blobAccount = infra.find((x) => x.type === 'google_service_account' && x.values.account_id.endsWith('-blob'))!.values.email;
    expect(blobAccount).toMatch(/^[a-z0-9-]+@acme-langsmith-dev\.iam\.gserviceaccount\.com$/);
    for (const component of ['hostBackend', 'platformBackend', 'listener']) {
      expect({ component, sa: values[component]?.serviceAccount?.annotations?.['iam.gke.io/gcp-service-account'] }).toEqual({ component, sa: blobAccount });
    }
    // The operator scales the agents with the KEDA released before it.
    expect(values.operator).toMatchObject({ enabled: true, kedaEnabled: true });
    // The workload identity bindings name the data plane's service accounts.
    const members = infra.filter((x) => x.type === 'google_service_account_iam_member').map((x) => x.values.member);
    expect(members).toContain('serviceAccount:acme-langsmith-dev.svc.id.goog[langsmith/langsmith-listener]');
  });
});
