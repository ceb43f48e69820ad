/**
 * cdktf-langsmith: constructs that deploy self-hosted LangSmith with CDK for Terraform.
 *
 * Public API: the cloud-neutral contracts and presets (core), the Kubernetes layer (k8s),
 * and each cloud's foundation constructs. Provider classes stay behind these constructs.
 */

// core: contracts, presets, errors, validation helpers, policy
export * from './core/contracts';
export * from './core/errors';
export * from './core/naming';
export * from './core/sizing';
export * from './core/resolve-once-stack';
export { checkAllowList, checkInteger, checkNoOverlap, checkOneOf, checkPattern, checkPrivateCidr, cidrsOverlap, isPrivateCidr } from './core/validation';

// k8s: the Helm releases and their values builders
export * from './k8s/langsmith-values';
export * from './k8s/langsmith-release';
export * from './k8s/agent-server-values';
export * from './k8s/agent-server-release';
export * from './k8s/helm-add-on';
export * from './k8s/keda';
export * from './k8s/cluster-providers';
export * from './k8s/cluster-add-ons';
export * from './k8s/storage-classes';
export { postgresUrl, redisUrl, clickhouseSecretData } from './k8s/connection-secrets';

// clouds: each cloud's foundation façade and the constructs it is built from
export * from './aws';
export * from './gcp';
export * from './azure';
export * from './core/policy';
