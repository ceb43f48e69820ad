/**
 * LangSmith on Google Cloud in a VPC network you already have, from your own cdktf project.
 *
 * Two stacks: `platform-infra` is your own stack (your GoogleProvider, your other resources)
 * into which the GCP foundation is imported with `existingNetwork`: a private GKE cluster,
 * Cloud SQL, Memorystore and a GCS bucket on your network and subnetwork, no VPC, subnetwork
 * or Cloud NAT created. `platform-langsmith` configures the kubernetes, helm and random
 * providers from the foundation's cluster and installs LangSmith on top. cdktf joins them with
 * cross-stack references: `cdktf deploy 'platform-*'` creates them in order.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { LangSmithOnFoundationStack } from 'cdktf-langsmith';
import { GcpLangSmithFoundation, GcpNetwork } from 'cdktf-langsmith/gcp';

const PROJECT = 'acme-platform-prod';
const REGION = 'us-central1';
const HOSTNAME = 'langsmith.platform.example.com';

/** Your existing stack: your provider, your resources, and the LangSmith foundation on your network. */
export class PlatformStack extends TerraformStack {
  public readonly langsmith: GcpLangSmithFoundation;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new GoogleProvider(this, 'google', { project: PROJECT, region: REGION });
    // The Cloud SQL password is a random_password resource (kept in state, never in cdktf.out).
    new RandomProvider(this, 'random');

    // ... the rest of your platform lives here too.

    this.langsmith = new GcpLangSmithFoundation(this, 'LangSmith', {
      project: PROJECT,
      region: REGION,
      name: 'acme-langsmith',
      size: 'small',
      // Your network and the subnetwork of the nodes, with secondary ranges for pods and services.
      // Nothing is created in it but private services access (for Cloud SQL and Memorystore), and
      // only because it is asked for here: a network has at most one such connection, so leave
      // this out when yours already has it (the default then uses it).
      createPrivateServicesAccess: true,
      existingNetwork: GcpNetwork.fromNetworkAttributes(this, 'PlatformNetwork', {
        project: PROJECT,
        region: REGION,
        network: 'platform-vpc',
        subnetwork: 'platform-gke-nodes',
        podsRangeName: 'gke-pods',
        servicesRangeName: 'gke-services',
      }),
      // A static internal address for the GKE Ingress (gce-internal needs a proxy-only subnetwork in the region).
      // The backend: a BackendConfig health-checking the LangSmith frontend (nginx on 8080, GET
      // /health) with a long timeout for streamed responses, attached through NEG annotations.
      // proxyOnlyCidr: your proxy-only subnetwork's range, from which the load balancer's proxies
      // reach the pods (a firewall rule allows it to tcp 8080; GKE only allows the health checks).
      ingress: { hostname: HOSTNAME, scheme: 'internal', backend: { healthCheckPath: '/health', port: 8080 }, proxyOnlyCidr: '10.129.0.0/23' },
    });

    new TerraformOutput(this, 'cluster_name', { value: this.langsmith.cluster.clusterName });
    new TerraformOutput(this, 'kubeconfig_command', { value: this.langsmith.foundation.cluster.kubeconfigCommand! });
    new TerraformOutput(this, 'ingress_ip', { value: this.langsmith.ingress!.ipAddress, description: `Point an A record for ${HOSTNAME} here.` });
  }
}

/** Builds the example app (the test calls this; `cdktf synth` runs the file). */
export function build(app: App): { infra: PlatformStack; app: LangSmithOnFoundationStack } {
  const infra = new PlatformStack(app, 'platform-infra');
  // LangSmith on the foundation's cluster (providers, add-ons, then the release); the license key from
  // TF_VAR_langsmith_license_key; outputs `url` and `initial_admin_password`.
  const langsmith = new LangSmithOnFoundationStack(app, 'platform-langsmith', { foundation: infra.langsmith.foundation, size: 'small', hostname: HOSTNAME });
  return { infra, app: langsmith };
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
