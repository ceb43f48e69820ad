import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { ClusterAddOn } from '../core/contracts';
import { checkPattern } from '../core/validation';

/** Properties of {@link HelmAddOn}. */
export interface HelmAddOnProps extends ClusterAddOn {
  /** Releases this one waits for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** Helm timeout in seconds. @default 600 */
  readonly timeoutSeconds?: number;
}

/** A pinned third-party chart (KEDA, a load balancer controller, cert-manager, ...), installed with its namespace. */
export class HelmAddOn extends Construct {
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: HelmAddOnProps) {
    super(scope, id);
    checkPattern(this, 'version', props.version, /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'a pinned chart version such as 2.19.0 (no ranges)');
    checkPattern(this, 'namespace', props.namespace, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a DNS-1123 label');
    this.release = new Release(this, 'Release', {
      name: props.name,
      namespace: props.namespace,
      createNamespace: true,
      repository: props.repository,
      chart: props.chart,
      version: props.version,
      values: props.values && Object.keys(props.values).length ? [JSON.stringify(props.values)] : undefined,
      wait: true,
      timeout: props.timeoutSeconds ?? 600,
      cleanupOnFail: true,
      maxHistory: 10,
      dependsOn: props.dependsOn,
    });
  }
}
