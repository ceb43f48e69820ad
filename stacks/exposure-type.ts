/** How a deployment's frontend is exposed (`exposure.type` of the deployments file). */
export type ExposureType = 'ingress' | 'gateway' | 'load-balancer' | 'cluster-ip';

/**
 * The deployments file's default exposure rule, said once: `exposure.type` as written, else an
 * Ingress when `hostname` is set, else a ClusterIP service. The loader applies it (a loaded
 * DeploymentConfig always has `exposure.type`); its own cross-field rules, which run on the
 * file as written, call it. Binding-free: stacks/clouds/*-config.ts import it.
 */
export function exposureType(d: { readonly hostname?: string; readonly exposure: { readonly type?: ExposureType } }): ExposureType {
  return d.exposure.type ?? (d.hostname ? 'ingress' : 'cluster-ip');
}
