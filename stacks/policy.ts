import { Aspects, TerraformStack } from 'cdktf';
import { LangSmithPolicy } from '../lib/core/policy';

/**
 * Applies the library's security policy aspect to a stack (see lib/core/policy). Every
 * stack of the app goes through here: a violation fails synth with the rule id, the resource
 * path and the reason; warnings and suppressions are printed.
 */
export function applyPolicy(stack: TerraformStack): void {
  if (Aspects.of(stack).all.some((a) => a instanceof LangSmithPolicy)) return;
  Aspects.of(stack).add(new LangSmithPolicy());
}
