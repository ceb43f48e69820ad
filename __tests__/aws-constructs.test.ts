import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { cidrSubnet, planVpc } from '../lib/aws/address-plan';
import { AwsClickHousePrivateLink, clickHousePrivateHost } from '../lib/aws/clickhouse-private-link';
import { EksCluster } from '../lib/aws/eks-cluster';
import { ElastiCacheRedis } from '../lib/aws/elasticache-redis';
import { AwsLangSmithFoundation } from '../lib/aws/foundation';
import { LangSmithBucket } from '../lib/aws/langsmith-bucket';
import { AwsLoadBalancerController } from '../lib/aws/load-balancer-controller';
import { NatEgress } from '../lib/aws/nat-egress';
import { AwsNetwork } from '../lib/aws/network';
import { RdsPostgres } from '../lib/aws/rds-postgres';
import { cacheNodeType, nodeInstanceType, rdsInstanceClass } from '../lib/aws/sizing';
import { blobServiceAccountSubjects } from '../lib/core/naming';
import { SIZE_PRESETS } from '../lib/core/sizing';
import { onlyResource, resourcesOf, StackJson } from './helpers';

// Existing resources a user brings: ids of a VPC, subnets and a security group they own.
const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'];
const NODE_SG = 'sg-0123456789abcdef0';

function stack(): { app: App; s: TerraformStack } {
  const app = Testing.app();
  const s = new TerraformStack(app, 's');
  new AwsProvider(s, 'aws', { region: 'us-west-2' });
  new RandomProvider(s, 'random', {});
  return { app, s };
}
const synth = (s: TerraformStack): StackJson => JSON.parse(Testing.synth(s));

describe('RdsPostgres in an existing VPC', () => {
  test('secure defaults on the instance, TLS forced, 5432 only from the given security group', () => {
    const { s } = stack();
    const pg = new RdsPostgres(s, 'Pg', { name: 'acme', vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: [NODE_SG] });
    expect(Testing.synth(s)).toHaveResourceWithProperties(DbInstance, {
      engine: 'postgres', engine_version: '16', storage_encrypted: true, publicly_accessible: false, multi_az: true,
      backup_retention_period: 7, deletion_protection: true, iam_database_authentication_enabled: true, performance_insights_enabled: true,
    });
    const json = synth(s);
    expect(onlyResource(json, 'aws_db_subnet_group').subnet_ids).toEqual(SUBNETS);
    expect(onlyResource(json, 'aws_security_group').vpc_id).toBe(VPC);
    expect(onlyResource(json, 'aws_vpc_security_group_ingress_rule')).toMatchObject({ from_port: 5432, to_port: 5432, ip_protocol: 'tcp', referenced_security_group_id: NODE_SG });
    expect(onlyResource(json, 'aws_db_parameter_group').parameter).toEqual([{ name: 'rds.force_ssl', value: '1', apply_method: 'immediate' }]);
    expect(pg.connection).toMatchObject({ port: 5432, database: 'langsmith', username: 'langsmith', tls: true });
  });

  test('an existing subnet group is used as is', () => {
    const { s } = stack();
    new RdsPostgres(s, 'Pg', { name: 'acme', vpcId: VPC, subnetIds: [], existingSubnetGroupName: 'shared-db', allowedCidrs: ['10.1.0.0/16'] });
    const json = synth(s);
    expect(resourcesOf(json, 'aws_db_subnet_group')).toEqual({});
    expect(onlyResource(json, 'aws_db_instance').db_subnet_group_name).toBe('shared-db');
    expect(onlyResource(json, 'aws_vpc_security_group_ingress_rule').cidr_ipv4).toBe('10.1.0.0/16');
  });

  test('validation names the construct path, field, value and what is allowed', () => {
    const { s } = stack();
    const base = { name: 'acme', vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: [NODE_SG] };
    expect(() => new RdsPostgres(s, 'A', { ...base, backupRetentionDays: 3 })).toThrow("s/A: field 'backupRetentionDays' has value 3; allowed: an integer from 7 to 35");
    expect(() => new RdsPostgres(s, 'B', { ...base, engineVersion: '13' })).toThrow("s/B: field 'engineVersion' has value \"13\"; allowed: PostgreSQL 14 or newer");
    expect(() => new RdsPostgres(s, 'C', { ...base, allowedSecurityGroupIds: [] })).toThrow("s/C: field 'allowedSecurityGroupIds' has value []; allowed: at least one security group");
    expect(() => new RdsPostgres(s, 'D', { ...base, subnetIds: [SUBNETS[0]] })).toThrow("s/D: field 'subnetIds'");
    expect(() => new RdsPostgres(s, 'E', { ...base, allowedCidrs: ['0.0.0.0/0'] })).toThrow("s/E: field 'allowedCidrs' has value \"0.0.0.0/0\"");
  });
});

