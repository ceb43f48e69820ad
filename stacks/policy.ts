import { TerraformStack } from 'cdktf';

/**
 * Applies the library's security policy aspect to a stack (see lib/core/policy). Every
 * stack of the app goes through here.
 */
export function applyPolicy(_stack: TerraformStack): void {
  // Filled in by the policy aspect (issue 8).
}
