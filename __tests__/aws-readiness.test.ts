/**
 * Issue 15, "AWS deploy readiness": one test (or more) per finding, each reading the
 * synthesized JSON the way Terraform / the chart reads it, or the loader's answer.
 */
import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { EksNodeGroup } from '../lib/aws/eks-node-group';
import { AwsLangSmithFoundation } from '../lib/aws/foundation';
import { LangSmithBucket } from '../lib/aws/langsmith-bucket';
import { AwsNetwork } from '../lib/aws/network';
import { instanceArchitecture } from '../lib/aws/sizing';
import { validateDeployments } from '../stacks/config';
import { nextSteps } from '../stacks/summary';
import { buildDeployments, langsmithValues, onlyResource, resourcesOf, StackJson, synthJson } from './helpers';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef';
const dev = { name: 'devbox', mode: 'observability', cloud: 'aws', region: 'us-east-1', size: 'dev', hostname: 'ls.acme.example' };
const agent = { name: 'agent', mode: 'standalone', cloud: 'aws', region: 'us-east-1', size: 'small', agentServer: { image: 'registry.example.com/a/agent:1.0.0' } };
const platform = { name: 'plat', mode: 'full-platform', cloud: 'aws', region: 'us-east-1', size: 'small', hostname: 'ls.acme.example' };

function build(entry: Record<string, unknown>) {
  const { stacks, deployments } = buildDeployments([entry]);
  const s = stacks[entry.name as string];
  return { infra: synthJson(s.infra!), app: synthJson(s.app), d: deployments[0] };
}
const addonNames = (infra: StackJson) => Object.values(resourcesOf(infra, 'aws_eks_addon')).map((a: any) => a.addon_name).sort();
const loadError = (entry: Record<string, unknown>): string => {
  try { validateDeployments({ deployments: [entry] }, 'test.yaml'); } catch (e) { return (e as Error).message; }
  return '';
};
function libStack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 's');
  new AwsProvider(s, 'aws', { region: 'us-east-1' });
  new RandomProvider(s, 'random', {});
  return s;
}

