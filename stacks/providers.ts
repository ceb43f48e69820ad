import { TerraformStack } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { ClusterAccess } from '../lib/core/contracts';

/** Configures the kubernetes, helm and random providers of an app stack from the cluster contract. */
export function configureClusterProviders(stack: TerraformStack, access: ClusterAccess): void {
  const exec = access.exec
    ? { apiVersion: access.exec.apiVersion ?? 'client.authentication.k8s.io/v1beta1', command: access.exec.command, args: access.exec.args ?? [], env: access.exec.env }
    : undefined;
  const conn = {
    host: access.host,
    clusterCaCertificate: access.clusterCaCertificate,
    configPath: access.kubeconfigPath,
    configContext: access.kubeconfigContext,
  };
  new KubernetesProvider(stack, 'kubernetes', { ...conn, exec: exec ? [exec] : undefined });
  new HelmProvider(stack, 'helm', { kubernetes: { ...conn, exec } });
  new RandomProvider(stack, 'random', {});
}
