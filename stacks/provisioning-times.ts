/**
 * Typical create times per Terraform resource type, for the deploy critical path
 * (stacks/critical-path.ts, issue 10).
 *
 * What a number is: the wall time of a first `terraform apply` creating one such resource,
 * median-ish, in a healthy region, with the settings this project uses (private clusters,
 * HA data stores where the size asks for them). Real deploys vary by 2x; the numbers are for
 * comparing dependency chains, not for promising a deadline.
 *
 * Where a number comes from, in `source`: today every row is an estimate (`estimate: true`),
 * from experience of deploying these resources, bounded where it matters by the provider's
 * default create timeout (an upper bound the provider authors chose) and, where one exists,
 * a linked public measurement. No public source this project
 * found gives provisioning times. Replace a row with a measured number (and `estimate: false`) when a
 * real deploy log is available: `cdktf deploy` prints each resource's "Creation complete
 * after Xm Ys".
 */

/** One row of the table. */
export interface ProvisioningTime {
  /** Typical seconds to create. */
  readonly seconds: number;
  /** Where the number comes from. */
  readonly source: string;
  /** True when the number is our estimate rather than a documented or published measurement. */
  readonly estimate: boolean;
}

/**
 * Steps of the longest unavoidable chain of a deploy: network, cluster, node group, release;
 * or network, data store, release where a managed database the release needs takes longer
 * than the cluster (Azure Postgres Flexible Server).
 */
export type ChainCategory = 'network' | 'cluster' | 'datastore' | 'node-group' | 'release';

/** The order of {@link ChainCategory} in a deploy. */
export const CHAIN_ORDER: readonly ChainCategory[] = ['network', 'cluster', 'datastore', 'node-group', 'release'];

const est = (seconds: number, source: string): ProvisioningTime => ({ seconds, source, estimate: true });

/** Resource types that take no cloud time worth counting (state-only, or one quick API call). */
const QUICK = 2;

/**
 * Typical create seconds by resource type. Every resource type a demo deployment synthesizes
 * has a row, quick ones at `QUICK` (__tests__/critical-path.test.ts fails on a type without
 * one); a type not listed would get {@link DEFAULT_RESOURCE_SECONDS}. Data sources get
 * {@link DEFAULT_DATA_SOURCE_SECONDS}.
 */
