import { IAspect, TerraformDataSource, TerraformElement, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { ConfigurationError } from '../errors';
import { didYouMean } from '../validation';
import { PolicyCheckResult, PolicyFinding, PolicyLevel, PolicyRule, PolicySubject } from './rule';
import { BUILT_IN_RULES } from './rules';
import { isPolicyElement, StackView } from './stack-view';
import { Json } from './values';

/** The built-in rules, which skip data sources (see evaluate). */
const BUILT_IN_RULE_SET: ReadonlySet<PolicyRule> = new Set(BUILT_IN_RULES);

/** Metadata type under which suppressions are recorded on a construct. */
export const SUPPRESSION_METADATA = 'cdktf-langsmith/policy-suppression';

/** Minimum length of a suppression's written reason. */
export const MIN_SUPPRESSION_REASON = 10;

/** A suppression: one rule, one Terraform block, a written reason. */
export interface PolicySuppression {
  readonly ruleId: string;
  readonly reason: string;
}

/** Properties of {@link LangSmithPolicy}. */
export interface LangSmithPolicyProps {
  /**
   * The rules to run.
   * @default - every built-in rule (BUILT_IN_RULES)
   */
  readonly rules?: readonly PolicyRule[];
  /**
   * Rules to run in addition to `rules`, e.g. a team's own.
   * @default []
   */
  readonly additionalRules?: readonly PolicyRule[];
  /**
   * Where warnings and suppressions are printed, one line each.
   * @default - standard output (each line once per process); nothing when LANGSMITH_POLICY_QUIET is set
   */
  readonly reporter?: (line: string) => void;
  /**
   * Fail synth on warnings too.
   * @default false
   */
  readonly warningsAsErrors?: boolean;
}

/** Thrown at synth when a stack breaks the policy; lists every violation. */
export class PolicyViolationError extends ConfigurationError {
  /** The violations (unsuppressed findings at level ERROR). */
  public readonly violations: readonly PolicyFinding[];

  constructor(where: string, violations: readonly PolicyFinding[]) {
    super(where, violations.map((v) => v.ruleId).join(','), violations.map((v) => v.address), 'see the policy violations listed');
    this.name = 'PolicyViolationError';
    this.violations = violations;
    this.message = `security policy: ${violations.length} violation(s) in ${where}:\n${violations.map((v) => `  - ${formatFinding(v)}`).join('\n')}\n`
      + 'Fix the construct props (see lib/core/policy/README.md), or, if the exception is deliberate, suppress one rule on one resource with '
      + "LangSmithPolicy.suppress(resource, '<rule id>', '<written reason>').";
  }
}

/**
 * One line per finding: `[rule] LEVEL path (address): reason; required: ... (scanner ids)`, or for
 * a suppressed one `[rule] suppressed path (address), reason given: ...; rule (LEVEL): ...`, so
 * a successful synth never prints a line that reads like a failure.
 */
export function formatFinding(f: PolicyFinding): string {
  const scanners = f.scanners.length ? ` (${f.scanners.join(', ')})` : '';
  if (f.suppressedBecause !== undefined) return `[${f.ruleId}] suppressed ${f.path} (${f.address}), reason given: ${f.suppressedBecause}; rule (${f.level}): ${f.requirement}${scanners}`;
  return `[${f.ruleId}] ${f.level} ${f.path} (${f.address}): ${f.reason}; required: ${f.requirement}${scanners}`;
}

const printed = new Set<string>();
function defaultReporter(line: string): void {
  if (process.env.LANGSMITH_POLICY_QUIET || printed.has(line)) return;
  printed.add(line);
  process.stdout.write(`${line}\n`);
}

function builtInIds(): Set<string> {
  return new Set(BUILT_IN_RULES.map((r) => r.id));
}

/** The Terraform type of an element as rules name it (`output` and `variable` for those). */
function elementType(e: TerraformElement): string {
  if (TerraformResource.isTerraformResource(e) || TerraformDataSource.isTerraformDataSource(e)) return e.terraformResourceType;
  return TerraformOutput.isTerraformOutput(e) ? 'output' : 'variable';
}

/** The Terraform element a suppression applies to: the construct itself, or its defaultChild. */
function suppressionTarget(construct: IConstruct): TerraformElement | undefined {
  if (isPolicyElement(construct)) return construct;
  const child = construct.node.defaultChild;
  if (child && isPolicyElement(child)) return child;
  return undefined;
}

/**
 * The library's security policy, as a cdktf Aspect in the style of cdk-nag: each rule has an
 * id, applies to Terraform resource types, and reports the construct path, the Terraform
 * address and the reason. ERROR findings fail synth with a {@link PolicyViolationError};
 * WARNING findings and suppressions are printed and suppressions are also written into the
 * synthesized JSON (the block's `//` comment, key `policy_suppressions`).
 *
 * ```ts
 * Aspects.of(myStack).add(new LangSmithPolicy());
 * LangSmithPolicy.suppress(myBucket, 'LS-AWS-S3-5', 'scratch bucket, objects are rebuilt nightly');
 * ```
 *
 * The aspect checks the whole subtree of the construct it is added to (normally a stack) the
 * first time it visits it, so stack-level rules (a bucket and its public access block) see every
 * block of the stack.
 */
export class LangSmithPolicy implements IAspect {
  /**
   * Suppresses one rule on one Terraform block, with a written reason (at least
   * {@link MIN_SUPPRESSION_REASON} characters). The suppression is printed at synth and
   * recorded in the synthesized JSON. `construct` is a resource, data source, output or
   * variable, or a construct whose `node.defaultChild` is one.
   */
  public static suppress(construct: IConstruct, ruleId: string, reason: string): void {
    const target = suppressionTarget(construct);
    if (!target) {
      throw ConfigurationError.forConstruct(construct, 'suppress(construct)', construct.node.id, 'allowed: one Terraform resource (or a construct whose defaultChild is one); a suppression never covers a whole subtree');
    }
    if (typeof ruleId !== 'string' || !/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/.test(ruleId)) {
      throw ConfigurationError.forConstruct(target, 'suppress(ruleId)', ruleId, 'allowed: a rule id such as LS-AWS-S3-1');
    }
    if (ruleId.startsWith('LS-')) {
      const type = elementType(target);
      const forType = BUILT_IN_RULES.filter((r) => r.resourceTypes.includes(type)).map((r) => r.id);
      if (!builtInIds().has(ruleId)) {
        const hint = didYouMean(ruleId, forType) ?? didYouMean(ruleId, [...builtInIds()]);
        throw ConfigurationError.forConstruct(target, 'suppress(ruleId)', ruleId, `not a built-in rule${hint ? `; did you mean '${hint}'?` : ''} (rule table: lib/core/policy/README.md)`);
      }
      if (!forType.includes(ruleId)) {
        throw ConfigurationError.forConstruct(target, 'suppress(ruleId)', ruleId, `the rule does not apply to ${type}; allowed: ${forType.join(', ') || 'none (no built-in rule checks this type)'}`);
      }
    }
    if (typeof reason !== 'string' || reason.trim().length < MIN_SUPPRESSION_REASON) {
      throw ConfigurationError.forConstruct(target, 'suppress(reason)', reason, `allowed: a written reason of at least ${MIN_SUPPRESSION_REASON} characters saying why this resource is an exception`);
    }
    const text = reason.trim().replace(/\s+/g, ' ');
    target.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason: text });
    target.addOverride(`//.policy_suppressions.${ruleId}`, text);
  }

  /** The suppressions recorded on a block (the last reason wins per rule). */
  public static suppressionsOf(construct: IConstruct): PolicySuppression[] {
    const byRule = new Map<string, string>();
    for (const m of construct.node.metadata) {
      if (m.type === SUPPRESSION_METADATA) byRule.set((m.data as PolicySuppression).ruleId, (m.data as PolicySuppression).reason);
    }
    return [...byRule].map(([ruleId, reason]) => ({ ruleId, reason }));
  }

  /**
   * Runs the rules over every Terraform block under `scope` and returns every finding
   * (violations, warnings and suppressed ones), without throwing or printing.
   */
  public static evaluate(scope: IConstruct, rules: readonly PolicyRule[] = BUILT_IN_RULES, resolved?: Json): PolicyFinding[] {
    const { stacks, narrowed } = stacksUnder(scope);
    const prefix = `${scope.node.path}/`;
    const inScope = (s: PolicySubject) => !narrowed || s.path === scope.node.path || s.path.startsWith(prefix);
    const findings: PolicyFinding[] = [];
    for (const stack of stacks) {
      const view = new StackView(stack, stack === scope ? resolved : undefined);
      const byType = new Map<string, PolicyRule[]>();
      for (const r of rules) for (const t of r.resourceTypes) byType.set(t, [...(byType.get(t) ?? []), r]);
      for (const subject of view.subjects) {
        if (!inScope(subject)) continue;
        const suppressed = new Map(LangSmithPolicy.suppressionsOf(subject.construct).map((s) => [s.ruleId, s.reason]));
        for (const r of byType.get(subject.type) ?? []) {
          // A data source reads what another configuration manages (an existing cluster, a VPC):
          // the built-in rules judge what this one creates. (Rules of your own see data sources too.)
          if (subject.kind === 'data' && BUILT_IN_RULE_SET.has(r)) continue;
          let result: PolicyCheckResult;
          try {
            result = r.check(subject, view);
          } catch (e) {
            result = { reason: `the rule could not read the configuration (${(e as Error).message}); check this block by hand`, level: PolicyLevel.WARNING };
          }
          if (result === undefined) continue;
          const reason = typeof result === 'string' ? result : result.reason;
          const level = typeof result === 'string' ? r.level : result.level;
          findings.push({ ruleId: r.id, level, path: subject.path, address: subject.address, reason, requirement: r.description, scanners: r.scanners, suppressedBecause: suppressed.get(r.id) });
        }
      }
    }
    return findings;
  }

  private readonly rules: readonly PolicyRule[];
  private readonly reporter: (line: string) => void;
  private readonly warningsAsErrors: boolean;
  private root?: IConstruct;
  /** Stacks whose toTerraform this policy already wraps. */
  private readonly wrapped = new WeakSet<TerraformStack>();

  constructor(props: LangSmithPolicyProps = {}) {
    this.rules = [...(props.rules ?? BUILT_IN_RULES), ...(props.additionalRules ?? [])];
    const ids = new Set<string>();
    for (const r of this.rules) {
      if (ids.has(r.id)) throw new ConfigurationError('LangSmithPolicy', 'rules', r.id, 'allowed: unique rule ids');
      ids.add(r.id);
    }
    this.reporter = props.reporter ?? defaultReporter;
    this.warningsAsErrors = props.warningsAsErrors ?? false;
  }

  public visit(node: IConstruct): void {
    // The first node of each aspect run is the scope the aspect was added to: check its whole
    // subtree once, then skip its descendants. A later synth visits the scope again.
    if (this.root && node !== this.root && node.node.path.startsWith(`${this.root.node.path}/`) && node.node.root === this.root.node.root) return;
    this.root = node;
    if (TerraformStack.isStack(node)) this.checkWhenSynthesized(node);
    else this.check(node);
  }

  /**
   * A stack is checked on the JSON its synth produces: the stack's `toTerraform()` (which
   * synth calls once, after every aspect ran) is wrapped so the rules read its resolved output.
   * Nothing is resolved a second time, and a violation still fails synth before anything is
   * written.
   */
  private checkWhenSynthesized(stack: TerraformStack): void {
    if (this.wrapped.has(stack)) return;
    this.wrapped.add(stack);
    const original = stack.toTerraform;
    const policy = this;
    stack.toTerraform = function toTerraformChecked(this: TerraformStack): any {
      const tf = original.call(this);
      policy.check(stack, tf);
      return tf;
    };
  }

  private check(scope: IConstruct, resolved?: Json): void {
    const findings = LangSmithPolicy.evaluate(scope, this.rules, resolved);
    const where = scope.node.path || 'app';
    for (const f of findings) {
      if (f.suppressedBecause !== undefined) this.reporter(`policy ${where}: ${formatFinding(f)}`);
      else if (f.level === PolicyLevel.WARNING && !this.warningsAsErrors) this.reporter(`policy ${where}: ${formatFinding(f)}`);
    }
    this.reportUnusedSuppressions(scope, findings, where);
    const violations = findings.filter((f) => f.suppressedBecause === undefined && (f.level === PolicyLevel.ERROR || this.warningsAsErrors));
    if (violations.length) throw new PolicyViolationError(where, violations);
  }

  private reportUnusedSuppressions(scope: IConstruct, findings: PolicyFinding[], where: string): void {
    const used = new Set(findings.filter((f) => f.suppressedBecause !== undefined).map((f) => `${f.path}|${f.ruleId}`));
    for (const c of scope.node.findAll()) {
      for (const s of LangSmithPolicy.suppressionsOf(c)) {
        if (!used.has(`${c.node.path}|${s.ruleId}`)) this.reporter(`policy ${where}: [${s.ruleId}] unused suppression on ${c.node.path}: the rule finds nothing there; remove the suppression`);
      }
    }
  }
}

/** The stacks to check: the scope's own stack (narrowed to the scope's subtree) or every stack under it. */
function stacksUnder(scope: IConstruct): { stacks: TerraformStack[]; narrowed: boolean } {
  if (TerraformStack.isStack(scope)) return { stacks: [scope], narrowed: false };
  for (let c = scope.node.scope; c; c = c.node.scope) {
    if (TerraformStack.isStack(c)) return { stacks: [c], narrowed: true };
  }
  return { stacks: scope.node.findAll().filter((x): x is TerraformStack => TerraformStack.isStack(x)), narrowed: false };
}