describe('issue 15: would fail on apply or at runtime', () => {
  const { infra } = build(dev);

  test('1. zones: the zone list leaves out the zone ids where EKS refuses control-plane subnets; given zone names are checked by id at plan', () => {
    const zones = Object.values(infra.data.aws_availability_zones) as any[];
    expect(zones).toHaveLength(1);
    expect(zones[0].exclude_zone_ids).toEqual(['use1-az3', 'usw1-az2', 'cac1-az3']);
    const { infra: given } = build({ ...dev, name: 'given', aws: { availabilityZones: ['us-east-1a', 'us-east-1b'] } });
    expect(Object.values(given.data.aws_availability_zone).map((z: any) => z.name)).toEqual(['us-east-1a', 'us-east-1b']);
    const priv = Object.entries(resourcesOf(given, 'aws_subnet')).filter(([k]) => /PrivateSubnet/.test(k)).map(([, v]) => v as any);
    expect(priv).toHaveLength(2);
    for (const sn of priv) {
      expect(sn.lifecycle.precondition[0].condition).toMatch(/^\$\{!contains\(\["use1-az3", "usw1-az2", "cac1-az3"\], data\.aws_availability_zone\.\w+\.zone_id\)\}$/);
      expect(sn.lifecycle.precondition[0].error_message).toMatch(/maps, in this account, to a zone id where EKS does not place control-plane interfaces/);
    }
  });

  test('2. RDS enhanced monitoring: the instance waits for the role policy attachment, not only the role', () => {
    const [attId] = Object.keys(resourcesOf(infra, 'aws_iam_role_policy_attachment')).filter((k) => /Postgres_MonitoringPolicy/.test(k));
    expect(attId).toBeDefined();
    expect(onlyResource(infra, 'aws_db_instance').depends_on).toContain(`aws_iam_role_policy_attachment.${attId}`);
  });

  test('3. access entries: keyed by ARN, the creator (recorded in a tag on the cluster, known at plan in every case) taken out; old positional entries moved', () => {
    const ci = 'arn:aws:iam::123456789012:role/ci';
    const bob = 'arn:aws:iam::123456789012:user/bob';
    const { infra: j } = build({ ...dev, name: 'admins', aws: { clusterAdminArns: [ci, ci, bob] } });
    const entry = onlyResource(j, 'aws_eks_access_entry');
    const clusterId = Object.keys(resourcesOf(j, 'aws_eks_cluster'))[0];
    expect(entry.principal_arn).toBe('${each.value}');
    // The key set may only depend on values Terraform knows at plan: the literal list and the
    // cluster's tag (its configured value on create, the state value afterwards). A resource
    // created with or after the cluster (terraform_data) would make for_each unknown on the
    // apply that adds clusterAdminArns to an existing cluster ("Invalid for_each argument").
    expect(entry.for_each).toBe(`\${toset(tolist(setsubtract(["${ci}", "${bob}"], [lookup(aws_eks_cluster.${clusterId}.tags, "cdktf-langsmith/creator", "none")])))}`);
    expect(j.resource.terraform_data).toBeUndefined();
    expect(j.data.aws_eks_clusters).toBeUndefined();
    expect(onlyResource(j, 'aws_eks_access_policy_association').for_each).toBe(entry.for_each);
    const cluster = onlyResource(j, 'aws_eks_cluster');
    expect(cluster.tags['cdktf-langsmith/creator']).toMatch(/^\$\{data\.aws_iam_session_context\.\w+\.issuer_arn\}$/);
    expect(cluster.lifecycle.ignore_changes).toEqual(['tags["cdktf-langsmith/creator"]']);
    expect(Object.values(j.data.aws_iam_session_context)[0]).toMatchObject({ arn: expect.stringMatching(/data\.aws_caller_identity\.\w+\.arn/) });
    expect(cluster.access_config.bootstrap_cluster_creator_admin_permissions).toBe(true);
    // Entries of an earlier version (Admin<i>, by position) move to their ARN key instead of being destroyed and re-created.
    const entryId = Object.keys(resourcesOf(j, 'aws_eks_access_entry'))[0];
    const moved = (j as any).moved as { from: string; to: string }[];
    expect(moved).toEqual(expect.arrayContaining([
      { from: expect.stringMatching(/^aws_eks_access_entry\.LangSmith_Cluster_Admin0_\w+$/), to: `aws_eks_access_entry.${entryId}["${ci}"]` },
      { from: expect.stringMatching(/^aws_eks_access_entry\.LangSmith_Cluster_Admin2_\w+$/), to: `aws_eks_access_entry.${entryId}["${bob}"]` },
      { from: expect.stringMatching(/^aws_eks_access_policy_association\.LangSmith_Cluster_Admin0Policy_\w+$/), to: expect.stringMatching(/\["arn:aws:iam::123456789012:role\/ci"\]$/) },
    ]));
    expect(moved).toHaveLength(4);
  });

  test('3b. every created cluster records its creator, so clusterAdminArns added on a later apply still leave the creator out', () => {
    const cluster = onlyResource(infra, 'aws_eks_cluster');
    expect(cluster.tags['cdktf-langsmith/creator']).toMatch(/aws_iam_session_context/);
    expect(cluster.lifecycle.ignore_changes).toEqual(['tags["cdktf-langsmith/creator"]']);
    expect(resourcesOf(infra, 'aws_eks_access_entry')).toEqual({});
  });

  test('4. node types: the AMI follows the architecture; mixed architectures are refused at load, AL2 on 1.33+ by the construct', () => {
    expect(['m7g.2xlarge', 'c7gn.xlarge', 't4g.large', 'r8g.4xlarge', 'a1.large'].map(instanceArchitecture)).toEqual(Array(5).fill('arm64'));
    expect(['m5.2xlarge', 'c6i.xlarge', 'g5.xlarge', 'r7a.large', 'm5zn.large'].map(instanceArchitecture)).toEqual(Array(5).fill('x86_64'));
    const { infra: arm } = build({ ...dev, name: 'arm', aws: { nodeInstanceTypes: ['m7g.xlarge', 'm6g.xlarge'] } });
    expect(onlyResource(arm, 'aws_eks_node_group').ami_type).toBe('AL2023_ARM_64_STANDARD');
    expect(onlyResource(infra, 'aws_eks_node_group').ami_type).toBe('AL2023_x86_64_STANDARD');
    expect(loadError({ ...dev, aws: { nodeInstanceTypes: ['m7g.xlarge', 'm5.xlarge'] } }))
      .toMatch(/aws\.nodeInstanceTypes.*mixes Graviton \(arm64: m7g\.xlarge\) and x86_64/);
    const s = libStack();
    const base = { name: 'ng', clusterName: 'c', subnetIds: ['subnet-0aaaaaaaaaaaaaaa1'], minSize: 1, maxSize: 2 };
    expect(() => new EksNodeGroup(s, 'Al2', { ...base, instanceTypes: ['m5.large'], amiType: 'AL2_x86_64', kubernetesVersion: '1.33' }))
      .toThrow(/field 'amiType' has value "AL2_x86_64"; allowed: an AL2023 or Bottlerocket AMI type; EKS publishes no AL2 AMIs for Kubernetes 1\.33/);
    expect(() => new EksNodeGroup(s, 'Arch', { ...base, instanceTypes: ['m7g.large'], amiType: 'AL2023_x86_64_STANDARD' }))
      .toThrow(/allowed: an arm64 AMI type such as AL2023_ARM_64_STANDARD/);
  });

  test('5. metrics-server: installed where autoscaling reads resource metrics (full platform, agent server HPA), not elsewhere', () => {
    expect(addonNames(build(platform).infra)).toContain('metrics-server');
    expect(addonNames(build({ ...agent, name: 'hpa', agentServer: { ...agent.agentServer, autoscaling: { minReplicas: 2, maxReplicas: 5 } } }).infra)).toContain('metrics-server');
    expect(addonNames(infra)).not.toContain('metrics-server');
    expect(addonNames(build(agent).infra)).not.toContain('metrics-server');
    const ms = Object.values(resourcesOf(build(platform).infra, 'aws_eks_addon')).find((a: any) => a.addon_name === 'metrics-server') as any;
    expect(ms.depends_on).toEqual([expect.stringMatching(/^aws_eks_node_group\./)]);
  });

  test('6. the foundation hands its charts to the Kubernetes layer through Foundation.addOns (the releases order after them)', () => {
    const { app } = build(dev);
    const releases = resourcesOf(app, 'helm_release');
    const lbId = Object.entries(releases).find(([, r]: any) => r.chart === 'aws-load-balancer-controller')![0];
    expect((Object.values(releases).find((r: any) => r.chart === 'langsmith') as any).depends_on).toContain(`helm_release.${lbId}`);
  });

  test('7. dev (one node, one zone in the preset): the node group is pinned to one zone; small keeps two', () => {
    expect(onlyResource(infra, 'aws_eks_node_group').subnet_ids).toEqual([expect.stringMatching(/aws_subnet\.LangSmith_Network_PrivateSubnet0_\w+\.id/)]);
    expect(onlyResource(build(platform).infra, 'aws_eks_node_group').subnet_ids).toHaveLength(2);
  });

  test('8. the ALB has a fixed name (one IngressGroup), and the infra stack outputs it and the command that prints its DNS name', () => {
    const { app } = build(dev);
    const ann = langsmithValues(app).ingress.annotations;
    expect(ann).toMatchObject({ 'alb.ingress.kubernetes.io/load-balancer-name': 'ls-devbox', 'alb.ingress.kubernetes.io/group.name': 'ls-devbox' });
    expect(infra.output.load_balancer_name.value).toBe('ls-devbox');
    expect(infra.output.load_balancer_dns_command.value).toBe("aws elbv2 describe-load-balancers --region us-east-1 --names ls-devbox --query 'LoadBalancers[0].DNSName' --output text");
    expect(infra.output.load_balancer_dns_command.description).toMatch(/ls\.acme\.example/);
  });

  test('9. name length: the foundation refuses more than 26 characters (the bucket_prefix limit of 37 with "-langsmith-"); the bucket counts the added "-"', () => {
    const name27 = 'a'.repeat(27);
    expect(() => new AwsLangSmithFoundation(libStack(), 'F', { name: name27, region: 'us-east-1', size: 'dev' }))
      .toThrow(/field 'name' has value "a{27}"; allowed: at most 26 characters/);
    expect(() => new LangSmithBucket(libStack(), 'B', { namePrefix: 'b'.repeat(37) })).toThrow(/at most 37 characters including the '-'/);
    const s = libStack();
    new LangSmithBucket(s, 'B', { namePrefix: 'b'.repeat(36) });
    expect(onlyResource(synthJson(s), 'aws_s3_bucket').bucket_prefix).toHaveLength(37);
    expect(loadError({ ...dev, name: 'a'.repeat(25) })).toMatch(/field 'name'/);
  });
});

