/**
 * Kubernetes minor versions the managed clusters are accepted with. A minor outside this
 * range is refused at synth (the cloud would refuse it at apply, after the network and
 * databases were already created).
 *
 * The range is the minors in standard or extended support on EKS, GKE and AKS around this
 * release (the official LangSmith Terraform modules pin EKS 1.34 and AKS 1.35; GKE follows
 * the REGULAR channel). Check what your region offers before you pick the oldest or newest:
 * `aws eks describe-cluster-versions`, `gcloud container get-server-config`,
 * `az aks get-versions`. A newer minor needs a library update (one line here).
 */
export const KUBERNETES_MINOR_VERSIONS: readonly string[] = ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];

/** The minor part (`1.33`) of a version such as `1.33.5` or `1.33.5-gke.100`. */
export function kubernetesMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}