export const PROVISIONING_TIMES: Readonly<Record<string, ProvisioningTime>> = {
  // ---- AWS ----
  aws_vpc: est(5, 'estimate: one EC2 API call, available within seconds'),
  aws_subnet: est(5, 'estimate: one EC2 API call'),
  aws_internet_gateway: est(5, 'estimate: create + attach'),
  aws_route_table: est(3, 'estimate'),
  aws_route: est(3, 'estimate'),
  aws_route_table_association: est(2, 'estimate'),
  aws_eip: est(3, 'estimate'),
  aws_nat_gateway: est(120, 'estimate: typically 1-2 min until "available"; provider create timeout 10m'),
  aws_security_group: est(5, 'estimate'),
  aws_default_security_group: est(5, 'estimate: adopts the VPC\'s default group and strips its rules, a few EC2 calls'),
  aws_vpc_security_group_ingress_rule: est(QUICK, 'estimate: one EC2 call'),
  aws_vpc_endpoint: est(90, 'estimate: interface endpoints 1-2 min; provider create timeout 10m'),
  aws_flow_log: est(5, 'estimate'),
  aws_kms_key: est(5, 'estimate'),
  aws_kms_alias: est(2, 'estimate'),
  aws_iam_role: est(3, 'estimate: IAM is eventually consistent; the provider retries for a few seconds'),
  aws_iam_policy: est(3, 'estimate'),
  aws_iam_role_policy: est(3, 'estimate'),
  aws_iam_role_policy_attachment: est(3, 'estimate'),
  aws_iam_openid_connect_provider: est(3, 'estimate'),
  aws_cloudwatch_log_group: est(2, 'estimate'),
  aws_eks_cluster: est(600, 'estimate: control plane ~10 min; https://github.com/aws/containers-roadmap/issues/1227 reported a 15 min average before later reductions; provider create timeout 30m'),
  aws_eks_node_group: est(240, 'estimate: 3-5 min for instances to join; provider create timeout 60m'),
  aws_eks_addon: est(60, 'estimate: ~1 min (coredns/ebs-csi wait for nodes); provider create timeout 20m'),
  aws_eks_access_entry: est(5, 'estimate'),
  aws_eks_access_policy_association: est(5, 'estimate'),
  aws_eks_pod_identity_association: est(5, 'estimate'),
  aws_launch_template: est(3, 'estimate'),
  aws_db_subnet_group: est(3, 'estimate'),
  aws_db_parameter_group: est(5, 'estimate'),
  aws_db_instance: est(600, 'estimate: 8-15 min (Multi-AZ at the upper end); provider create timeout 40m'),
  aws_elasticache_subnet_group: est(3, 'estimate'),
  aws_elasticache_parameter_group: est(5, 'estimate'),
  aws_elasticache_replication_group: est(600, 'estimate: 8-15 min with Multi-AZ; provider create timeout 60m'),
  aws_s3_bucket: est(3, 'estimate'),
  aws_s3_bucket_public_access_block: est(2, 'estimate'),
  aws_s3_bucket_server_side_encryption_configuration: est(2, 'estimate'),
  aws_s3_bucket_versioning: est(2, 'estimate'),
  aws_s3_bucket_policy: est(2, 'estimate'),
  aws_s3_bucket_ownership_controls: est(2, 'estimate'),
  aws_s3_bucket_lifecycle_configuration: est(3, 'estimate'),
  aws_route53_zone: est(40, 'estimate: private hosted zone association ~30-60 s'),
  aws_route53_record: est(40, 'estimate: waits for INSYNC, typically < 60 s'),

  // ---- Google Cloud ----
  google_project_service: est(30, 'estimate: enabling an API takes seconds to ~1 min; provider create timeout 20m'),
  google_compute_network: est(20, 'estimate: global operation ~10-30 s'),
  google_compute_subnetwork: est(15, 'estimate'),
  google_compute_router: est(10, 'estimate'),
  google_compute_router_nat: est(20, 'estimate'),
  google_compute_address: est(5, 'estimate'),
  google_compute_global_address: est(10, 'estimate'),
  google_compute_firewall: est(10, 'estimate'),
  google_compute_forwarding_rule: est(20, 'estimate'),
  // Created at once; Google provisions the certificate later (up to ~60 min, after DNS points at the
  // load balancer), which terraform does not wait for: the apply is not held up.
  google_compute_managed_ssl_certificate: est(15, 'estimate: one global operation; provisioning after create is asynchronous'),
  google_service_networking_connection: est(60, 'estimate: private services access peering ~1 min; provider create timeout 10m'),
  google_container_cluster: est(480, 'estimate: regional GKE control plane 5-10 min; provider create timeout 40m'),
  google_container_node_pool: est(240, 'estimate: 3-5 min for nodes to be ready; provider create timeout 30m'),
  google_sql_database_instance: est(600, 'estimate: Cloud SQL 5-15 min (HA/private IP at the upper end); provider create timeout 90m'),
  google_sql_database: est(10, 'estimate'),
  google_sql_user: est(10, 'estimate'),
  google_redis_instance: est(360, 'estimate: Memorystore 5-7 min (Standard tier longer); provider create timeout 20m'),
  google_storage_bucket: est(3, 'estimate'),
  google_storage_bucket_iam_member: est(5, 'estimate'),
  google_service_account: est(5, 'estimate'),
  google_service_account_iam_member: est(5, 'estimate'),
  google_project_iam_member: est(10, 'estimate: project IAM policy read-modify-write'),
  google_kms_key_ring: est(3, 'estimate'),
  google_kms_crypto_key: est(3, 'estimate'),
  google_kms_crypto_key_iam_member: est(5, 'estimate'),
  google_artifact_registry_repository_iam_member: est(5, 'estimate: repository IAM policy read-modify-write'),
  google_project_service_identity: est(5, 'estimate'),
  google_dns_managed_zone: est(5, 'estimate'),
  google_dns_record_set: est(5, 'estimate'),

  // ---- Azure ----
  azurerm_resource_group: est(3, 'estimate'),
  azurerm_virtual_network: est(10, 'estimate'),
  azurerm_subnet: est(10, 'estimate'),
  azurerm_network_security_group: est(5, 'estimate'),
  azurerm_network_security_rule: est(10, 'estimate: one ARM PUT; provider create timeout 30m'),
  azurerm_management_lock: est(5, 'estimate: one ARM PUT'),
  azurerm_subnet_network_security_group_association: est(10, 'estimate'),
  azurerm_public_ip: est(5, 'estimate'),
  azurerm_nat_gateway: est(15, 'estimate'),
  azurerm_nat_gateway_public_ip_association: est(10, 'estimate'),
  azurerm_subnet_nat_gateway_association: est(10, 'estimate'),
  azurerm_user_assigned_identity: est(5, 'estimate'),
  azurerm_federated_identity_credential: est(5, 'estimate'),
  azurerm_role_assignment: est(25, 'estimate: role assignments propagate in ~20-30 s'),
  azurerm_log_analytics_workspace: est(30, 'estimate'),
  azurerm_monitor_diagnostic_setting: est(10, 'estimate'),
  azurerm_monitor_data_collection_rule: est(10, 'estimate: one ARM PUT; provider create timeout 30m'),
  azurerm_monitor_data_collection_rule_association: est(10, 'estimate: one ARM PUT; provider create timeout 30m'),
  azurerm_key_vault: est(60, 'estimate: ~1 min'),
  azurerm_key_vault_key: est(5, 'estimate'),
  azurerm_kubernetes_cluster: est(480, 'estimate: AKS 5-10 min including the system node pool; provider create timeout 90m'),
  azurerm_kubernetes_cluster_node_pool: est(240, 'estimate: 3-5 min; provider create timeout 60m'),
  azurerm_postgresql_flexible_server: est(600, 'estimate: 5-15 min (zone-redundant HA at the upper end); provider create timeout 60m'),
  azurerm_postgresql_flexible_server_database: est(15, 'estimate'),
  azurerm_postgresql_flexible_server_configuration: est(20, 'estimate'),
  // Azure Managed Redis (Microsoft.Cache/redisEnterprise, what lib/azure creates; azurerm_redis_cache,
  // the older Azure Cache for Redis, is not created by this project and has no row).
  azurerm_managed_redis: est(900, 'estimate: Managed Redis (Redis Enterprise cluster + database) ~10-20 min, HA at the upper end; '
    + 'provider create timeout 45m (terraform-provider-azurerm internal/services/managedredis/managed_redis_resource.go, Create Timeout: 45 * time.Minute)'),
  azurerm_storage_account: est(25, 'estimate'),
  azurerm_storage_container: est(3, 'estimate'),
  azurerm_storage_management_policy: est(5, 'estimate'),
  azurerm_private_endpoint: est(60, 'estimate: ~1 min'),
  azurerm_private_dns_zone: est(30, 'estimate'),
  azurerm_private_dns_zone_virtual_network_link: est(40, 'estimate'),
  azurerm_private_dns_a_record: est(5, 'estimate'),

  // ---- Kubernetes layer ----
  helm_release: est(120, 'estimate for a chart not in HELM_CHART_TIMES: ~2 min with wait; helm provider timeout 300 s by default'),
  kubernetes_namespace_v1: est(QUICK, 'estimate'),
  kubernetes_namespace: est(QUICK, 'estimate'),
  kubernetes_secret_v1: est(QUICK, 'estimate'),
  kubernetes_secret: est(QUICK, 'estimate'),
  kubernetes_config_map_v1: est(QUICK, 'estimate'),
  kubernetes_service_account_v1: est(QUICK, 'estimate'),
  kubernetes_storage_class_v1: est(QUICK, 'estimate'),
  kubernetes_manifest: est(5, 'estimate'),
  kubernetes_pod_disruption_budget_v1: est(QUICK, 'estimate'),
  kubernetes_deployment_v1: est(90, 'estimate: waits for rollout'),

  // ---- State-only ----
  random_password: est(0, 'state only'),
  random_bytes: est(0, 'state only'),
  random_id: est(0, 'state only'),
  random_string: est(0, 'state only'),
  random_uuid: est(0, 'state only'),
  time_sleep: est(30, 'estimate: whatever its create_duration says'),
  // State only, plus the wait of a `local-exec` provisioner that sleeps (the Azure RBAC
  // propagation waits): provisioningSeconds adds localExecSeconds(body).
  terraform_data: est(0, 'state only, plus the sleep of its local-exec provisioner (localExecSeconds)'),
  null_resource: est(0, 'state only'),
};

