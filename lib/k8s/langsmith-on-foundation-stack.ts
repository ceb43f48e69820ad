import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { LangSmithOnFoundation, LangSmithOnFoundationProps } from './langsmith-on-foundation';

/** Properties of {@link LangSmithOnFoundationStack}. */
export interface LangSmithOnFoundationStackProps extends Omit<LangSmithOnFoundationProps, 'licenseKey'> {
  /**
   * The LangSmith license key (a reference, never a literal).
   * @default - the stack's sensitive variable `langsmith_license_key` (set `TF_VAR_langsmith_license_key`)
   */
  readonly licenseKey?: string;
}

/**
 * The second stack of a bring-your-own-network project: LangSmith on a foundation created in
 * another stack (its values arrive as cross-stack references). One {@link LangSmithOnFoundation}
 * (providers from the foundation's cluster, its add-ons and storage classes, then the release),
 * the license key from a sensitive variable, and the outputs `url` and `initial_admin_password`
 * (sensitive) when the release has them. Add your own outputs to the stack as to any other.
 */
export class LangSmithOnFoundationStack extends TerraformStack {
  /** LangSmith and what it needs on the foundation's cluster. */
  public readonly langsmith: LangSmithOnFoundation;

  constructor(scope: Construct, id: string, props: LangSmithOnFoundationStackProps) {
    super(scope, id);
    const licenseKey = props.licenseKey ?? new TerraformVariable(this, 'langsmith_license_key', { type: 'string', sensitive: true }).stringValue;
    this.langsmith = new LangSmithOnFoundation(this, 'LangSmith', { ...props, licenseKey });
    if (this.langsmith.url) new TerraformOutput(this, 'url', { value: this.langsmith.url });
    if (this.langsmith.adminPassword) new TerraformOutput(this, 'initial_admin_password', { value: this.langsmith.adminPassword, sensitive: true });
  }
}
