import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { ClusterAccess } from '../core/contracts';
import { ConfigurationError } from '../core/errors';

/** Properties of {@link ClusterProviders}. */
export interface ClusterProvidersProps {
  /** How to reach the cluster: a foundation's `cluster`, or a kubeconfig path/context. */
  readonly access: ClusterAccess;
  /** Also configure the `random` provider (LangSmithRelease generates its secrets with it). @default true */
  readonly random?: boolean;
}

/**
 * The `kubernetes`, `helm` (and `random`) providers of a stack, configured from the
 * cloud-neutral {@link ClusterAccess} contract: API host, CA and exec-based authentication
 * (no static tokens), or a kubeconfig file and context. Every Kubernetes-layer construct of
 * this library needs them in its stack.
 */
export class ClusterProviders extends Construct {
  public readonly kubernetes: KubernetesProvider;
  public readonly helm: HelmProvider;
  public readonly random?: RandomProvider;

  constructor(scope: Construct, id: string, props: ClusterProvidersProps) {
    super(scope, id);
    const a = props.access;
    if (!a.host && !a.kubeconfigPath) {
      throw ConfigurationError.forConstruct(this, 'access', a.clusterName, 'allowed: an API host (with CA and exec auth) or a kubeconfig path');
    }
    const exec = a.exec
      ? { apiVersion: a.exec.apiVersion ?? 'client.authentication.k8s.io/v1beta1', command: a.exec.command, args: a.exec.args ?? [], env: a.exec.env }
      : undefined;
    const conn = { host: a.host, clusterCaCertificate: a.clusterCaCertificate, configPath: a.kubeconfigPath, configContext: a.kubeconfigContext };
    // Terraform knows a provider by its type (provider "kubernetes", "helm", "random"), not by its
    // construct path: the providers live under this construct, and a stack has one set of them.
    const other = TerraformStack.of(this).node.findAll().find((c) => c !== this && c instanceof ClusterProviders);
    if (other) {
      throw ConfigurationError.forConstruct(this, 'access', a.clusterName, `allowed: one ClusterProviders per stack (${other.node.path} already configures its kubernetes, helm and random providers)`);
    }
    this.kubernetes = new KubernetesProvider(this, 'kubernetes', { ...conn, exec: exec ? [exec] : undefined });
    this.helm = new HelmProvider(this, 'helm', { kubernetes: { ...conn, exec } });
    if (props.random ?? true) this.random = new RandomProvider(this, 'random', {});
  }
}
