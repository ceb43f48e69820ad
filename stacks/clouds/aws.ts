import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { AwsLangSmithFoundation } from '../../lib/aws/foundation';
import { AwsNetwork } from '../../lib/aws/network';
import { addFoundationOutputs } from '../../lib/core/foundation-outputs';
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
      ? AwsNetwork.fromNetworkAttributes(stack, 'ExistingNetwork', {
        vpcId: d.network.existingNetworkId,
        privateSubnetIds: d.network.existingSubnetIds ?? [],
        publicSubnetIds: d.network.existingPublicSubnetIds,
      })
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
      ? { host: ch.host!, connectivity: ch.connectivity, endpointService: ch.endpointService }
      : undefined,
    albScheme: a.albScheme,
    albInboundCidrs: a.albInboundCidrs,
    certificateArn: a.certificateArn,
    kmsKeyArn: a.kmsKeyArn,
    postgresVersion: a.postgresVersion,
    backupRetentionDays: a.backupRetentionDays,
    deletionProtection: d.deletionProtection,
  });

  addFoundationOutputs(stack, f.foundation, {
    descriptions: {
      egress_ips: 'Static egress IPs (NAT Elastic IPs): allow-list them at https://beacon.langchain.com egress filters and in the ClickHouse Cloud IP access list.',
      cluster_name: 'EKS cluster name.',
      bucket: 'S3 bucket of LangSmith trace payloads.',
      postgres_host: 'RDS for PostgreSQL endpoint (private).',
      redis_host: 'ElastiCache Redis primary endpoint (private, TLS).',
      clickhouse_private_endpoint_id: 'VPC endpoint id: send it to LangChain to allow-list it on the ClickHouse Cloud service.',
      clickhouse_private_dns_zone: 'Route 53 private zone that resolves the ClickHouse host to the endpoint.',
    },
    clickhousePrivateEndpoint: f.clickhouse ? { endpointId: f.clickhouse.endpointId, dnsZoneName: f.clickhouse.zoneName } : undefined,
    extras: f.loadBalancerName && exposure === 'ingress' ? {
      load_balancer_name: { value: f.loadBalancerName, description: `Name of the ALB the controller creates for the Ingress once ${d.name}-app is deployed.` },
      load_balancer_dns_command: {
        value: `aws elbv2 describe-load-balancers --region ${d.region} --names ${f.loadBalancerName} --query 'LoadBalancers[0].DNSName' --output text`,
        description: `Prints the ALB's DNS name (after ${d.name}-app is deployed): point ${d.hostname ?? 'the hostname'} at it with a CNAME or a Route 53 alias.`,
      },
    } : {},
  });
  return { stack, foundation: f.foundation };
};
