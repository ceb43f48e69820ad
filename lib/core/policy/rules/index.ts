import { PolicyRule } from '../rule';
import { AWS_RULES } from './aws';
import { AZURE_RULES } from './azure';
import { GCP_RULES } from './gcp';
import { KUBERNETES_RULES } from './kubernetes';
import { TERRAFORM_RULES } from './terraform';

export { AWS_RULES } from './aws';
export { AZURE_RULES } from './azure';
export { GCP_RULES } from './gcp';
export { KUBERNETES_RULES, NON_SECRET_SECRET_KEYS, literalSecretPaths } from './kubernetes';
export { TERRAFORM_RULES, STATEFUL_RESOURCE_TYPES, PRECIOUS_RESOURCE_TYPES, secretSource } from './terraform';

/** Every built-in rule, in rule-table order (lib/core/policy/README.md). */
export const BUILT_IN_RULES: readonly PolicyRule[] = [...AWS_RULES, ...GCP_RULES, ...AZURE_RULES, ...KUBERNETES_RULES, ...TERRAFORM_RULES];

/** The rule table of lib/core/policy/README.md, as markdown (a test keeps the README in sync). */
export function ruleTableMarkdown(rules: readonly PolicyRule[] = BUILT_IN_RULES): string {
  const rows = rules.map((r) => `| ${r.id} | ${r.resourceTypes.map((t) => `\`${t}\``).join(', ')} | ${r.description.replace(/\|/g, '\\|')} | ${r.level} | ${r.scanners.join(', ') || '-'} |`);
  return ['| Rule | Resource types | Requires | Level | checkov / trivy / cdk-nag |', '|---|---|---|---|---|', ...rows].join('\n');
}
