import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Foundation } from '../lib/core/contracts';
import { StorageClasses } from '../lib/k8s/storage-classes';
import { configureBackend } from './backend';
import { DeploymentConfig } from './config';
import { buildFullPlatform } from './modes/full-platform';
import { buildObservability } from './modes/observability';
import { buildStandalone } from './modes/standalone';
import { configureClusterProviders } from './providers';

/** Properties of {@link LangSmithAppStack}. */
export interface LangSmithAppStackProps {
  readonly deployment: DeploymentConfig;
  /**
   * What the cloud foundation (or an existing cluster) provides; a function when the
   * foundation's own inputs (e.g. external database passwords) are variables of this stack.
   */
  readonly foundation: Foundation | ((stack: TerraformStack) => Foundation);
}

/** The Kubernetes layer of a deployment: `<name>-app`. */
export class LangSmithAppStack extends TerraformStack {
  /** The foundation this stack was built on. */
  public readonly foundation: Foundation;

  constructor(scope: Construct, id: string, props: LangSmithAppStackProps) {
    super(scope, id);
    const d = props.deployment;
    const foundation = typeof props.foundation === 'function' ? props.foundation(this) : props.foundation;
    this.foundation = foundation;
    configureBackend(this, d, id);
    configureClusterProviders(this, foundation.cluster);
    // Classes the foundation's storageClassName may name (AWS: encrypted gp3). Created before the
    // releases: the modes' addCloudAddOns hands them to every release's depends_on.
    if (foundation.storageClasses?.length) new StorageClasses(this, 'StorageClasses', { classes: foundation.storageClasses });
    switch (d.mode) {
      case 'observability':
        buildObservability(this, d, foundation);
        break;
      case 'full-platform':
        buildFullPlatform(this, d, foundation);
        break;
      case 'standalone':
        buildStandalone(this, d, foundation);
        break;
    }
    if (foundation.cluster.kubeconfigCommand) {
      new TerraformOutput(this, 'kubeconfig_command', { value: foundation.cluster.kubeconfigCommand, description: 'Writes a kubeconfig entry for the cluster.' });
    }
  }
}
