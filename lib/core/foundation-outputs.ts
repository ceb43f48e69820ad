import { TerraformOutput, TerraformOutputConfig } from 'cdktf';
import { Construct } from 'constructs';
import { Foundation } from './contracts';
import { ConfigurationError } from './errors';

/**
 * The outputs every cloud's infrastructure stack writes from its {@link Foundation}. Their names are
 * a public interface: the README, the deploy summary and users' scripts (`terraform output`) read them.
 */
export const FOUNDATION_OUTPUT_NAMES = [
  'egress_ips', 'cluster_name', 'kubeconfig_command', 'bucket', 'postgres_host', 'redis_host',
  'clickhouse_private_endpoint_id', 'clickhouse_private_dns_zone',
] as const;

/** One of {@link FOUNDATION_OUTPUT_NAMES}. */
export type FoundationOutputName = typeof FOUNDATION_OUTPUT_NAMES[number];

/** The private endpoint to ClickHouse a foundation created (not part of the contract: the Kubernetes layer needs only the host). */
export interface ClickHousePrivateEndpointOutputs {
  /** Id of the endpoint, for LangChain to allow-list (VPC endpoint id, PSC connection id, private endpoint id). */
  readonly endpointId: string;
  /** The private DNS zone resolving the ClickHouse host to the endpoint. */
  readonly dnsZoneName: string;
}

/** Options of {@link addFoundationOutputs}. */
export interface FoundationOutputsOptions {
  /** Descriptions of the common outputs in the cloud's words (which NAT, which database). @default - generic descriptions */
  readonly descriptions?: { readonly [K in FoundationOutputName]?: string };
  /** The private endpoint to ClickHouse, when the foundation created one. @default - no ClickHouse outputs */
  readonly clickhousePrivateEndpoint?: ClickHousePrivateEndpointOutputs;
  /** Cloud-specific outputs by name (an undefined entry is skipped); a common name is refused. @default {} */
  readonly extras?: Record<string, TerraformOutputConfig | undefined>;
}

const GENERIC_DESCRIPTIONS: Record<FoundationOutputName, string> = {
  egress_ips: 'Static egress IPs: allow-list them at https://beacon.langchain.com and in the ClickHouse Cloud IP access list.',
  cluster_name: 'Kubernetes cluster name.',
  kubeconfig_command: 'Writes a kubeconfig entry for the cluster.',
  bucket: 'Object storage of LangSmith trace payloads.',
  postgres_host: 'Host of the managed PostgreSQL (private).',
  redis_host: 'Host of the managed Redis (private, TLS).',
  clickhouse_private_endpoint_id: 'Private endpoint id: send it to LangChain to allow-list it on the ClickHouse Cloud service.',
  clickhouse_private_dns_zone: 'Private DNS zone resolving the ClickHouse host to the endpoint.',
};

/**
 * Writes the common outputs of an infrastructure stack from the foundation's contract, each only
 * when the contract has its value: `egress_ips` (static egress IPs), `cluster_name`,
 * `kubeconfig_command`, `bucket` (`<account>/<container>` on Azure), `postgres_host`, `redis_host`,
 * and `clickhouse_private_endpoint_id` / `clickhouse_private_dns_zone` when a private endpoint is
 * given; then the cloud's `extras`. Outputs are created directly in `scope` (a stack), so their
 * names are exactly these. Returns them by name.
 */
export function addFoundationOutputs(scope: Construct, foundation: Foundation, options: FoundationOutputsOptions = {}): Record<string, TerraformOutput> {
  const describe = (name: FoundationOutputName): string => options.descriptions?.[name] ?? GENERIC_DESCRIPTIONS[name];
  const values: { [K in FoundationOutputName]?: unknown } = {};
  if (foundation.egress) values.egress_ips = foundation.egress.addresses;
  values.cluster_name = foundation.cluster.clusterName;
  if (foundation.cluster.kubeconfigCommand !== undefined) values.kubeconfig_command = foundation.cluster.kubeconfigCommand;
  const blob = foundation.blobStorage;
  if (blob) values.bucket = blob.engine === 'Azure' ? `${blob.azureStorageAccountName}/${blob.bucketName}` : blob.bucketName;
  if (foundation.postgres) values.postgres_host = foundation.postgres.host;
  if (foundation.redis) values.redis_host = foundation.redis.host;
  if (options.clickhousePrivateEndpoint) {
    values.clickhouse_private_endpoint_id = options.clickhousePrivateEndpoint.endpointId;
    values.clickhouse_private_dns_zone = options.clickhousePrivateEndpoint.dnsZoneName;
  }
  const outputs: Record<string, TerraformOutput> = {};
  for (const name of FOUNDATION_OUTPUT_NAMES) {
    if (name in values) outputs[name] = new TerraformOutput(scope, name, { value: values[name], description: describe(name) });
  }
  for (const [name, config] of Object.entries(options.extras ?? {})) {
    if (!config) continue;
    if ((FOUNDATION_OUTPUT_NAMES as readonly string[]).includes(name)) {
      throw ConfigurationError.forConstruct(scope, `extras.${name}`, name, `a common output, written from the foundation's contract; allowed: a name other than ${FOUNDATION_OUTPUT_NAMES.join(', ')}`);
    }
    outputs[name] = new TerraformOutput(scope, name, config);
  }
  return outputs;
}
