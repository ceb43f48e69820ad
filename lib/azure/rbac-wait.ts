import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { TerraformData } from '../core/terraform-data';
import { checkInteger } from '../core/validation';

/** Default wait for Azure RBAC role assignments to take effect, seconds. */
export const DEFAULT_RBAC_PROPAGATION_SECONDS = 120;

/** Properties of {@link RbacPropagationWait}. */
export interface RbacPropagationWaitProps {
  /** The role assignments to wait for. */
  readonly grants: RoleAssignment[];
  /**
   * Seconds to wait after the grants exist (Azure RBAC takes effect after "up to a few minutes";
   * Key Vault and AKS answer 403 until then). 0 turns the wait off.
   * @default 120
   */
  readonly seconds?: number;
}

/**
 * Waits for Azure RBAC role assignments to propagate before the resources that use them.
 *
 * Azure creates a role assignment at once but enforces it only after it has replicated (Microsoft
 * documents "up to 10 minutes", usually one or two): a Key Vault key created right after its
 * creator's Crypto Officer grant, or an AKS cluster created right after its identity's grants,
 * fails with 403 on a first apply. The wait is a `terraform_data` resource (built into Terraform
 * >= 1.4, no provider to install: the `time` provider's `time_sleep` would need one more provider
 * in every mirror) with a `local-exec` provisioner that sleeps with Node.js, which every cdktf
 * user has (no `sleep` binary needed, so it works on Windows too). It is replaced, and so waits
 * again, only when one of the grants is replaced (`triggers_replace` holds their ids).
 */
export class RbacPropagationWait extends Construct {
  /** The wait resource, or none when `seconds` is 0. */
  public readonly wait?: TerraformData;
  /** What a resource using the grants depends on: the wait, or the grants themselves without one. */
  public readonly dependables: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: RbacPropagationWaitProps) {
    super(scope, id);
    checkInteger(this, 'seconds', props.seconds, 0, 1800);
    const seconds = props.seconds ?? DEFAULT_RBAC_PROPAGATION_SECONDS;
    if (seconds === 0 || props.grants.length === 0) {
      this.dependables = props.grants;
      return;
    }
    this.wait = new TerraformData(this, 'Wait', {
      triggersReplace: { grants: props.grants.map((g) => g.id) },
      provisioners: [{
        type: 'local-exec',
        interpreter: ['node', '-e'],
        command: `setTimeout(() => {}, ${seconds * 1000})`,
      }],
      dependsOn: props.grants,
    });
    this.dependables = [this.wait];
  }
}
