/**
 * Add LangSmith to a cluster you already manage, from your own cdktf project.
 * `npm install cdktf-langsmith`, then `cdktf deploy` this stack.
 */
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { LangSmithRelease, PostgresConnection } from 'cdktf-langsmith';

export class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Your cluster, reached through your kubeconfig.
    new KubernetesProvider(this, 'kubernetes', { configPath: '~/.kube/config', configContext: 'prod' });
    new HelmProvider(this, 'helm', { kubernetes: { configPath: '~/.kube/config', configContext: 'prod' } });
    new RandomProvider(this, 'random');

    // Secrets come from sensitive variables (TF_VAR_...), never literals.
    const license = new TerraformVariable(this, 'langsmith_license_key', { type: 'string', sensitive: true });
    const pgPassword = new TerraformVariable(this, 'postgres_password', { type: 'string', sensitive: true });
    const redisPassword = new TerraformVariable(this, 'redis_password', { type: 'string', sensitive: true });
    const postgres: PostgresConnection = { host: 'pg.platform.internal', database: 'langsmith', username: 'langsmith', password: pgPassword.stringValue };

    const langsmith = new LangSmithRelease(this, 'LangSmith', {
      licenseKey: license.stringValue,
      size: 'small',
      hostname: 'langsmith.platform.example.com',
      exposure: { type: 'ingress', className: 'nginx', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' }, tlsSecretName: 'langsmith-tls' },
      postgres,
      redis: { host: 'redis.platform.internal', password: redisPassword.stringValue },
      telemetry: { logs: false },
    });
    new TerraformOutput(this, 'url', { value: langsmith.url });
  }
}

/** Builds the example app (the test calls this; `cdktf synth` runs the file). */
export function build(app: App): PlatformStack {
  return new PlatformStack(app, 'langsmith-on-my-cluster');
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
