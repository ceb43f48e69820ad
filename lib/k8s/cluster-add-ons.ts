import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { ClusterAddOn } from '../core/contracts';
import { HelmAddOn } from './helm-add-on';

/** Properties of {@link ClusterAddOns}. */
export interface ClusterAddOnsProps {
  /** The charts a cloud foundation needs in its cluster (`Foundation.addOns`), installed in order. @default [] */
  readonly addOns?: readonly ClusterAddOn[];
}

/**
 * Installs a foundation's cluster add-ons (e.g. the AWS Load Balancer Controller) one after
 * another, under this construct (two of them in one stack do not collide). Pass {@link releases}
 * to a LangSmith release's `dependsOn` so it waits for them.
 */
export class ClusterAddOns extends Construct {
  /** The add-on releases, in install order. */
  public readonly releases: Release[] = [];

  constructor(scope: Construct, id: string, props: ClusterAddOnsProps = {}) {
    super(scope, id);
    for (const addOn of props.addOns ?? []) {
      this.releases.push(new HelmAddOn(this, `AddOn-${addOn.name}`, { ...addOn, dependsOn: [...this.releases] }).release);
    }
  }

  /** The releases, as dependencies. */
  public get dependables(): ITerraformDependable[] {
    return [...this.releases];
  }
}
