/**
 * The security policy: a cdktf Aspect with rules per Terraform resource type, in the style of
 * cdk-nag. See README.md beside this file for the rule table.
 */
export * from './rule';
export * from './langsmith-policy';
export { StackView } from './stack-view';
export * from './rules';
export { isComputed, isSecretKey, isHarmlessLiteral, isWholeInternet, refersTo, DATA_PORTS } from './values';