/**
 * Typical seconds of a `helm_release` by chart (with `wait`, until its pods are ready), used
 * instead of the `helm_release` row when the chart is listed.
 */
export const HELM_CHART_TIMES: Readonly<Record<string, ProvisioningTime>> = {
  'langsmith': est(300, 'estimate: ~15 pods, image pulls on fresh nodes, database migrations; ~5 min'),
  'langgraph-cloud': est(150, 'estimate: one agent server deployment plus its migrations, ~2-3 min'),
  'langgraph-dataplane': est(120, 'estimate: listener + operator, ~2 min'),
  'keda': est(60, 'estimate: operator + metrics server + webhooks, ~1 min'),
  'aws-load-balancer-controller': est(60, 'estimate: two controller replicas + webhook, ~1 min'),
  'ingress-nginx': est(90, 'estimate: controller + admission webhook job; the cloud load balancer comes up after'),
  'cert-manager': est(60, 'estimate: three deployments + CRDs, ~1 min'),
  'envoy-gateway': est(60, 'estimate'),
  'gateway-helm': est(60, 'estimate: Envoy Gateway chart'),
};

/**
 * Seconds a resource's `local-exec` provisioners wait, read from the synthesized body: a command
 * `setTimeout(..., <ms>)` (a Node.js sleep, `interpreter: ["node", "-e"]`) or `sleep <seconds>`.
 * 0 without such a provisioner. A provisioner whose wait cannot be read counts nothing.
 */