describe('ElastiCacheRedis in an existing VPC', () => {
  test('encrypted at rest and in transit, AUTH token, failover; 6379 only from the given security group; TLS connection', () => {
    const { s } = stack();
    const r = new ElastiCacheRedis(s, 'Redis', { name: 'acme', vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: [NODE_SG] });
    expect(Testing.synth(s)).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      at_rest_encryption_enabled: 'true', transit_encryption_enabled: true, transit_encryption_mode: 'required', automatic_failover_enabled: true, multi_az_enabled: true,
    });
    const json = synth(s);
    expect(onlyResource(json, 'aws_elasticache_replication_group').auth_token).toMatch(/^\$\{random_password\./);
    expect(onlyResource(json, 'aws_vpc_security_group_ingress_rule')).toMatchObject({ from_port: 6379, referenced_security_group_id: NODE_SG });
    expect(r.connection).toMatchObject({ port: 6379, tls: true });
  });

  test('without HA a single node is enough; Redis older than 6.2 and Valkey older than 8 are refused', () => {
    const { s } = stack();
    new ElastiCacheRedis(s, 'One', { name: 'acme', vpcId: VPC, subnetIds: [SUBNETS[0]], allowedSecurityGroupIds: [NODE_SG], highAvailability: false });
    expect(onlyResource(synth(s), 'aws_elasticache_replication_group')).toMatchObject({ num_cache_clusters: 1, automatic_failover_enabled: false });
    expect(() => new ElastiCacheRedis(s, 'Old', { name: 'old', vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: [NODE_SG], engine: 'redis', engineVersion: '6.0' }))
      .toThrow("s/Old: field 'engineVersion' has value \"6.0\"; allowed: Redis 6.2 or newer");
    expect(() => new ElastiCacheRedis(s, 'OldValkey', { name: 'old', vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: [NODE_SG], engineVersion: '7.2' }))
      .toThrow("allowed: Valkey 8.0 or newer");
  });
});

