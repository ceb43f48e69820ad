/**
 * `cdktf-langsmith/aws`: the AWS foundation (`AwsLangSmithFoundation`) and the constructs it is
 * built from. Loads @cdktf/provider-aws (and helm, kubernetes, random), never Google or Azure bindings.
 */
export { cidrSubnet, planVpc } from './address-plan';
export type { AwsAddressPlan } from './address-plan';
export { AwsClickHousePrivateLink, CLICKHOUSE_PRIVATE_LINK_PORTS, clickHousePrivateHost } from './clickhouse-private-link';
export type { AwsClickHousePrivateLinkProps } from './clickhouse-private-link';
export type { IngressSources } from './common';
export { EBS_DEFAULT_STORAGE_CLASS, EbsCsiDriver, EksCoreAddOns } from './eks-add-ons';
export type { EbsCsiDriverProps, EksCoreAddOnsProps } from './eks-add-ons';
export { DEFAULT_EKS_VERSION, EKS_LOG_TYPES, EksCluster } from './eks-cluster';
export type { EksClusterAttributes, EksClusterProps, IEksCluster } from './eks-cluster';
export { EksNodeGroup } from './eks-node-group';
export type { EksNodeGroupProps } from './eks-node-group';
export { DEFAULT_REDIS_VERSION, ElastiCacheRedis } from './elasticache-redis';
export type { ElastiCacheRedisProps } from './elasticache-redis';
export { AwsLangSmithFoundation } from './foundation';
export type { AwsLangSmithFoundationProps } from './foundation';
export { IrsaRole } from './irsa-role';
export type { IrsaRoleProps } from './irsa-role';
export { LangSmithBucket, TTL_PREFIXES } from './langsmith-bucket';
export type { BucketWorkloadIdentityProps, LangSmithBucketProps } from './langsmith-bucket';
export { ALB_SSL_POLICY, AwsLoadBalancerController, EKS_CHARTS_REPOSITORY, LOAD_BALANCER_CONTROLLER_CHART_VERSION, LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT } from './load-balancer-controller';
export type { AlbIngressOptions, AlbScheme, AwsLoadBalancerControllerProps } from './load-balancer-controller';
export { NatEgress } from './nat-egress';
export type { NatEgressProps } from './nat-egress';
export { AwsNetwork } from './network';
export type { AwsNetworkAttributes, AwsNetworkProps, IAwsNetwork } from './network';
export { DEFAULT_POSTGRES_VERSION, RdsPostgres } from './rds-postgres';
export type { RdsPostgresProps } from './rds-postgres';
export { AWS_REGIONS } from './regions';
export { S3GatewayEndpoint } from './s3-gateway-endpoint';
export type { S3GatewayEndpointProps } from './s3-gateway-endpoint';
export { CACHE_NODE_TYPES, cacheNodeType, nodeInstanceType, rdsInstanceClass } from './sizing';
