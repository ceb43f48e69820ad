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
import { App, TerraformOutput, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ClusterAddOns, ClusterProviders, Foundation, GcpLangSmithFoundation, GcpNetwork, LangSmithRelease, ResolveOnceStack } from 'cdktf-langsmith';

const PROJECT = 'acme-platform-prod';
const REGION = 'us-central1';
const HOSTNAME = 'langsmith.platform.example.com';

/** Your existing stack: your provider, your resources, and the LangSmith foundation on your network. */
export class PlatformStack extends ResolveOnceStack {
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
      // Nothing is created in it but private services access (for Cloud SQL and Memorystore):
      // set `createPrivateServicesAccess: false` when the network already has that connection.
      existingNetwork: GcpNetwork.fromNetworkAttributes({
        project: PROJECT,
        region: REGION,
        network: 'platform-vpc',
        subnetwork: 'platform-gke-nodes',
        podsRangeName: 'gke-pods',
        servicesRangeName: 'gke-services',
      }),
      // A static internal address for the GKE Ingress (gce-internal needs a proxy-only subnetwork in the region).
      ingress: { hostname: HOSTNAME, scheme: 'internal' },
    });

    new TerraformOutput(this, 'cluster_name', { value: this.langsmith.cluster.clusterName });
    new TerraformOutput(this, 'kubeconfig_command', { value: this.langsmith.foundation.cluster.kubeconfigCommand! });
    new TerraformOutput(this, 'ingress_ip', { value: this.langsmith.ingress!.ipAddress, description: `Point an A record for ${HOSTNAME} here.` });
  }
}

/** Properties of {@link LangSmithStack}. */
export interface LangSmithStackProps {
  /** The foundation's contract (its values become cross-stack references). */
  readonly foundation: Foundation;
}

/** LangSmith on the foundation's cluster. */
export class LangSmithStack extends ResolveOnceStack {
  public readonly release: LangSmithRelease;

  constructor(scope: Construct, id: string, props: LangSmithStackProps) {
    super(scope, id);
    const f = props.foundation;
    // The kubernetes, helm and random providers, from the foundation's cluster access.
    new ClusterProviders(this, 'Providers', { access: f.cluster });

    // Secrets come from sensitive variables (TF_VAR_langsmith_license_key), never literals.
    const license = new TerraformVariable(this, 'langsmith_license_key', { type: 'string', sensitive: true });

    // The charts the cloud needs first (e.g. a load balancer controller), in order.
    const addOns = new ClusterAddOns(this, 'AddOns', { addOns: f.addOns });

    this.release = new LangSmithRelease(this, 'LangSmith', {
      licenseKey: license.stringValue,
      size: 'small',
      hostname: HOSTNAME,
      // GKE picks its controller from the annotations the foundation gives (no class name).
      exposure: { type: 'ingress', className: f.ingressClassName, annotations: f.ingressAnnotations },
      edgeTls: f.edgeTls,
      postgres: f.postgres,
      redis: f.redis,
      blobStorage: f.blobStorage,
      storageClassName: f.storageClassName,
      dependsOn: addOns.dependables,
    });
    // Plain HTTP until TLS is served at the edge (a certificate on the load balancer, or exposure.tlsSecretName):
    // `edgeTls` tells the chart (and `url`) which scheme the edge really serves.
    new TerraformOutput(this, 'url', { value: this.release.url! });
    new TerraformOutput(this, 'initial_admin_password', { value: this.release.adminPassword!, sensitive: true });
  }
}


/** Builds the example app (the test calls this; `cdktf synth` runs the file). */
export function build(app: App): { infra: PlatformStack; app: LangSmithStack } {
  const infra = new PlatformStack(app, 'platform-infra');
  const langsmith = new LangSmithStack(app, 'platform-langsmith', { foundation: infra.langsmith.foundation });
  return { infra, app: langsmith };
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
