import { Aspects, IAspect, TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';
import { resolve } from 'cdktf/lib/_tokens';
import { deepMerge } from 'cdktf/lib/util';
import { IConstruct } from 'constructs';

/**
 * Marks an aspect that only reads the construct tree (a policy check, a report): it does
 * not change any Terraform element's configuration. {@link ResolveOnceStack} keeps its single
 * resolve only when every aspect that applies to the stack carries this mark.
 */
export const READ_ONLY_ASPECT = Symbol.for('cdktf-langsmith.read-only-aspect');

/** True when `aspect` declared itself read-only with {@link READ_ONLY_ASPECT}. */
export function isReadOnlyAspect(aspect: IAspect): boolean {
  return (aspect as unknown as Record<symbol, unknown>)[READ_ONLY_ASPECT] === true;
}

/** The internals of TerraformStack this class reads (present in cdktf 0.21; checked at run time). */
interface StackInternals {
  readonly rawOverrides?: Record<string, unknown>;
  readonly cdktfVersion?: string;
}

/**
 * A `TerraformStack` whose synth resolves every element once instead of twice.
 *
 * cdktf's `App.synth()` first "prepares" every stack (it resolves each element's
 * configuration, which is how cross-stack references are found and wired), then
 * synthesizes each stack, which resolves every element again, merges the fragments and
 * resolves the merged document a third time. For a stack of real resources that resolve is
 * most of synth. This stack keeps what the prepare pass resolved and reuses it:
 *
 * - An element resolved by the prepare pass is not resolved again. Resolving with and without
 *   `preparing` gives the same result: the only difference is that a cross-stack reference is
 *   registered (and already points at the remote state) during preparation.
 * - Elements added after this stack was prepared (outputs that a later stack's cross-stack
 *   reference adds, remote-state data sources) are resolved as cdktf resolves them.
 * - The merged document is not resolved again: its fragments are already resolved. Only
 *   the parts that stack overrides (`addOverride`) touch are resolved, as cdktf would.
 *
 * It falls back to cdktf's own behaviour, unchanged, when any aspect applying to the stack
 * is not marked read-only ({@link READ_ONLY_ASPECT}; aspects run between prepare and
 * synth and may change elements), when it is synthesized without being prepared first
 * (`Testing.synth`), for a second synth, and when cdktf's internals are not what this
 * class expects. The output is the same JSON, byte for byte: a test synthesizes every demo
 * deployment both ways and compares.
 *
 * It reads cdktf 0.21 internals (`lib/_tokens` resolve, `lib/util` deepMerge, the stack's
 * raw overrides and version); a cdktf that changes them either fails the byte-for-byte test
 * or, where the fields are missing, makes this class fall back. `LANGSMITH_RESOLVE_ONCE=off`
 * turns it off for the whole process.
 */
export class ResolveOnceStack extends TerraformStack {
  /** The prepare pass's resolved configuration of each element, consumed by one `toTerraform()`. */
  private prepared?: Map<TerraformElement, unknown>;

  /** True when this stack may reuse its prepare pass (see the class documentation). */
  private canResolveOnce(): boolean {
    if (process.env.LANGSMITH_RESOLVE_ONCE === 'off') return false;
    const internals = this as unknown as StackInternals;
    if (typeof internals.rawOverrides !== 'object' || internals.rawOverrides === null || typeof internals.cdktfVersion !== 'string') return false;
    for (let c: IConstruct | undefined = this; c; c = c.node.scope) {
      if (!Aspects.of(c).all.every(isReadOnlyAspect)) return false;
    }
    for (const c of this.node.findAll()) {
      if (c !== this && !Aspects.of(c).all.every(isReadOnlyAspect)) return false;
    }
    return true;
  }

  public prepareStack(): void {
    if (!this.canResolveOnce()) {
      this.prepared = undefined;
      super.prepareStack();
      return;
    }
    this.ensureBackendExists();
    const prepared = new Map<TerraformElement, unknown>();
    for (const e of elementsOf(this)) prepared.set(e, resolve(this, e.toTerraform(), true));
    this.prepared = prepared;
  }

  public toTerraform(): any {
    const prepared = this.prepared;
    this.prepared = undefined;
    if (!prepared) return super.toTerraform();
    const { rawOverrides, cdktfVersion } = this as unknown as Required<StackInternals>;
    const tf: Record<string, any> = {};
    const metadata: Record<string, unknown> = {
      version: cdktfVersion,
      stackName: this.node.id,
      backend: 'local',
      cloud: undefined,
      ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
    };
    const elements = elementsOf(this);
    for (const e of elements) deepMerge(metadata, resolve(this, e.toMetadata()));
    const outputs: Record<string, unknown> = {};
    for (const item of elements) {
      if (!TerraformOutput.isTerraformOutput(item)) continue;
      deepMerge(outputs, item.node.path.split('/').reduceRight<Record<string, unknown>>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: item.friendlyUniqueId } : { [part]: inner }), {}));
    }
    tf['//'] = { metadata, outputs };
    for (const e of elements) deepMerge(tf, prepared.has(e) ? prepared.get(e) : resolve(this, e.toTerraform()));
    deepMerge(tf, rawOverrides);
    // What cdktf's final resolve changes: the "//" block and the overridden parts. Everything
    // else is already resolved, and resolving resolved JSON returns it unchanged.
    const result: Record<string, any> = {};
    for (const key of Object.keys(tf)) {
      const value = key === '//' || key in rawOverrides ? resolve(this, tf[key]) : tf[key];
      if (value !== undefined) result[key] = value;
    }
    return result;
  }
}

/** The Terraform elements of a stack, in cdktf's order (not descending into nested stacks). */
function elementsOf(stack: TerraformStack): TerraformElement[] {
  const into: TerraformElement[] = [];
  const visit = (node: IConstruct) => {
    if (TerraformElement.isTerraformElement(node)) into.push(node);
    for (const child of node.node.children) if (!TerraformStack.isStack(child)) visit(child);
  };
  visit(stack);
  return into;
}
