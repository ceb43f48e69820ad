/** AWS foundation constructs of cdktf-langsmith. */
export * from './address-plan';
export * from './clickhouse-private-link';
export type { IngressSources } from './common';
export * from './eks-add-ons';
export * from './eks-cluster';
export * from './eks-node-group';
export * from './elasticache-redis';
export * from './foundation';
export * from './irsa-role';
export * from './langsmith-bucket';
export * from './load-balancer-controller';
export * from './nat-egress';
export * from './network';
export * from './rds-postgres';
export * from './regions';
export * from './s3-gateway-endpoint';
export * from './sizing';
