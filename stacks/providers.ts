import { TerraformStack } from 'cdktf';
import { ClusterAccess } from '../lib/core/contracts';
import { ClusterProviders } from '../lib/k8s/cluster-providers';

/** Configures the kubernetes, helm and random providers of an app stack from the cluster contract. */
export function configureClusterProviders(stack: TerraformStack, access: ClusterAccess): void {
  new ClusterProviders(stack, 'ClusterProviders', { access });
}
