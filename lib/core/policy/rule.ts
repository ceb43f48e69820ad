import { IConstruct } from 'constructs';
import { Json } from './values';

/** How serious a finding is: ERROR fails synth, WARNING is printed. */
export enum PolicyLevel {
  ERROR = 'ERROR',
  WARNING = 'WARNING',
}

/** What a rule looks at: one Terraform block of a synthesized stack. */
export interface PolicySubject {
  /** resource | data | output | variable. */
  readonly kind: 'resource' | 'data' | 'output' | 'variable';
  /** The Terraform type (`aws_s3_bucket`), or `output` / `variable`. */
  readonly type: string;
  /** The logical id, e.g. `Bucket_Bucket_1A2B3C4D`. */
  readonly name: string;
  /** The Terraform address: `aws_s3_bucket.X`, `data.aws_iam_policy_document.X`, `output.X`, `var.X`. */
  readonly address: string;
  /** The construct path, e.g. `acme-infra/Blob/Bucket`. */
  readonly path: string;
  /** The synthesized configuration (snake_case keys, tokens resolved to `${...}`, no `//` comment). */
  readonly config: Json;
  /** The construct that synthesized it. */
  readonly construct: IConstruct;
}

/** Everything a rule may look at besides its subject: the other blocks of the same stack. */
export interface PolicyContext {
  /** The stack's subjects of a Terraform type (`output` and `variable` for those). */
  ofType(type: string): PolicySubject[];
  /** The subject at an address (`aws_kms_key.X`, `data.aws_iam_policy_document.X`, `var.X`), if in this stack. */
  byAddress(address: string): PolicySubject | undefined;
  /** Subjects of a type whose configuration refers to `target` (e.g. the public access block of a bucket). */
  referencing(type: string, target: PolicySubject): PolicySubject[];
}

/** What a check returns: nothing when compliant, else the reason (and optionally another level). */
export type PolicyCheckResult = undefined | string | { readonly reason: string; readonly level: PolicyLevel };

/** One rule of the policy. */
export interface PolicyRule {
  /** Stable id, e.g. `LS-AWS-RDS-1`; suppressions name it. */
  readonly id: string;
  /** The Terraform types it applies to (`output` / `variable` for those blocks). */
  readonly resourceTypes: readonly string[];
  /** ERROR fails synth; WARNING is printed. */
  readonly level: PolicyLevel;
  /** What it requires, in one sentence. */
  readonly description: string;
  /** Ids of public scanner rules for the same thing (checkov CKV_*, trivy AVD-*), if any. */
  readonly scanners: readonly string[];
  /** Returns undefined when the subject complies, else why not. */
  check(subject: PolicySubject, context: PolicyContext): PolicyCheckResult;
}

/** One finding: a rule that a subject breaks (or a suppressed one). */
export interface PolicyFinding {
  readonly ruleId: string;
  readonly level: PolicyLevel;
  /** Construct path of the offending block. */
  readonly path: string;
  /** Terraform address of the offending block. */
  readonly address: string;
  /** Why it breaks the rule. */
  readonly reason: string;
  /** What the rule requires. */
  readonly requirement: string;
  /** Scanner ids for the same check. */
  readonly scanners: readonly string[];
  /** The written reason when a user suppressed the finding. */
  readonly suppressedBecause?: string;
}

/** A rule with a single resource-level predicate, the common case. */
export function rule(props: {
  id: string;
  types: string | readonly string[];
  level?: PolicyLevel;
  description: string;
  scanners?: readonly string[];
  check: (subject: PolicySubject, context: PolicyContext) => PolicyCheckResult;
}): PolicyRule {
  return {
    id: props.id,
    resourceTypes: typeof props.types === 'string' ? [props.types] : props.types,
    level: props.level ?? PolicyLevel.ERROR,
    description: props.description,
    scanners: props.scanners ?? [],
    check: props.check,
  };
}

/**
 * Whether a stateful resource carries an explicit `lifecycle.prevent_destroy = false`: the
 * library writes that only when the user set `deletionProtection: false` on the construct
 * (or `deletionProtection: false` in the deployments file). Deletion-protection findings on
 * such a resource are downgraded to warnings: the user asked for it, in writing.
 */
export function deletionProtectionOptedOut(subject: PolicySubject): boolean {
  const lifecycle = subject.config.lifecycle;
  const l = Array.isArray(lifecycle) ? lifecycle[0] : lifecycle;
  return !!l && (l.prevent_destroy === false || l.prevent_destroy === 'false');
}

/** A deletion-protection finding: an error, or a warning when the user opted out in writing. */
export function deletionFinding(subject: PolicySubject, reason: string): PolicyCheckResult {
  if (deletionProtectionOptedOut(subject)) return { reason: `${reason} (deletion protection turned off with deletionProtection: false)`, level: PolicyLevel.WARNING };
  return reason;
}
