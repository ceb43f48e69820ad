/**
 * One shape for the three cloud foundations: the common props (same size default, one `tags`
 * field mapped to each cloud's tags or labels), the outputs every infra stack derives from the
 * Foundation contract (names users and the deploy summary read), and `fromX(scope, id, attrs)`.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { EksCluster } from '../lib/aws/eks-cluster';
import { AwsLangSmithFoundation } from '../lib/aws/foundation';
import { AwsNetwork } from '../lib/aws/network';
import { nodeInstanceType } from '../lib/aws/sizing';
import { AksCluster } from '../lib/azure/aks-cluster';
import { AzureLangSmithFoundation } from '../lib/azure/foundation';
import { AzureNetwork } from '../lib/azure/network';
import { aksVmSize } from '../lib/azure/sizing';
import { Foundation } from '../lib/core/contracts';
import { addFoundationOutputs, FOUNDATION_OUTPUT_NAMES } from '../lib/core/foundation-outputs';
import { DEFAULT_FOUNDATION_SIZE, resolveFoundationProps } from '../lib/core/foundation-props';
import { clusterNodePool, SIZE_PRESETS } from '../lib/core/sizing';
import { GcpLangSmithFoundation } from '../lib/gcp/foundation';
import { GkeCluster } from '../lib/gcp/gke-cluster';
import { GcpNetwork } from '../lib/gcp/network';
import { nodeMachineType } from '../lib/gcp/sizing';
import { demoOutdir, onlyResource, readManifestStacks, resourcesOf, StackJson } from './helpers';

const synth = (s: TerraformStack): StackJson => JSON.parse(Testing.synth(s));
const TAGS = { Team: 'Platform A', 'cost-center': '42', Name: 'not-the-vpc-name' };

function awsStack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 's');
  new AwsProvider(s, 'aws', { region: 'us-west-2' });
  new RandomProvider(s, 'random', {});
  return s;
}
function gcpStack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 's');
  new GoogleProvider(s, 'google', { project: 'acme-prod-123', region: 'us-east1' });
  new RandomProvider(s, 'random', {});
  return s;
}
function azureStack(): TerraformStack {
  const s = new TerraformStack(new App(), 's');
  new AzurermProvider(s, 'azurerm', { features: [{}] });
  new RandomProvider(s, 'random', {});
  return s;
}

describe('the common props of the three foundations', () => {
  // One synth per cloud, without `size` and with the same `tags`.
  const aws = synth((() => { const s = awsStack(); new AwsLangSmithFoundation(s, 'F', { name: 'acme', region: 'us-west-2', tags: TAGS }); return s; })());
  const gcp = synth((() => { const s = gcpStack(); new GcpLangSmithFoundation(s, 'F', { name: 'acme', project: 'acme-prod-123', region: 'us-east1', enableApis: false, tags: TAGS }); return s; })());
  const azure = synth((() => { const s = azureStack(); new AzureLangSmithFoundation(s, 'F', { name: 'acme', location: 'eastus2', tags: TAGS }); return s; })());

  test(`size is optional everywhere, with the same default (${DEFAULT_FOUNDATION_SIZE}): the nodes each cloud picks for that preset`, () => {
    expect(DEFAULT_FOUNDATION_SIZE).toBe('small');
    // Counts from what runs (clusterNodePool; no workload given: LangSmith with in-cluster ClickHouse); EKS holds the peak, GKE and AKS autoscale.
    const small = clusterNodePool(SIZE_PRESETS.small, {}, { autoscaler: false });
    const smallAutoscaled = clusterNodePool(SIZE_PRESETS.small, {}, { autoscaler: true });
    const ng = onlyResource(aws, 'aws_eks_node_group');
    expect(ng.scaling_config).toMatchObject({ min_size: small.min, max_size: small.max });
    expect(ng.instance_types).toEqual([nodeInstanceType(small)]);
    const pool = onlyResource(gcp, 'google_container_node_pool');
    expect(pool.node_config.machine_type).toBe(nodeMachineType(smallAutoscaled));
    expect(pool.autoscaling).toMatchObject({ total_min_node_count: smallAutoscaled.min, total_max_node_count: smallAutoscaled.max });
    expect(onlyResource(azure, 'azurerm_kubernetes_cluster').default_node_pool).toMatchObject({ vm_size: aksVmSize(smallAutoscaled), min_count: smallAutoscaled.min, max_count: smallAutoscaled.max });
  });

  test('size is checked the same way on every cloud', () => {
    const bad = 'huge' as 'dev';
    expect(() => new AwsLangSmithFoundation(awsStack(), 'F', { name: 'a', region: 'us-west-2', size: bad })).toThrow("s/F: field 'size' has value \"huge\"; allowed: dev | small | medium | large");
    expect(() => new GcpLangSmithFoundation(gcpStack(), 'F', { name: 'a', project: 'acme-prod-123', region: 'us-east1', size: bad })).toThrow("s/F: field 'size' has value \"huge\"; allowed: dev | small | medium | large");
    expect(() => new AzureLangSmithFoundation(azureStack(), 'F', { name: 'a', location: 'eastus2', size: bad })).toThrow("s/F: field 'size' has value \"huge\"; allowed: dev | small | medium | large");
  });

  test('tags: AWS tags every taggable resource (its own Name and discovery tags win; lookups untouched)', () => {
    expect(onlyResource(aws, 'aws_eks_cluster').tags).toMatchObject({ Team: 'Platform A', 'cost-center': '42' });
    expect(onlyResource(aws, 'aws_db_instance').tags).toMatchObject({ Team: 'Platform A' });
    expect(onlyResource(aws, 'aws_vpc').tags).toMatchObject({ Name: 'acme', Team: 'Platform A' });
    const privateSubnets = Object.values(resourcesOf(aws, 'aws_subnet')).filter((x: any) => x.tags['kubernetes.io/role/internal-elb']);
    expect(privateSubnets.length).toBeGreaterThanOrEqual(2);
    for (const d of Object.values((aws.data ?? {}) as Record<string, Record<string, any>>).flatMap((byName) => Object.values(byName))) {
      expect(d.tags).toBeUndefined();
    }
  });

  test('tags: GCP labels after GCP\'s label rules (lowercase keys and values, other characters as _)', () => {
    const labels = { team: 'platform_a', 'cost-center': '42', name: 'not-the-vpc-name' };
    expect(onlyResource(gcp, 'google_container_cluster').resource_labels).toEqual(labels);
    expect(onlyResource(gcp, 'google_sql_database_instance').settings.user_labels).toEqual(labels);
    expect(onlyResource(gcp, 'google_redis_instance').labels).toEqual(labels);
  });

  test('tags: Azure tags as given', () => {
    expect(onlyResource(azure, 'azurerm_resource_group').tags).toEqual(TAGS);
    expect(onlyResource(azure, 'azurerm_kubernetes_cluster').tags).toMatchObject(TAGS);
  });

  test('clickhouse: one shape; private-link (the default) needs endpointService on every cloud', () => {
    const ch = { host: 'abc.clickhouse.cloud' };
    expect(() => new AwsLangSmithFoundation(awsStack(), 'F', { name: 'a', region: 'us-west-2', clickhouse: ch })).toThrow("s/F: field 'clickhouse.endpointService' is missing; required for connectivity private-link");
    expect(() => new GcpLangSmithFoundation(gcpStack(), 'F', { name: 'a', project: 'acme-prod-123', region: 'us-east1', clickhouse: ch })).toThrow("s/F: field 'clickhouse.endpointService' is missing; required for connectivity private-link");
    expect(() => new AzureLangSmithFoundation(azureStack(), 'F', { name: 'a', location: 'eastus2', clickhouse: ch })).toThrow("s/F: field 'clickhouse.endpointService' is missing; required for connectivity private-link");
    const pub = new AzureLangSmithFoundation(azureStack(), 'F', { name: 'a', location: 'eastus2', clickhouse: { ...ch, connectivity: 'public' } });
    expect(pub.clickhouse).toBeUndefined();
    expect(pub.foundation.clickhouseHost).toBe('abc.clickhouse.cloud');
  });
});

describe('addFoundationOutputs: the common outputs from the Foundation contract', () => {
  const foundation: Foundation = {
    cluster: { clusterName: 'acme', kubeconfigCommand: 'get-credentials acme' },
    postgres: { host: 'pg.internal', username: 'u', password: 'p' },
    redis: { host: 'redis.internal' },
    blobStorage: { engine: 'Azure', bucketName: 'traces', azureStorageAccountName: 'acmeabc123' },
    egress: { addresses: ['203.0.113.1'] },
  };

  test('names and values from the contract, the private endpoint and the extras; descriptions in the cloud\'s words', () => {
    const s = new TerraformStack(Testing.app(), 's');
    addFoundationOutputs(s, foundation, {
      descriptions: { postgres_host: 'Mine.' },
      clickhousePrivateEndpoint: { endpointId: 'pe-1', dnsZoneName: 'zone' },
      extras: { resource_group: { value: 'rg' }, skipped: undefined },
    });
    const out = synth(s).output as Record<string, { value: unknown; description?: string }>;
    expect(Object.keys(out).sort()).toEqual([...FOUNDATION_OUTPUT_NAMES, 'resource_group'].sort());
    expect(out.egress_ips.value).toEqual(['203.0.113.1']);
    expect(out.cluster_name.value).toBe('acme');
    expect(out.kubeconfig_command.value).toBe('get-credentials acme');
    expect(out.bucket.value).toBe('acmeabc123/traces');
    expect(out.postgres_host).toEqual({ value: 'pg.internal', description: 'Mine.' });
    expect(out.redis_host.value).toBe('redis.internal');
    expect(out.clickhouse_private_endpoint_id.value).toBe('pe-1');
    expect(out.egress_ips.description).toMatch(/beacon\.langchain\.com/);
  });

  test('only what the contract has; a common name among the extras is refused', () => {
    const s = new TerraformStack(Testing.app(), 's');
    addFoundationOutputs(s, { cluster: { clusterName: 'c' } });
    expect(Object.keys(synth(s).output)).toEqual(['cluster_name']);
    expect(() => addFoundationOutputs(new TerraformStack(Testing.app(), 't'), foundation, { extras: { bucket: { value: 'x' } } }))
      .toThrow("t: field 'extras.bucket' has value \"bucket\"; a common output");
  });

  test('every demo infra stack keeps its output names (the README, the deploy summary and users\' scripts read them)', () => {
    const expected: Record<string, string[]> = {
      'aws-agent-infra': ['cluster_name', 'egress_ips', 'kubeconfig_command', 'postgres_host', 'redis_host'],
      'aws-obs-dev-infra': ['bucket', 'cluster_name', 'egress_ips', 'kubeconfig_command', 'postgres_host', 'redis_host'],
      'aws-obs-infra': ['bucket', 'clickhouse_private_dns_zone', 'clickhouse_private_endpoint_id', 'cluster_name', 'egress_ips', 'kubeconfig_command', 'load_balancer_dns_command', 'load_balancer_name', 'postgres_host', 'redis_host'],
      'aws-platform-infra': ['bucket', 'cluster_name', 'egress_ips', 'kubeconfig_command', 'load_balancer_dns_command', 'load_balancer_name', 'postgres_host', 'redis_host'],
      'aws-public-ch-infra': ['bucket', 'cluster_name', 'egress_ips', 'kubeconfig_command', 'load_balancer_dns_command', 'load_balancer_name', 'postgres_host', 'redis_host'],
      'azure-agent-infra': ['cluster_name', 'cluster_private_fqdn', 'egress_ips', 'kubeconfig_command', 'postgres_host', 'redis_host', 'resource_group'],
      'azure-obs-dev-infra': ['blob_workload_identity_client_id', 'bucket', 'cluster_name', 'cluster_private_fqdn', 'egress_ips', 'kubeconfig_command', 'postgres_host', 'redis_host', 'resource_group', 'storage_account'],
      'azure-obs-infra': ['blob_workload_identity_client_id', 'bucket', 'clickhouse_private_dns_zone', 'clickhouse_private_endpoint_guid_command', 'clickhouse_private_endpoint_id', 'cluster_name', 'egress_ips', 'kubeconfig_command', 'postgres_host', 'redis_host', 'resource_group', 'storage_account'],
      'azure-platform-infra': ['blob_workload_identity_client_id', 'bucket', 'cluster_name', 'egress_ips', 'kubeconfig_command', 'postgres_host', 'redis_host', 'resource_group', 'storage_account'],
      'azure-public-ch-infra': ['blob_workload_identity_client_id', 'bucket', 'cluster_name', 'cluster_private_fqdn', 'egress_ips', 'kubeconfig_command', 'postgres_host', 'redis_host', 'resource_group', 'storage_account'],
      'gcp-agent-infra': ['cluster_name', 'egress_ips', 'kubeconfig_command', 'postgres_host', 'redis_host'],
      'gcp-obs-dev-infra': ['bucket', 'cluster_name', 'egress_ips', 'kubeconfig_command', 'postgres_host', 'redis_host'],
      'gcp-obs-infra': ['bucket', 'clickhouse_private_dns_zone', 'clickhouse_private_endpoint_id', 'cluster_name', 'egress_ips', 'ingress_ip', 'kubeconfig_command', 'postgres_host', 'redis_host'],
      'gcp-platform-infra': ['bucket', 'cluster_name', 'egress_ips', 'ingress_ip', 'kubeconfig_command', 'postgres_host', 'redis_host'],
      'gcp-public-ch-infra': ['bucket', 'cluster_name', 'egress_ips', 'ingress_ip', 'kubeconfig_command', 'postgres_host', 'redis_host'],
    };
    const actual: Record<string, string[]> = {};
    for (const { id, json } of readManifestStacks(demoOutdir())) {
      if (id.endsWith('-infra')) actual[id] = Object.keys(json.output ?? {}).filter((n) => !n.startsWith('cross-stack-output-')).sort();
    }
    expect(actual).toEqual(expected);
  });
});

describe('fromX(scope, id, attrs) on every cloud', () => {
  test('every fromX takes a scope and an id', () => {
    const fromX = [AwsNetwork.fromNetworkAttributes, EksCluster.fromClusterAttributes, GcpNetwork.fromNetworkAttributes, GkeCluster.fromClusterAttributes, AzureNetwork.fromNetworkAttributes, AksCluster.fromClusterAttributes];
    expect(fromX.map((f) => f.length)).toEqual([3, 3, 3, 3, 3, 3]);
  });

  test('the attributes are checked where they are given, errors naming scope/id', () => {
    expect(() => AwsNetwork.fromNetworkAttributes(awsStack(), 'Vpc', { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1'] }))
      .toThrow(/^s\/Vpc: field 'privateSubnetIds'/);
    expect(() => GcpNetwork.fromNetworkAttributes(gcpStack(), 'Net', { project: 'Acme_Prod', region: 'us-east1', network: 'n', subnetwork: 's' }))
      .toThrow(/^s\/Net: field 'project' has value "Acme_Prod"/);
    expect(() => GkeCluster.fromClusterAttributes(gcpStack(), 'Gke', { clusterName: 'c', project: 'Acme_Prod', region: 'us-east1', endpoint: '10.0.0.2', clusterCaCertificate: 'Q0E=' }))
      .toThrow(/^s\/Gke: field 'project' has value "Acme_Prod"/);
  });

  test('an existing network on AWS is the network interface, as on GCP and Azure: no VPC created', () => {
    const s = awsStack();
    const network = AwsNetwork.fromNetworkAttributes(s, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'] });
    const f = new AwsLangSmithFoundation(s, 'F', { name: 'acme', region: 'us-west-2', existingNetwork: network });
    expect(f.network).toBe(network);
    expect(f.vpc).toBeUndefined();
  });
});

describe('what runs on the cluster: one set of workload props for every foundation', () => {
  test('resolved once: ClickHouse in the cluster unless `clickhouse` names one, the rest passed through', () => {
    const scope = new TerraformStack(Testing.app(), 's');
    expect(resolveFoundationProps(scope, { name: 'a' }, 'x').workload).toEqual({ inClusterClickHouse: true });
    const managed = resolveFoundationProps(scope, { name: 'a', clickhouse: { host: 'h.example.com', connectivity: 'public' }, fullPlatform: true, agentDeployments: 3 }, 'x');
    expect(managed.workload).toEqual({ fullPlatform: true, inClusterClickHouse: false, agentDeployments: 3 });
    const agent = resolveFoundationProps(scope, { name: 'a', standalone: true, agentServer: { replicas: 2, maxReplicas: 6 } }, 'x');
    expect(agent.workload).toEqual({ standalone: true, inClusterClickHouse: true, agentServer: { replicas: 2, maxReplicas: 6 } });
  });
});
