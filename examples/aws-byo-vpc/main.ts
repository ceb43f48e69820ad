/**
 * LangSmith on AWS in a VPC you already have, from your own cdktf project.
 *
 * Two stacks: `platform-infra` is your own stack (your AwsProvider, your other resources) into
 * which the AWS foundation is imported with `existingNetwork`: EKS, RDS, ElastiCache and S3 in
 * your subnets, no VPC or NAT created. `platform-langsmith` configures the kubernetes, helm and
 * random providers from the foundation's cluster and installs LangSmith on top. cdktf joins
 * them with cross-stack references: `cdktf deploy 'platform-*'` creates them in order.
 */
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Foundation, LangSmithOnFoundation } from 'cdktf-langsmith';
import { AwsLangSmithFoundation, AwsNetwork } from 'cdktf-langsmith/aws';

const REGION = 'us-west-2';
const HOSTNAME = 'langsmith.platform.example.com';

/** Your existing stack: your provider, your resources, and the LangSmith foundation in your VPC. */
export class PlatformStack extends TerraformStack {
  public readonly langsmith: AwsLangSmithFoundation;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: REGION, defaultTags: [{ tags: { team: 'platform', 'managed-by': 'cdktf' } }] });
    // RDS and ElastiCache passwords are random_password resources (kept in state, never in cdktf.out).
    new RandomProvider(this, 'random');

    // ... the rest of your platform lives here too.

    this.langsmith = new AwsLangSmithFoundation(this, 'LangSmith', {
      name: 'acme-langsmith',
      region: REGION,
      size: 'small',
      existingNetwork: AwsNetwork.fromNetworkAttributes(this, 'PlatformVpc', {
        vpcId: 'vpc-0123456789abcdef0',
        // Nodes (and pods): >= 2 availability zones, with egress you manage (NAT, firewall).
        privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
        // RDS and ElastiCache: >= 2 availability zones, no route to the internet needed.
        dataSubnetIds: ['subnet-0ddddddddddddddd1', 'subnet-0ddddddddddddddd2'],
        // Only used by an internet-facing ALB (albScheme); the default ALB is internal.
        publicSubnetIds: ['subnet-0bbbbbbbbbbbbbbb1', 'subnet-0bbbbbbbbbbbbbbb2'],
      }),
      // The EKS API stays private; let your VPN / CI runners reach it to deploy the app stack.
      privateApiAccessCidrs: ['10.100.0.0/16'],
    });

    new TerraformOutput(this, 'cluster_name', { value: this.langsmith.cluster.clusterName });
    new TerraformOutput(this, 'kubeconfig_command', { value: this.langsmith.foundation.cluster.kubeconfigCommand! });
  }
}

/** Properties of {@link LangSmithStack}. */
export interface LangSmithStackProps {
  /** The foundation's contract (its values become cross-stack references). */
  readonly foundation: Foundation;
}

/** LangSmith on the foundation's cluster. */
export class LangSmithStack extends TerraformStack {
  public readonly langsmith: LangSmithOnFoundation;

  constructor(scope: Construct, id: string, props: LangSmithStackProps) {
    super(scope, id);
    // Secrets come from sensitive variables (TF_VAR_langsmith_license_key), never literals.
    const license = new TerraformVariable(this, 'langsmith_license_key', { type: 'string', sensitive: true });

    // The kubernetes, helm and random providers from the foundation's cluster access, the charts and
    // storage classes the cloud needs first (e.g. a load balancer controller), then LangSmith with the
    // foundation's Postgres, Redis, blob storage and Ingress, waiting for them.
    this.langsmith = new LangSmithOnFoundation(this, 'LangSmith', {
      foundation: props.foundation,
      licenseKey: license.stringValue,
      size: 'small',
      hostname: HOSTNAME,
    });
    // Plain HTTP until TLS is served at the edge (a certificate on the load balancer, or exposure.tlsSecretName):
    // the foundation's `edgeTls` tells the chart (and `url`) which scheme the edge really serves.
    new TerraformOutput(this, 'url', { value: this.langsmith.url! });
    new TerraformOutput(this, 'initial_admin_password', { value: this.langsmith.adminPassword!, sensitive: true });
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
