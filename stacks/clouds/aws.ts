import { TerraformOutput } from 'cdktf';
import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { AwsLangSmithFoundation } from '../../lib/aws/foundation';
import { configureBackend } from '../backend';
import type { FoundationBuilder } from '../deployment';
import { clusterWorkload } from './workload';

/**
 * `cloud: aws`: the `<name>-infra` stack (VPC, NAT with static IPs, EKS, RDS, ElastiCache, S3,
 * ClickHouse PrivateLink) and the Foundation the `<name>-app` stack is built on. Its outputs
 * carry no secret; the generated passwords reach the app stack as cross-stack references
 * (sensitive outputs + remote state).
 */
export const buildAwsFoundation: FoundationBuilder = (app, d) => {
  const id = `${d.name}-infra`;
  const stack = new TerraformStack(app, id);
  configureBackend(stack, d, id);
  new AwsProvider(stack, 'aws', {
    region: d.region!,
    defaultTags: [{ tags: { ...d.tags, 'managed-by': 'cdktf-langsmith', deployment: d.name } }],
  });
  new RandomProvider(stack, 'random', {});
  const a = d.aws;
  const ch = d.clickhouse;
  const exposure = d.exposure.type;
  // The network fields' rules (ids and subnets together) are the loader's (stacks/config.ts).
  const f = new AwsLangSmithFoundation(stack, 'LangSmith', {
    name: d.name,
    region: d.region!,
    size: d.size,
    blobStorage: d.mode !== 'standalone',
    namespace: d.namespace,
    vpcCidr: d.network.cidr,
    existingNetwork: d.network.existingNetworkId
      ? {
        vpcId: d.network.existingNetworkId,
        privateSubnetIds: d.network.existingSubnetIds ?? [],
        publicSubnetIds: d.network.existingPublicSubnetIds,
      }
      : undefined,
    availabilityZones: a.availabilityZones,
    flowLogs: a.flowLogs,
    flowLogTrafficType: a.flowLogTrafficType,
    controlPlaneLogTypes: a.controlPlaneLogTypes,
    supportType: a.supportType,
    cacheEngine: a.cacheEngine,
    staticIps: d.egress.staticIps,
    kubernetesVersion: d.cluster.version,
    apiAllowedCidrs: d.cluster.apiAllowedCidrs,
    privateApiAccessCidrs: a.privateApiAccessCidrs,
    clusterAdminArns: a.clusterAdminArns,
    nodeInstanceTypes: a.nodeInstanceTypes,
    // Autoscaling reads the resource metrics API: the agent server's HPA, KEDA's cpu/memory triggers.
    metricsServer: d.mode === 'full-platform' || !!d.agentServer?.autoscaling,
    // The controller serves an Ingress of class alb and Services of type LoadBalancer; nothing else needs it.
    loadBalancerController: exposure === 'ingress' || exposure === 'load-balancer',
    // LangSmith always has in-cluster volumes on AWS, whatever its ClickHouse: the chart's Polly
    // (polly.enabled defaults to true) and Insights keep their Postgres and Redis in StatefulSets
    // with persistence (agent-features/*/postgres/statefulset.yaml). Without the class they would
    // land on ebs-csi-default-sc, which sets no `encrypted`. The agent server's stores are managed.
    inClusterVolumes: d.mode !== 'standalone',
    // Node sizing and the agent server's smaller cache (lib/core/sizing.ts clusterNodePool, cacheFor).
    ...clusterWorkload(d),
    clickhouse: ch.type === 'langsmith-managed'
      ? { host: ch.host!, connectivity: ch.connectivity ?? 'private-link', endpointServiceName: ch.endpointService }
      : undefined,
    albScheme: a.albScheme,
    albInboundCidrs: a.albInboundCidrs,
    certificateArn: a.certificateArn,
    kmsKeyArn: a.kmsKeyArn,
    postgresVersion: a.postgresVersion,
    backupRetentionDays: a.backupRetentionDays,
    deletionProtection: d.deletionProtection,
  });

  if (f.nat) {
    new TerraformOutput(stack, 'egress_ips', {
      value: f.nat.egress.addresses,
      description: 'Static egress IPs (NAT Elastic IPs): allow-list them at https://beacon.langchain.com egress filters and in the ClickHouse Cloud IP access list.',
    });
  }
  new TerraformOutput(stack, 'cluster_name', { value: f.cluster.clusterName, description: 'EKS cluster name.' });
  if (f.loadBalancerName && exposure === 'ingress') {
    new TerraformOutput(stack, 'load_balancer_name', { value: f.loadBalancerName, description: `Name of the ALB the controller creates for the Ingress once ${d.name}-app is deployed.` });
    new TerraformOutput(stack, 'load_balancer_dns_command', {
      value: `aws elbv2 describe-load-balancers --region ${d.region} --names ${f.loadBalancerName} --query 'LoadBalancers[0].DNSName' --output text`,
      description: `Prints the ALB's DNS name (after ${d.name}-app is deployed): point ${d.hostname ?? 'the hostname'} at it with a CNAME or a Route 53 alias.`,
    });
  }
  new TerraformOutput(stack, 'kubeconfig_command', { value: f.foundation.cluster.kubeconfigCommand!, description: 'Writes a kubeconfig entry for the cluster.' });
  if (f.bucket) new TerraformOutput(stack, 'bucket', { value: f.bucket.bucketName, description: 'S3 bucket of LangSmith trace payloads.' });
  new TerraformOutput(stack, 'postgres_host', { value: f.postgres.instance.address, description: 'RDS for PostgreSQL endpoint (private).' });
  new TerraformOutput(stack, 'redis_host', { value: f.redis.replicationGroup.primaryEndpointAddress, description: 'ElastiCache Redis primary endpoint (private, TLS).' });
  if (f.clickhouse) {
    new TerraformOutput(stack, 'clickhouse_private_endpoint_id', { value: f.clickhouse.endpointId, description: 'VPC endpoint id: send it to LangChain to allow-list it on the ClickHouse Cloud service.' });
    new TerraformOutput(stack, 'clickhouse_private_dns_zone', { value: f.clickhouse.zoneName, description: 'Route 53 private zone that resolves the ClickHouse host to the endpoint.' });
  }
  return { stack, foundation: f.foundation };
};