describe('issue 15: security', () => {
  test('10. internal ALB: inbound limited to the VPC and the private API CIDRs by default; the summary says when it is plain HTTP', () => {
    const { app, d } = build({ ...dev, aws: { privateApiAccessCidrs: ['10.50.0.0/16'] } });
    expect(langsmithValues(app).ingress.annotations['alb.ingress.kubernetes.io/inbound-cidrs']).toBe('10.0.0.0/16,10.50.0.0/16');
    expect(nextSteps(d, []).join('\n')).toMatch(/warning: no TLS: the internal ALB serves plain HTTP.*set aws\.certificateArn/);
    const tls = build({ ...dev, name: 'tls', aws: { certificateArn: CERT } });
    expect(nextSteps(tls.d, []).join('\n')).not.toMatch(/no TLS/);
    const byo = build({ ...dev, name: 'byo', network: { existingNetworkId: 'vpc-0123456789abcdef0', existingSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'] } });
    expect(langsmithValues(byo.app).ingress.annotations['alb.ingress.kubernetes.io/inbound-cidrs']).toMatch(/data\.aws_vpc\.\w+\.cidr_block/);
  });

  test('11. in-cluster volumes: the app stack creates an encrypted gp3 class and ClickHouse uses it; none where nothing has volumes', () => {
    const { app } = build(dev);
    const sc = onlyResource(app, 'kubernetes_storage_class_v1');
    expect(sc).toMatchObject({
      metadata: { name: 'gp3-encrypted' }, storage_provisioner: 'ebs.csi.aws.com', volume_binding_mode: 'WaitForFirstConsumer', allow_volume_expansion: true,
      parameters: { type: 'gp3', encrypted: 'true', iops: '3000', throughput: '250' },
    });
    expect(langsmithValues(app).clickhouse.statefulSet.persistence.storageClassName).toBe('gp3-encrypted');
    expect(resourcesOf(build(agent).app, 'kubernetes_storage_class_v1')).toEqual({});
    const kms = 'arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-0123-0123-0123456789ab';
    expect(onlyResource(build({ ...dev, name: 'cmk', aws: { kmsKeyArn: kms } }).app, 'kubernetes_storage_class_v1').parameters.kmsKeyId).toBe(kms);
  });

  test('12. flow-log role: only the flow-logs service acting for this account (aws:SourceAccount, aws:SourceArn)', () => {
    const { infra } = build(dev);
    const role = Object.entries(resourcesOf(infra, 'aws_iam_role')).find(([k]) => /FlowLogRole/.test(k))![1] as any;
    expect(role.assume_role_policy).toMatch(/"aws:SourceAccount"\s*=\s*data\.aws_caller_identity\.\w+\.account_id/);
    expect(role.assume_role_policy).toMatch(/"aws:SourceArn"\s*=\s*"arn:aws:ec2:\*:\$\{data\.aws_caller_identity\.\w+\.account_id\}:vpc-flow-log\/\*"/);
  });
});

describe('issue 15: cost', () => {
  const { infra } = build(dev);

  test('13. EKS upgrade policy STANDARD by default (no silent extended support); EXTENDED when asked', () => {
    expect(onlyResource(infra, 'aws_eks_cluster').upgrade_policy).toEqual({ support_type: 'STANDARD' });
    expect(onlyResource(build({ ...dev, name: 'ext', aws: { supportType: 'EXTENDED' } }).infra, 'aws_eks_cluster').upgrade_policy).toEqual({ support_type: 'EXTENDED' });
  });

  test('14. flow logs: rejected flows at 10 minutes; control plane: audit and authenticator; both configurable, the security pair required', () => {
    expect(onlyResource(infra, 'aws_flow_log')).toMatchObject({ traffic_type: 'REJECT', max_aggregation_interval: 600 });
    expect(onlyResource(infra, 'aws_eks_cluster').enabled_cluster_log_types).toEqual(['audit', 'authenticator']);
    const { infra: all } = build({ ...dev, name: 'all', aws: { flowLogTrafficType: 'ALL', controlPlaneLogTypes: ['api', 'audit', 'authenticator'] } });
    expect(onlyResource(all, 'aws_flow_log').traffic_type).toBe('ALL');
    expect(onlyResource(all, 'aws_eks_cluster').enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator']);
    expect(loadError({ ...dev, aws: { controlPlaneLogTypes: ['api', 'audit'] } })).toMatch(/aws\.controlPlaneLogTypes.*authenticator is missing/);
  });

  test('15. bucket: an expired ttl_s/ object version goes a day later, not after the 30-day noncurrent rule', () => {
    const rules = onlyResource(infra, 'aws_s3_bucket_lifecycle_configuration').rule as any[];
    const short = rules.find((r) => r.id === 'ttl-short');
    expect(short).toMatchObject({ filter: [{ prefix: 'ttl_s/' }], expiration: [{ days: 14 }], noncurrent_version_expiration: [{ noncurrent_days: 1 }] });
  });

  test('16. the load balancer controller and its role only where an Ingress or a LoadBalancer Service uses them', () => {
    const plain = build(agent);
    expect(Object.values(resourcesOf(plain.app, 'helm_release')).map((r: any) => r.chart)).not.toContain('aws-load-balancer-controller');
    expect(Object.keys(resourcesOf(plain.infra, 'aws_iam_role')).filter((k) => /LoadBalancerController/.test(k))).toEqual([]);
    const ing = build({ ...agent, name: 'ing', hostname: 'agent.acme.example', agentServer: { ...(agent as any).agentServer, auth: { type: 'image' } } });
    expect(Object.values(resourcesOf(ing.app, 'helm_release')).map((r: any) => r.chart)).toContain('aws-load-balancer-controller');
  });

  test('17. ElastiCache engine: Valkey 8 by default (LangSmith supports it), Redis OSS 7.1 on request', () => {
    expect(onlyResource(infra, 'aws_elasticache_replication_group')).toMatchObject({ engine: 'valkey', engine_version: '8.0' });
    expect(onlyResource(build({ ...dev, name: 'oss', aws: { cacheEngine: 'redis' } }).infra, 'aws_elasticache_replication_group')).toMatchObject({ engine: 'redis', engine_version: '7.1' });
  });
});

describe('issue 15: the AwsNetwork construct alone', () => {
  test('flow-log settings are validated', () => {
    expect(() => new AwsNetwork(libStack(), 'N', { name: 'n', flowLogIntervalSeconds: 300 as 60 })).toThrow(/flowLogIntervalSeconds.*allowed: 60 \| 600/);
  });
});

describe('independent review of the AWS part', () => {
  test('the node group waits for the private default routes through NAT (nodes pull add-on images from ECR), not only the gateways', () => {
    const { infra } = build({ ...dev, name: 'routes' });
    const routes = Object.keys(resourcesOf(infra, 'aws_route')).filter((k) => /Egress_DefaultRoute/.test(k));
    expect(routes.length).toBeGreaterThanOrEqual(2);
    const deps = onlyResource(infra, 'aws_eks_node_group').depends_on as string[];
    for (const r of routes) expect(deps).toContain(`aws_route.${r}`);
  });
});

describe('independent review: zones', () => {
  test('the default zone list must leave at least two zones after the EKS exclusions (element() would wrap into one zone)', () => {
    const { infra } = build({ ...dev, name: 'zones' });
    const zones = Object.values(infra.data.aws_availability_zones) as any[];
    expect(zones[0].lifecycle.postcondition).toEqual([{ condition: '${length(self.names) >= 2}', error_message: expect.stringMatching(/fewer than two availability zones/) }]);
  });
});

describe('independent review: release order in the app stack', () => {
  test('full platform: KEDA (it creates Services) waits for the load balancer controller, whose Service webhook fails closed until it is ready', () => {
    const { app } = build(platform);
    const releases = resourcesOf(app, 'helm_release');
    const lbId = Object.entries(releases).find(([, r]: any) => r.chart === 'aws-load-balancer-controller')![0];
    const keda = Object.values(releases).find((r: any) => r.chart === 'keda') as any;
    expect(keda.depends_on).toContain(`helm_release.${lbId}`);
    expect(Object.values(releases).filter((r: any) => r.chart === 'aws-load-balancer-controller')).toHaveLength(1);
  });
});
