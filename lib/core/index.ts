/**
 * `cdktf-langsmith/core`: the cloud-neutral contracts (what a foundation provides to the
 * Kubernetes layer), the size presets, the error every construct throws, and the security policy.
 * Loads no provider bindings.
 */

// contracts: what a cloud foundation (or an existing cluster) hands to the Kubernetes layer
export type { BlobStorage, BlobStorageEngine, ClickHouseConnection, ClusterAccess, ClusterAddOn, EgressAddresses, ExecCredential, Foundation, IngressBackend, PostgresConnection, RedisConnection, StorageClassSpec } from './contracts';

// what every cloud foundation shares: its common props and the outputs of its stack
export { DEFAULT_FOUNDATION_SIZE } from './foundation-props';
export type { ClickHouseConnectivity, FoundationClickHouseSettings, FoundationCommonProps, FoundationExistingClusterProps } from './foundation-props';
export { FOUNDATION_OUTPUT_NAMES, addFoundationOutputs } from './foundation-outputs';
export type { ClickHousePrivateEndpointOutputs, FoundationOutputName, FoundationOutputsOptions } from './foundation-outputs';

// errors
export { ConfigurationError } from './errors';

// naming and size presets
export { BLOB_STORAGE_COMPONENTS, DEFAULT_NAMESPACE, DEFAULT_RELEASE_NAME, blobServiceAccountNames, blobServiceAccountSubjects } from './naming';
export type { BlobStorageComponent } from './naming';
export { SIZE_NAMES, SIZE_PRESETS, STANDALONE_CACHE_GIB, cacheFor, clusterNodePool, sizePreset } from './sizing';
export type { ClusterWorkload, ComponentSize, LangSmithComponent, NodePoolScaling, ResourceQuantities, SizeName, SizePreset, StoreSize } from './sizing';

// the security policy (an Aspect), its built-in rule sets and what a custom rule needs
export { LangSmithPolicy, MIN_SUPPRESSION_REASON, PolicyViolationError, SUPPRESSION_METADATA, formatFinding } from './policy/langsmith-policy';
export type { LangSmithPolicyProps, PolicySuppression } from './policy/langsmith-policy';
export { PolicyLevel, rule } from './policy/rule';
export type { PolicyCheckResult, PolicyContext, PolicyFinding, PolicyRule, PolicySubject } from './policy/rule';
export { AWS_RULES, AZURE_RULES, BUILT_IN_RULES, GCP_RULES, KUBERNETES_RULES, TERRAFORM_RULES } from './policy/rules';