describe('LangSmithBucket', () => {
  test('blocks public access, denies plain HTTP, expires the chart TTL prefixes; the IRSA role trusts exactly the given subjects on the given provider', () => {
    const { s } = stack();
    const bucket = new LangSmithBucket(s, 'Bucket', { namePrefix: 'acme-langsmith', shortTtlDays: 7 });
    const subjects = blobServiceAccountSubjects('ls');
    const role = bucket.addWorkloadIdentityRole('Access', {
      roleName: 'acme-blob', oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC',
      oidcIssuerUrl: 'https://oidc.eks.us-west-2.amazonaws.com/id/ABC', serviceAccountSubjects: subjects,
    });
    const synthText = Testing.synth(s);
    expect(synthText).toHaveResourceWithProperties(S3BucketPublicAccessBlock, { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const json = JSON.parse(synthText);
    expect(onlyResource(json, 'aws_s3_bucket')).toMatchObject({ bucket_prefix: 'acme-langsmith-', force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(onlyResource(json, 'aws_s3_bucket_ownership_controls').rule.object_ownership).toBe('BucketOwnerEnforced');
    expect(onlyResource(json, 'aws_s3_bucket_lifecycle_configuration').rule[0]).toMatchObject({ filter: [{ prefix: 'ttl_s/' }], expiration: [{ days: 7 }] });
    const trust = Object.values(json.data.aws_iam_policy_document)[0] as any;
    expect(trust.statement[0]).toMatchObject({ actions: ['sts:AssumeRoleWithWebIdentity'], principals: [{ type: 'Federated', identifiers: ['arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC'] }] });
    expect(trust.statement[0].condition).toEqual([
      { test: 'StringEquals', variable: '${replace("https://oidc.eks.us-west-2.amazonaws.com/id/ABC", "https://", "")}:aud', values: ['sts.amazonaws.com'] },
      { test: 'StringEquals', variable: '${replace("https://oidc.eks.us-west-2.amazonaws.com/id/ABC", "https://", "")}:sub', values: subjects },
    ]);
    expect(bucket.blobStorage('eu-west-1', role)).toMatchObject({ engine: 'S3', apiUrl: 'https://s3.eu-west-1.amazonaws.com', serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': role.roleArn } });
  });

  test('wildcard subjects and bad prefixes are refused', () => {
    const { s } = stack();
    expect(() => new LangSmithBucket(s, 'Bad', { namePrefix: 'Acme_Bucket' })).toThrow("s/Bad: field 'namePrefix' has value \"Acme_Bucket\"");
    const b = new LangSmithBucket(s, 'B', { namePrefix: 'acme' });
    expect(() => b.addWorkloadIdentityRole('R', { roleName: 'r', oidcProviderArn: 'arn', oidcIssuerUrl: 'https://x', serviceAccountSubjects: ['system:serviceaccount:langsmith:*'] }))
      .toThrow("s/B/R: field 'serviceAccountSubjects' has value \"system:serviceaccount:langsmith:*\"; allowed: subjects such as system:serviceaccount:langsmith:langsmith-backend (no wildcards)");
  });
});

describe('EksCluster', () => {
  test('in existing subnets: private endpoint only by default, secrets encryption with a given key, the cluster-access contract', () => {
    const { s } = stack();
    const key = 'arn:aws:kms:us-west-2:123456789012:key/abcd';
    const c = new EksCluster(s, 'Eks', { name: 'acme', region: 'us-west-2', subnetIds: SUBNETS, secretsKmsKeyArn: key });
    expect(Testing.synth(s)).toHaveResourceWithProperties(EksClusterResource, {
      vpc_config: { subnet_ids: SUBNETS, endpoint_private_access: true, endpoint_public_access: false },
      encryption_config: { resources: ['secrets'], provider: { key_arn: key } },
    });
    expect(resourcesOf(synth(s), 'aws_kms_key')).toEqual({});
    expect(c.access.exec).toEqual({ apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', c.clusterName, '--region', 'us-west-2'] });
  });

  test('an existing cluster is read with data sources; its OIDC provider looked up by issuer', () => {
    const { s } = stack();
    const c = EksCluster.fromClusterAttributes(s, 'Existing', { clusterName: 'prod', region: 'us-west-2' });
    const access = EksCluster.clusterAccess(c);
    expect(access.kubeconfigCommand).toBe('aws eks update-kubeconfig --name prod --region us-west-2');
    new LangSmithBucket(s, 'B', { namePrefix: 'acme' }).addWorkloadIdentityRole('R', { roleName: 'r', oidcProviderArn: c.oidcProviderArn, oidcIssuerUrl: c.oidcIssuerUrl, serviceAccountSubjects: blobServiceAccountSubjects() });
    const json = synth(s);
    expect(Object.values(json.data.aws_eks_cluster)[0]).toEqual({ name: 'prod' });
    expect((Object.values(json.data.aws_iam_openid_connect_provider)[0] as any).url).toMatch(/data\.aws_eks_cluster\.\w+\.identity\[0\]\.oidc\[0\]\.issuer/);
  });

  test('an API open to the internet is refused', () => {
    const { s } = stack();
    expect(() => new EksCluster(s, 'Open', { name: 'acme', region: 'us-west-2', subnetIds: SUBNETS, publicAccessCidrs: ['0.0.0.0/0'] }))
      .toThrow("s/Open: field 'publicAccessCidrs' has value \"0.0.0.0/0\"; allowed: specific CIDRs; 0.0.0.0/0 would open the API to the internet");
    expect(() => new EksCluster(s, 'One', { name: 'acme', region: 'us-west-2', subnetIds: [SUBNETS[0]] })).toThrow("s/One: field 'subnetIds'");
  });
});

describe('AwsClickHousePrivateLink in an existing VPC', () => {
  test('endpoint to the service in the given subnets, 8443/9440 from the node security group only, private zone and wildcard', () => {
    const { s } = stack();
    const link = new AwsClickHousePrivateLink(s, 'Ch', {
      name: 'acme', vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: [NODE_SG],
      endpointServiceName: 'com.amazonaws.vpce.us-west-2.vpce-svc-0abc', host: 'xyz.us-west-2.vpce.aws.clickhouse.cloud',
    });
    expect(Testing.synth(s)).toHaveResourceWithProperties(VpcEndpoint, { vpc_id: VPC, subnet_ids: SUBNETS, vpc_endpoint_type: 'Interface', private_dns_enabled: false });
    const json = synth(s);
    expect(Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).map((r: any) => [r.from_port, r.referenced_security_group_id])).toEqual([[8443, NODE_SG], [9440, NODE_SG]]);
    expect(onlyResource(json, 'aws_route53_zone').vpc).toEqual([{ vpc_id: VPC }]);
    expect(link.host).toBe('xyz.us-west-2.vpce.aws.clickhouse.cloud');
    expect(link.zoneName).toBe('us-west-2.vpce.aws.clickhouse.cloud');
  });

  test('host mapping and validation', () => {
    expect(clickHousePrivateHost('abc.eu-west-1.aws.clickhouse.cloud')).toEqual({ host: 'abc.eu-west-1.vpce.aws.clickhouse.cloud', zone: 'eu-west-1.vpce.aws.clickhouse.cloud' });
    expect(clickHousePrivateHost('ch.internal.acme.example')).toEqual({ host: 'ch.internal.acme.example', zone: 'internal.acme.example' });
    const { s } = stack();
    expect(() => new AwsClickHousePrivateLink(s, 'Bad', { name: 'a', vpcId: VPC, subnetIds: SUBNETS, allowedSecurityGroupIds: [NODE_SG], endpointServiceName: 'vpce-svc-0abc', host: 'x.y.z' }))
      .toThrow("s/Bad: field 'endpointServiceName' has value \"vpce-svc-0abc\"; allowed: an AWS endpoint service name");
  });
});

describe('AwsNetwork and NatEgress', () => {
  test('the address plan: private /18s, public and data /21s, no overlap', () => {
    expect(planVpc('10.0.0.0/16', 3)).toEqual({
      private: ['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18'],
      public: ['10.0.192.0/21', '10.0.200.0/21', '10.0.208.0/21'],
      data: ['10.0.224.0/21', '10.0.232.0/21', '10.0.240.0/21'],
    });
    expect(planVpc('172.16.16.0/20', 2).private).toEqual(['172.16.16.0/22', '172.16.20.0/22']);
    expect(cidrSubnet('192.168.0.0/16', 8, 255)).toBe('192.168.255.0/24');
  });

  test('the data subnets have no route to the internet; the default security group is emptied', () => {
    const { s } = stack();
    const net = new AwsNetwork(s, 'Net', { name: 'acme', availabilityZones: ['us-west-2a', 'us-west-2b'] });
    new NatEgress(s, 'Nat', { name: 'acme', publicSubnetIds: net.publicSubnetIds, privateRouteTableIds: net.privateRouteTables.map((r) => r.id), staticIps: 1 });
    const json = synth(s);
    const routes = Object.values(resourcesOf(json, 'aws_route')) as any[];
    expect(routes.some((r) => /DataRouteTable/.test(r.route_table_id))).toBe(false);
    expect(routes.filter((r) => r.nat_gateway_id).map((r) => r.route_table_id)).toEqual([expect.stringMatching(/PrivateRouteTable0/), expect.stringMatching(/PrivateRouteTable1/)]);
    expect(onlyResource(json, 'aws_default_security_group').ingress).toBeUndefined();
    expect(onlyResource(json, 'aws_vpc')).toMatchObject({ enable_dns_support: true, enable_dns_hostnames: true });
    expect(Object.values(resourcesOf(json, 'aws_subnet')).map((x: any) => x.availability_zone)).toContain('us-west-2b');
  });

  test('NatEgress alone on existing public subnets and route tables', () => {
    const { s } = stack();
    const nat = new NatEgress(s, 'Nat', { name: 'acme', publicSubnetIds: ['subnet-0ccccccccccccccc1'], privateRouteTableIds: ['rtb-01', 'rtb-02'], staticIps: 2 });
    const json = synth(s);
    expect(onlyResource(json, 'aws_nat_gateway')).toMatchObject({ subnet_id: 'subnet-0ccccccccccccccc1', secondary_allocation_ids: [expect.stringMatching(/Ip1/)] });
    expect(Object.values(resourcesOf(json, 'aws_route')).map((r: any) => r.route_table_id)).toEqual(['rtb-01', 'rtb-02']);
    expect(nat.egress.addresses).toHaveLength(2);
    expect(() => new NatEgress(s, 'Zero', { name: 'acme', publicSubnetIds: ['subnet-0ccccccccccccccc1'], privateRouteTableIds: [], staticIps: 0 })).toThrow("s/Zero: field 'staticIps' has value 0; allowed: an integer from 1 to 16");
  });

  test('network validation', () => {
    const { s } = stack();
    expect(() => new AwsNetwork(s, 'Pub', { name: 'acme', cidr: '8.8.0.0/16' })).toThrow("s/Pub: field 'cidr' has value \"8.8.0.0/16\"; allowed: a private range");
    expect(() => new AwsNetwork(s, 'Az', { name: 'acme', availabilityZoneCount: 4 })).toThrow("s/Az: field 'availabilityZoneCount' has value 4; allowed: an integer from 2 to 3");
    expect(() => new AwsNetwork(s, 'Wide', { name: 'acme', cidr: '10.0.0.0/8' })).toThrow("s/Wide: field 'cidr' has value \"10.0.0.0/8\"; allowed: a prefix length from /16 to /20");
  });
});

describe('AwsLoadBalancerController', () => {
  test('a pinned chart with an IRSA role trusted only by its service account, policy scoped to the region and VPC, no WAF/Shield', () => {
    const { s } = stack();
    const lb = new AwsLoadBalancerController(s, 'Lb', { name: 'acme', clusterName: 'acme', region: 'us-west-2', vpcId: VPC, oidcProviderArn: 'arn:p', oidcIssuerUrl: 'https://oidc.example/id/1' });
    expect(lb.addOn).toMatchObject({ chart: 'aws-load-balancer-controller', repository: 'https://aws.github.io/eks-charts', version: '3.4.3', namespace: 'kube-system' });
    expect(lb.addOn.values).toMatchObject({ clusterName: 'acme', region: 'us-west-2', vpcId: VPC, enableWaf: false, enableWafv2: false, enableShield: false });
    const json = synth(s);
    const trust = Object.values(json.data.aws_iam_policy_document)[0] as any;
    expect(trust.statement[0].condition[1].values).toEqual(['system:serviceaccount:kube-system:aws-load-balancer-controller']);
    const text = onlyResource(json, 'aws_iam_role_policy').policy;
    expect(text).not.toMatch(/wafv2|shield|cognito/);
    expect(text).toContain(`"ec2:Vpc":"arn:aws:ec2:us-west-2:*:vpc/${VPC}"`);
    expect(text).not.toMatch(/elasticloadbalancing:\*:/);
  });

  test('ingress annotations: internal by default; internet-facing requires inbound CIDRs', () => {
    const { s } = stack();
    expect(AwsLoadBalancerController.ingressAnnotations(s, {})).toMatchObject({ 'alb.ingress.kubernetes.io/scheme': 'internal', 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80}]' });
    expect(() => AwsLoadBalancerController.ingressAnnotations(s, { scheme: 'internet-facing' })).toThrow("s: field 'albInboundCidrs' has value []; required with an internet-facing ALB");
    expect(() => AwsLoadBalancerController.ingressAnnotations(s, { certificateArn: 'arn:aws:acm:bad' })).toThrow("s: field 'certificateArn' has value \"arn:aws:acm:bad\"");
  });
});

describe('sizing (../shared/reference/langsmith/sizing-and-addons.md)', () => {
  test('presets map to the instance classes of the official modules', () => {
    expect(['dev', 'small', 'medium', 'large'].map((n) => nodeInstanceType(SIZE_PRESETS[n as 'dev'].nodes))).toEqual(['m5.xlarge', 'm5.2xlarge', 'm5.4xlarge', 'm5.4xlarge']);
    expect(['dev', 'small', 'medium', 'large'].map((n) => rdsInstanceClass(SIZE_PRESETS[n as 'dev'].database))).toEqual(['db.t3.medium', 'db.m6g.large', 'db.m6g.xlarge', 'db.m6g.2xlarge']);
    expect(['dev', 'small', 'medium', 'large'].map((n) => cacheNodeType(SIZE_PRESETS[n as 'dev'].cache))).toEqual(['cache.t3.small', 'cache.m6g.xlarge', 'cache.m6g.xlarge', 'cache.m6g.2xlarge']);
  });
});

describe('AwsLangSmithFoundation as a library construct', () => {
  test('an existing VPC with one subnet is refused with the construct path (library users skip the loader)', () => {
    const { s } = stack();
    expect(() => AwsNetwork.fromNetworkAttributes(s, 'One', { vpcId: VPC, privateSubnetIds: [SUBNETS[0]] }))
      .toThrow("s/One: field 'privateSubnetIds' has value [\"subnet-0aaaaaaaaaaaaaaa1\"]; allowed: at least 2 subnets in different availability zones");
  });

  test('on an existing VPC in a user stack: the Foundation contract, no network or NAT created', () => {
    const { s } = stack();
    const f = new AwsLangSmithFoundation(s, 'LangSmith', {
      name: 'acme', region: 'us-west-2', size: 'small',
      existingNetwork: AwsNetwork.fromNetworkAttributes(s, 'Vpc', { vpcId: VPC, privateSubnetIds: SUBNETS }),
      clickhouse: { host: 'abc.us-west-2.aws.clickhouse.cloud', connectivity: 'public' },
    });
    const json = synth(s);
    expect(resourcesOf(json, 'aws_vpc')).toEqual({});
    expect(f.nat).toBeUndefined();
    expect(f.foundation).toMatchObject({
      ingressClassName: 'alb', storageClassName: 'gp3-encrypted', edgeTls: false, clickhouseHost: 'abc.us-west-2.aws.clickhouse.cloud',
      postgres: { tls: true }, redis: { tls: true }, blobStorage: { engine: 'S3', apiUrl: 'https://s3.us-west-2.amazonaws.com' },
    });
    expect(f.foundation.egress).toBeUndefined();
    expect(f.foundation.ingressAnnotations!['alb.ingress.kubernetes.io/subnets']).toBe(SUBNETS.join(','));
    expect(f.foundation.addOns!.map((a) => a.name)).toEqual(['aws-load-balancer-controller']);
  });

  test('private-link without an endpoint service, and an unknown size, are refused', () => {
    const { s } = stack();
    expect(() => new AwsLangSmithFoundation(s, 'A', { name: 'a', region: 'us-west-2', size: 'small', clickhouse: { host: 'h.us-west-2.aws.clickhouse.cloud', connectivity: 'private-link' } }))
      .toThrow("s/A: field 'clickhouse.endpointService' is missing; required for connectivity private-link");
    expect(() => new AwsLangSmithFoundation(s, 'B', { name: 'b', region: 'us-west-2', size: 'huge' as 'dev' })).toThrow("s/B: field 'size' has value \"huge\"; allowed: dev | small | medium | large");
  });
});
