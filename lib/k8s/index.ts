/**
 * `cdktf-langsmith/k8s`: the Kubernetes layer: the LangSmith and agent-server Helm releases,
 * their values builders, the providers for a cluster and the cluster add-ons. Needs the helm,
 * kubernetes and random provider bindings; loads no cloud provider.
 */

export { LANGCHAIN_HELM_REPOSITORY, LANGSMITH_CHART_VERSION, LangSmithRelease } from './langsmith-release';
export type { LangSmithAuth, LangSmithReleaseProps } from './langsmith-release';
export { buildLangSmithValues, valuePaths } from './langsmith-values';
export type { AuthSettings, BasicAuthSettings, DeploymentsSettings, ExposureSettings, ImageSettings, LangSmithValuesOptions, OAuthSettings, TelemetrySettings } from './langsmith-values';
export { AgentServerRelease, LANGGRAPH_CLOUD_CHART_VERSION } from './agent-server-release';
export type { AgentServerReleaseProps } from './agent-server-release';
export { buildAgentServerValues, splitImage } from './agent-server-values';
export type { AgentServerValuesOptions } from './agent-server-values';
export { ClusterProviders } from './cluster-providers';
export type { ClusterProvidersProps } from './cluster-providers';
export { ClusterAddOns } from './cluster-add-ons';
export { LangSmithOnFoundation } from './langsmith-on-foundation';
export { LangSmithOnFoundationStack } from './langsmith-on-foundation-stack';
export type { LangSmithOnFoundationStackProps } from './langsmith-on-foundation-stack';
export type { LangSmithOnFoundationProps } from './langsmith-on-foundation';
export type { ClusterAddOnsProps } from './cluster-add-ons';
export { HelmAddOn } from './helm-add-on';
export type { HelmAddOnProps } from './helm-add-on';
export { KEDA_CHART, Keda } from './keda';
export { StorageClasses } from './storage-classes';
export type { StorageClassesProps } from './storage-classes';
export type { KedaProps } from './keda';
export { clickhouseSecretData, postgresUrl, redisUrl } from './connection-secrets';
