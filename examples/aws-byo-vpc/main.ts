/**
 * LangSmith on AWS in a VPC you already have, from your own cdktf project.
 *
 * Two stacks: `platform-infra` is your own stack (your AwsProvider, your other resources) into
 * which the AWS foundation is imported with `existingNetwork`: EKS, RDS, ElastiCache and S3 in
 * your subnets, no VPC or NAT created. `platform-langsmith` configures the kubernetes, helm and
 * random providers from the foundation's cluster and installs LangSmith on top. cdktf joins
 * them with cross-stack references: `cdktf deploy 'platform-*'` creates them in order.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LangSmithOnFoundationStack } from 'cdktf-langsmith';
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
