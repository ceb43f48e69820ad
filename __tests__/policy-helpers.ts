import { TerraformStack, Testing } from 'cdktf';
import { LangSmithPolicy, PolicyFinding } from '../lib/core/policy';

/** Overrides of a rule test's compliant baseline: a props patch per component, or false to leave it out. */
export type Opts = Partial<Record<string, Record<string, any> | false>>;

/** Deep-merges a props patch (arrays replace; undefined deletes a key). */
export function merge(base: any, over: any): any {
  if (over === undefined) return base;
  if (!over || typeof over !== 'object' || Array.isArray(over) || !base || typeof base !== 'object' || Array.isArray(base)) return over;
  const out: any = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete out[k];
    else out[k] = merge(base[k], v);
  }
  return out;
}

/** Every finding of the built-in rules on a stack built by `build`. */
export function findings(build: (stack: TerraformStack) => void): PolicyFinding[] {
  const stack = new TerraformStack(Testing.app(), 'test');
  build(stack);
  return LangSmithPolicy.evaluate(stack);
}

/** The findings of one rule. */
export const of = (fs: PolicyFinding[], id: string): PolicyFinding[] => fs.filter((f) => f.ruleId === id);
