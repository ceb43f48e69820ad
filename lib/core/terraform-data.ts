import { TerraformMetaArguments, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';

/** Properties of {@link TerraformData}. */
export interface TerraformDataProps extends TerraformMetaArguments {
  /** Values whose change replaces the resource (`triggers_replace`). */
  readonly triggersReplace: Record<string, unknown>;
}

/**
 * Terraform's built-in `terraform_data` resource (Terraform >= 1.4, no provider to install).
 *
 * cdktf's own `DataResource` writes the same JSON but adds a synth-time validation that runs
 * `terraform version` once per instance: a process per resource at every synth, and a failed
 * synth where no `terraform` binary is on PATH (CI diff jobs, OpenTofu users). This class spawns
 * nothing.
 */
export class TerraformData extends TerraformResource {
  private readonly triggers: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: TerraformDataProps) {
    super(scope, id, {
      terraformResourceType: 'terraform_data',
      terraformGeneratorMetadata: { providerName: 'terraform' },
      dependsOn: props.dependsOn,
      provisioners: props.provisioners,
      lifecycle: props.lifecycle,
      count: props.count,
      forEach: props.forEach,
    });
    this.triggers = props.triggersReplace;
  }

  /** The resource's id: a new value (unknown until apply) whenever `triggersReplace` changes. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { triggers_replace: this.triggers };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return { triggers_replace: { value: this.triggers, isBlock: false, type: 'map', storageClassType: 'anyMap' } };
  }
}
