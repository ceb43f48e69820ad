import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { HelmAddOn } from './helm-add-on';

/** KEDA's chart, pinned to the version the official LangSmith AWS module installs (langchain-ai/terraform, k8s-bootstrap: 2.19.0). */
export const KEDA_CHART = {
  repository: 'https://kedacore.github.io/charts',
  chart: 'keda',
  version: '2.19.0',
  namespace: 'keda',
} as const;

/** Properties of {@link Keda}. */
export interface KedaProps {
  /** Chart version. @default '2.19.0' */
  readonly version?: string;
  /** Namespace. @default 'keda' */
  readonly namespace?: string;
  /** Releases KEDA waits for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * KEDA, which the LangSmith operator uses to autoscale agent servers
 * (`operator.kedaEnabled`, on by default in the chart). Install it before the LangSmith
 * release: pass `keda.release` in the release's `dependsOn`.
 */
export class Keda extends Construct {
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: KedaProps = {}) {
    super(scope, id);
    this.release = new HelmAddOn(this, 'Chart', {
      name: 'keda',
      namespace: props.namespace ?? KEDA_CHART.namespace,
      repository: KEDA_CHART.repository,
      chart: KEDA_CHART.chart,
      version: props.version ?? KEDA_CHART.version,
      dependsOn: props.dependsOn,
    }).release;
  }
}