export function localExecSeconds(body: Record<string, any> | undefined): number {
  let total = 0;
  for (const p of (Array.isArray(body?.provisioner) ? body!.provisioner : []) as Record<string, any>[]) {
    const command = p?.['local-exec']?.command;
    if (typeof command !== 'string') continue;
    const node = /setTimeout\([^,]*,\s*(\d+)\s*\)/.exec(command);
    const sleep = /(?:^|[;&|\s])sleep\s+(\d+)\b/.exec(command);
    if (node) total += Number(node[1]) / 1000;
    else if (sleep) total += Number(sleep[1]);
  }
  return total;
}

/** Seconds for a resource type missing from the table (one or two API calls). */
export const DEFAULT_RESOURCE_SECONDS = 10;
/** Seconds for a data source read. */
export const DEFAULT_DATA_SOURCE_SECONDS = 2;

/** Which step of the unavoidable chain a resource type is, if any. */
export const CHAIN_CATEGORIES: Readonly<Record<string, ChainCategory>> = {
  aws_vpc: 'network',
  aws_subnet: 'network',
  google_compute_network: 'network',
  google_compute_subnetwork: 'network',
  azurerm_virtual_network: 'network',
  azurerm_subnet: 'network',
  // The private DNS zone a VNet-integrated Postgres needs, linked before the server is created.
  azurerm_private_dns_zone: 'network',
  azurerm_private_dns_zone_virtual_network_link: 'network',
  aws_eks_cluster: 'cluster',
  google_container_cluster: 'cluster',
  azurerm_kubernetes_cluster: 'cluster',
  aws_eks_node_group: 'node-group',
  google_container_node_pool: 'node-group',
  azurerm_kubernetes_cluster_node_pool: 'node-group',
  aws_db_instance: 'datastore',
  aws_elasticache_replication_group: 'datastore',
  google_sql_database_instance: 'datastore',
  google_redis_instance: 'datastore',
  azurerm_postgresql_flexible_server: 'datastore',
  azurerm_managed_redis: 'datastore',
  helm_release: 'release',
};

/**
 * Typical create seconds of a resource (or, with `kind: 'data'`, of a data source read):
 * for a `helm_release` of a known `chart`, `overrides['helm_release:<chart>']` or
 * {@link HELM_CHART_TIMES}; else `overrides[type]`, {@link PROVISIONING_TIMES}, the defaults;
 * plus, given the resource's synthesized `body`, the sleep of its `local-exec` provisioners.
 */
export function provisioningSeconds(type: string, kind: 'resource' | 'data' = 'resource', overrides?: Readonly<Record<string, number>>, chart?: string, body?: Record<string, any>): number {
  const byChart = type === 'helm_release' && chart ? overrides?.[`helm_release:${chart}`] ?? HELM_CHART_TIMES[chart]?.seconds : undefined;
  if (byChart !== undefined) return byChart;
  const o = overrides?.[type];
  if (o !== undefined) return o;
  if (kind === 'data') return type === 'terraform_remote_state' ? 1 : DEFAULT_DATA_SOURCE_SECONDS;
  return (PROVISIONING_TIMES[type]?.seconds ?? DEFAULT_RESOURCE_SECONDS) + localExecSeconds(body);
}
