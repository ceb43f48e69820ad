import { unknownLangSmithKeys } from './chart-keys';
import { blobServiceAccountSubjects } from '../lib/core/naming';
import { buildDeployments, langsmithValues, onlyResource, resourcesOf, synthJson } from './helpers';

const PRIVATE_LINK = {
  type: 'langsmith-managed', connectivity: 'private-link',
  endpointService: 'com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0',
  host: 'abc123.us-west-2.vpce.aws.clickhouse.cloud',
};
const obs = { name: 'acme', mode: 'observability', cloud: 'aws', region: 'us-west-2', size: 'small', hostname: 'ls.acme.example', clickhouse: PRIVATE_LINK, cluster: { apiAllowedCidrs: ['203.0.113.0/24'] } };
const dev = { name: 'devbox', mode: 'observability', cloud: 'aws', region: 'us-east-1', size: 'dev' };

function build(entry: Record<string, unknown>) {
  const { stacks } = buildDeployments([entry]);
  const s = stacks[entry.name as string];
  return { infra: synthJson(s.infra!), app: synthJson(s.app), stacks: s };
}

function secretsByName(app: any): Record<string, any> {
  return Object.fromEntries(Object.values(resourcesOf(app, 'kubernetes_secret_v1')).map((s: any) => [s.metadata.name, s.data]));
}

describe('cloud: aws through the deployments file', () => {
  const { infra, app, stacks } = build(obs);

  test('builds <name>-infra and <name>-app, the app stack depending on the infra stack, with the AWS provider in the region and default tags', () => {
    expect(stacks.infra!.node.id).toBe('acme-infra');
    expect(stacks.app.node.id).toBe('acme-app');
    expect(stacks.app.dependencies).toContain(stacks.infra);
    expect(infra.provider.aws[0]).toEqual({ region: 'us-west-2', default_tags: [{ tags: { 'managed-by': 'cdktf-langsmith', deployment: 'acme' } }] });
  });

  test('EKS: API private plus the listed CIDRs only, secrets encrypted with a rotating KMS key, audit and authenticator logs, access entries, deletion protection', () => {
    const eks = onlyResource(infra, 'aws_eks_cluster');
    expect(eks.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
    expect(eks.encryption_config.resources).toEqual(['secrets']);
    expect(eks.encryption_config.provider.key_arn).toMatch(/^\$\{aws_kms_key\.\w+\.arn\}$/);
    expect(onlyResource(infra, 'aws_kms_key')).toMatchObject({ enable_key_rotation: true });
    expect(eks.enabled_cluster_log_types).toEqual(['audit', 'authenticator']);
    expect(eks.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: true });
    expect(eks).toMatchObject({ version: '1.34', deletion_protection: true, lifecycle: { prevent_destroy: true } });
    expect(onlyResource(infra, 'aws_iam_openid_connect_provider').client_id_list).toEqual(['sts.amazonaws.com']);
  });

  test('nodes: a managed node group of the preset type in the private subnets, IMDSv2 and encrypted root volumes', () => {
    const ng = onlyResource(infra, 'aws_eks_node_group');
    expect(ng.instance_types).toEqual(['m5.2xlarge']);
    expect(ng.scaling_config).toEqual({ min_size: 3, max_size: 6, desired_size: 3 });
    expect(ng.subnet_ids.every((id: string) => /aws_subnet\.LangSmith_Network_PrivateSubnet\d/.test(id))).toBe(true);
    const lt = onlyResource(infra, 'aws_launch_template');
    expect(lt.metadata_options.http_tokens).toBe('required');
    expect(lt.block_device_mappings[0].ebs).toMatchObject({ encrypted: 'true', volume_type: 'gp3' });
    const addons = Object.values(resourcesOf(infra, 'aws_eks_addon')).map((a: any) => a.addon_name).sort();
    expect(addons).toEqual(['aws-ebs-csi-driver', 'coredns', 'kube-proxy', 'vpc-cni']);
    const ebs = Object.values(resourcesOf(infra, 'aws_eks_addon')).find((a: any) => a.addon_name === 'aws-ebs-csi-driver') as any;
    expect(ebs.service_account_role_arn).toMatch(/aws_iam_role\.LangSmith_EbsCsi_Role/);
    expect(JSON.parse(ebs.configuration_values)).toEqual({ defaultStorageClass: { enabled: true } });
  });

  test('network: 2 zones for small, public/private/data subnets, NAT on one Elastic IP per gateway, S3 gateway endpoint, flow logs', () => {
    expect(Object.keys(resourcesOf(infra, 'aws_subnet'))).toHaveLength(6);
    expect(Object.values(resourcesOf(infra, 'aws_subnet')).every((s: any) => s.map_public_ip_on_launch !== true)).toBe(true);
    expect(Object.keys(resourcesOf(infra, 'aws_eip'))).toHaveLength(2);
    expect(Object.values(resourcesOf(infra, 'aws_eip')).every((e: any) => e.domain === 'vpc' && e.lifecycle.prevent_destroy === true)).toBe(true);
    const nats = Object.values(resourcesOf(infra, 'aws_nat_gateway')) as any[];
    expect(nats.map((n) => n.allocation_id)).toEqual([expect.stringMatching(/aws_eip\.LangSmith_Egress_Ip0_\w+\.allocation_id/), expect.stringMatching(/Ip1_\w+\.allocation_id/)]);
    expect(nats.every((n) => /PublicSubnet/.test(n.subnet_id))).toBe(true);
    const s3 = Object.values(resourcesOf(infra, 'aws_vpc_endpoint')).find((e: any) => e.vpc_endpoint_type === 'Gateway') as any;
    expect(s3.service_name).toBe('com.amazonaws.us-west-2.s3');
    expect(onlyResource(infra, 'aws_flow_log')).toMatchObject({ traffic_type: 'REJECT', log_destination_type: 'cloud-watch-logs' });
  });

  test('RDS PostgreSQL 16: encrypted, private, Multi-AZ, 7-day backups, TLS forced, deletion protection, password from random_password', () => {
    const db = onlyResource(infra, 'aws_db_instance');
    expect(db).toMatchObject({
      engine: 'postgres', engine_version: '16', instance_class: 'db.m6g.large', storage_encrypted: true, publicly_accessible: false,
      multi_az: true, backup_retention_period: 7, deletion_protection: true, skip_final_snapshot: false, lifecycle: { prevent_destroy: true },
    });
    expect(db.password).toMatch(/^\$\{random_password\.\w+\.result\}$/);
    const pg = onlyResource(infra, 'aws_db_parameter_group');
    expect(pg.family).toBe('postgres16');
    expect(pg.parameter).toContainEqual(expect.objectContaining({ name: 'rds.force_ssl', value: '1' }));
    expect(db.parameter_group_name).toMatch(/aws_db_parameter_group\./);
  });

  test('ElastiCache Valkey 8: encryption at rest and in transit (required), AUTH token without special characters, failover and Multi-AZ', () => {
    const rg = onlyResource(infra, 'aws_elasticache_replication_group');
    expect(rg).toMatchObject({
      engine: 'valkey', engine_version: '8.0', node_type: 'cache.m6g.xlarge', at_rest_encryption_enabled: 'true', transit_encryption_enabled: true,
      transit_encryption_mode: 'required', automatic_failover_enabled: true, multi_az_enabled: true, num_cache_clusters: 2, lifecycle: { prevent_destroy: true },
    });
    const token = Object.entries(resourcesOf(infra, 'random_password')).find(([id]) => /Redis_AuthToken/.test(id))![1] as any;
    expect(token).toMatchObject({ special: false, length: 64 });
    expect(rg.auth_token).toMatch(/random_password\.LangSmith_Redis_AuthToken/);
  });

  test('data stores and the ClickHouse endpoint accept their ports only from the EKS cluster security group', () => {
    const rules = Object.values(resourcesOf(infra, 'aws_vpc_security_group_ingress_rule')) as any[];
    expect(rules.map((r) => r.from_port).sort()).toEqual([5432, 6379, 8443, 9440]);
    for (const r of rules) {
      expect(r.referenced_security_group_id).toMatch(/aws_eks_cluster\.\w+\.vpc_config\[0\]\.cluster_security_group_id/);
      expect(r.cidr_ipv4).toBeUndefined();
    }
    expect(Object.values(resourcesOf(infra, 'aws_security_group')).every((g: any) => g.egress === undefined && g.ingress === undefined)).toBe(true);
  });

  test('S3: public access blocked, TLS-only policy, SSE, versioning, TTL lifecycle for ttl_s/ and ttl_l/, IRSA role trusted by the four LangSmith service accounts only', () => {
    expect(onlyResource(infra, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const policy = JSON.parse(onlyResource(infra, 'aws_s3_bucket_policy').policy);
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(onlyResource(infra, 'aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
    expect(onlyResource(infra, 'aws_s3_bucket_versioning').versioning_configuration.status).toBe('Enabled');
    const rules = onlyResource(infra, 'aws_s3_bucket_lifecycle_configuration').rule;
    expect(rules).toContainEqual(expect.objectContaining({ filter: [{ prefix: 'ttl_s/' }], expiration: [{ days: 14 }] }));
    expect(rules).toContainEqual(expect.objectContaining({ filter: [{ prefix: 'ttl_l/' }], expiration: [{ days: 400 }] }));
    const blobTrust = Object.entries(infra.data.aws_iam_policy_document).find(([id]) => /Bucket_BlobAccess_Trust/.test(id))![1] as any;
    const sub = blobTrust.statement[0].condition.find((c: any) => c.variable.endsWith(':sub'));
    expect(sub).toMatchObject({ test: 'StringEquals' });
    expect(sub.values.sort()).toEqual(blobServiceAccountSubjects().sort());
    const access = Object.entries(resourcesOf(infra, 'aws_iam_role_policy')).find(([id]) => /BlobAccess/.test(id))![1] as any;
    const resources = JSON.parse(access.policy).Statement.flatMap((s: any) => [s.Resource].flat());
    expect(resources.every((r: string) => r.startsWith('${aws_s3_bucket.LangSmith_Bucket_'))).toBe(true);
  });

  test('ClickHouse over PrivateLink: interface endpoint, private zone with a wildcard to it, endpoint id and zone as outputs', () => {
    const ep = Object.values(resourcesOf(infra, 'aws_vpc_endpoint')).find((e: any) => e.vpc_endpoint_type === 'Interface') as any;
    expect(ep).toMatchObject({ service_name: PRIVATE_LINK.endpointService, private_dns_enabled: false });
    expect(ep.subnet_ids).toHaveLength(2);
    expect(onlyResource(infra, 'aws_route53_zone')).toMatchObject({ name: 'us-west-2.vpce.aws.clickhouse.cloud', vpc: [{ vpc_id: expect.stringMatching(/aws_vpc\./) }] });
    expect(onlyResource(infra, 'aws_route53_record')).toMatchObject({ name: '*.us-west-2.vpce.aws.clickhouse.cloud', type: 'CNAME', records: [expect.stringMatching(/dns_entry\[0\]\.dns_name/)] });
    expect(infra.output.clickhouse_private_endpoint_id.value).toMatch(/aws_vpc_endpoint\.LangSmith_ClickHouse_Endpoint_\w+\.id/);
    expect(infra.output.clickhouse_private_dns_zone.value).toBe('us-west-2.vpce.aws.clickhouse.cloud');
  });

  test('outputs: the fixed names, each with a description, none secret', () => {
    expect(Object.keys(infra.output).filter((k) => !k.startsWith('cross-stack')).sort()).toEqual(
      ['bucket', 'clickhouse_private_dns_zone', 'clickhouse_private_endpoint_id', 'cluster_name', 'egress_ips', 'kubeconfig_command', 'load_balancer_dns_command', 'load_balancer_name', 'postgres_host', 'redis_host']);
    for (const [k, o] of Object.entries(infra.output) as [string, any][]) {
      expect(o.description).toBeTruthy();
      expect(o.sensitive).toBeUndefined();
      expect(JSON.stringify(o.value)).not.toMatch(/random_password/);
      expect(k).not.toMatch(/password|token/);
    }
    expect(infra.output.egress_ips.value).toEqual([expect.stringMatching(/aws_eip\.\w+\.public_ip/), expect.stringMatching(/aws_eip\.\w+\.public_ip/)]);
    expect(infra.output.kubeconfig_command.value).toBe('aws eks update-kubeconfig --name ${aws_eks_cluster.LangSmith_Cluster_CDB8D95E.name} --region us-west-2');
  });

  test('app stack: kubernetes and helm providers reach the cluster with its endpoint, decoded CA and aws eks get-token', () => {
    const k = app.provider.kubernetes[0];
    expect(k.host).toMatch(/aws_eks_cluster\.\w+\.endpoint/);
    expect(k.cluster_ca_certificate).toMatch(/^\$\{base64decode\(aws_eks_cluster\.\w+\.certificate_authority\[0\]\.data\)\}$/);
    expect(k.exec[0]).toEqual({ api_version: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', expect.stringMatching(/aws_eks_cluster/), '--region', 'us-west-2'] });
    expect(app.provider.helm[0].kubernetes.exec.command).toBe('aws');
  });

  test('app stack: Postgres, Redis and ClickHouse reach LangSmith through Secrets holding only references', () => {
    const secrets = secretsByName(app);
    expect(secrets['langsmith-postgres'].connection_url).toMatch(/^langsmith:\$\{urlencode\(random_password\.LangSmith_Postgres_Password_\w+\.result\)\}@\$\{aws_db_instance\.\w+\.address\}:5432\/langsmith\?sslmode=require$/);
    expect(secrets['langsmith-redis'].connection_url).toMatch(/^rediss:\/\/:\$\{urlencode\(random_password\.LangSmith_Redis_AuthToken_\w+\.result\)\}@\$\{aws_elasticache_replication_group\.\w+\.primary_endpoint_address\}:6379$/);
    expect(secrets['langsmith-clickhouse']).toMatchObject({ clickhouse_host: 'abc123.us-west-2.vpce.aws.clickhouse.cloud', clickhouse_port: '8443', clickhouse_tls: 'true', clickhouse_password: '${var.clickhouse_password}' });
  });

  test('app stack: bucket and IRSA annotation reach the chart values; the Ingress is an internal ALB; the controller is installed first', () => {
    const values = langsmithValues(app);
    expect(values.config.blobStorage).toMatchObject({ enabled: true, engine: 'S3', bucketName: expect.stringMatching(/aws_s3_bucket\.\w+\.bucket/), apiURL: 'https://s3.us-west-2.amazonaws.com' });
    for (const c of ['backend', 'platformBackend', 'queue', 'ingestQueue']) {
      expect(values[c].serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': expect.stringMatching(/aws_iam_role\.LangSmith_Bucket_BlobAccess_Role_\w+\.arn/) });
    }
    expect(values.clickhouse.external).toEqual({ enabled: true, existingSecretName: 'langsmith-clickhouse', hybrid: true });
    expect(values.ingress).toMatchObject({ enabled: true, ingressClassName: 'alb', annotations: { 'alb.ingress.kubernetes.io/scheme': 'internal', 'alb.ingress.kubernetes.io/target-type': 'ip' } });
    expect(unknownLangSmithKeys(values)).toEqual([]);
    const releases = resourcesOf(app, 'helm_release');
    const [lbId, lb] = Object.entries(releases).find(([, r]: any) => r.chart === 'aws-load-balancer-controller') as [string, any];
    expect(lb).toMatchObject({ repository: 'https://aws.github.io/eks-charts', version: '3.4.3', namespace: 'kube-system' });
    expect(JSON.parse(lb.values[0]).serviceAccount.annotations['eks.amazonaws.com/role-arn']).toMatch(/LoadBalancerController_Role/);
    expect((Object.values(releases).find((r: any) => r.chart === 'langsmith') as any).depends_on).toContain(`helm_release.${lbId}`);
    expect(app.output.url.value).toBe('http://ls.acme.example');
  });

  test('no secret value is written into either stack', () => {
    const text = JSON.stringify(infra) + JSON.stringify(app);
    expect(text).not.toMatch(/"(password|auth_token)":\s*"(?!\$\{)/);
    expect(Object.values(resourcesOf(app, 'kubernetes_secret_v1')).every((s: any) => Object.values(s.data).every((v: any) => /\$\{/.test(v) || !/pass|token|key/i.test(v)))).toBe(true);
  });
});

describe('cloud: aws sizes and modes', () => {
  test('CloudWatch retention of the control-plane and flow logs: 30 days for dev, 365 otherwise', () => {
    const days = (json: any) => (Object.values(resourcesOf(json, 'aws_cloudwatch_log_group')) as any[]).map((g) => g.retention_in_days);
    expect(days(build(dev).infra)).toEqual([30, 30]);
    expect(days(build(obs).infra)).toEqual([365, 365]);
  });

  test('dev: private API endpoint only, one zone pair, one egress IP, no HA, the dev instance classes', () => {
    const { infra } = build(dev);
    const eks = onlyResource(infra, 'aws_eks_cluster');
    expect(eks.vpc_config.endpoint_public_access).toBe(false);
    expect(eks.vpc_config.public_access_cidrs).toBeUndefined();
    expect(Object.keys(resourcesOf(infra, 'aws_eip'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(infra, 'aws_nat_gateway'))).toHaveLength(1);
    expect(Object.values(resourcesOf(infra, 'aws_route')).filter((r: any) => r.nat_gateway_id)).toHaveLength(2);
    expect(onlyResource(infra, 'aws_eks_node_group').instance_types).toEqual(['m5.xlarge']);
    expect(onlyResource(infra, 'aws_db_instance')).toMatchObject({ instance_class: 'db.t3.medium', multi_az: false, allocated_storage: 20 });
    expect(onlyResource(infra, 'aws_elasticache_replication_group')).toMatchObject({ node_type: 'cache.t3.small', num_cache_clusters: 1, automatic_failover_enabled: false });
    expect(infra.output.egress_ips.value).toHaveLength(1);
    expect(infra.output.clickhouse_private_endpoint_id).toBeUndefined();
    expect(resourcesOf(infra, 'aws_route53_zone')).toEqual({});
  });

  test('dev with in-cluster ClickHouse puts its volume on the encrypted gp3 class the app stack creates', () => {
    const values = langsmithValues(build(dev).app);
    expect(values.clickhouse.statefulSet.persistence.storageClassName).toBe('gp3-encrypted');
  });

  test('medium: three zones, m5.4xlarge, every private route table routed to a NAT gateway', () => {
    const { infra } = build({ ...dev, name: 'big', size: 'medium' });
    expect(Object.keys(resourcesOf(infra, 'aws_subnet'))).toHaveLength(9);
    expect(onlyResource(infra, 'aws_eks_node_group').instance_types).toEqual(['m5.4xlarge']);
    expect(Object.values(resourcesOf(infra, 'aws_route')).filter((r: any) => r.nat_gateway_id)).toHaveLength(3);
    expect(onlyResource(infra, 'aws_db_instance').instance_class).toBe('db.m6g.xlarge');
  });

  test('more static IPs than zones: extra Elastic IPs become secondary addresses of the NAT gateways; all are egress outputs', () => {
    const { infra } = build({ ...dev, name: 'ips', size: 'small', egress: { staticIps: 3 } });
    expect(Object.keys(resourcesOf(infra, 'aws_eip'))).toHaveLength(3);
    const nats = Object.values(resourcesOf(infra, 'aws_nat_gateway')) as any[];
    expect(nats).toHaveLength(2);
    expect(nats[0].secondary_allocation_ids).toEqual([expect.stringMatching(/Egress_Ip2_\w+\.allocation_id/)]);
    expect(infra.output.egress_ips.value).toHaveLength(3);
  });

  test('LangSmith-managed ClickHouse over its public endpoint: no endpoint or zone, static egress IPs output, the public host in the secret', () => {
    const { infra, app } = build({ ...dev, name: 'pubch', size: 'small', egress: { staticIps: 2 }, clickhouse: { type: 'langsmith-managed', connectivity: 'public', host: 'abc.us-east-1.aws.clickhouse.cloud' } });
    expect(Object.values(resourcesOf(infra, 'aws_vpc_endpoint')).filter((e: any) => e.vpc_endpoint_type === 'Interface')).toHaveLength(0);
    expect(resourcesOf(infra, 'aws_route53_zone')).toEqual({});
    expect(infra.output.egress_ips.value).toHaveLength(2);
    expect(secretsByName(app)['langsmith-clickhouse'].clickhouse_host).toBe('abc.us-east-1.aws.clickhouse.cloud');
    expect(langsmithValues(app).config.blobStorage.enabled).toBe(true);
  });

  test('a public ClickHouse hostname with private-link is mapped to its PrivateLink hostname', () => {
    const { infra, app } = build({ ...obs, name: 'mapped', clickhouse: { ...PRIVATE_LINK, host: 'abc123.us-west-2.aws.clickhouse.cloud' } });
    expect(onlyResource(infra, 'aws_route53_zone').name).toBe('us-west-2.vpce.aws.clickhouse.cloud');
    expect(secretsByName(app)['langsmith-clickhouse'].clickhouse_host).toBe('abc123.us-west-2.vpce.aws.clickhouse.cloud');
  });

  test('standalone: managed Postgres and Redis, no bucket, no blob role', () => {
    const { infra, app } = build({ ...dev, name: 'agent', mode: 'standalone', agentServer: { image: 'registry.example.com/a/agent:1.0.0' } });
    expect(resourcesOf(infra, 'aws_s3_bucket')).toEqual({});
    expect(Object.keys(resourcesOf(infra, 'aws_iam_role')).some((id) => /BlobAccess/.test(id))).toBe(false);
    expect(infra.output.bucket).toBeUndefined();
    expect(Object.keys(resourcesOf(infra, 'aws_db_instance'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(infra, 'aws_elasticache_replication_group'))).toHaveLength(1);
    const secrets = secretsByName(app);
    expect(secrets['agent-server-postgres'].postgres_connection_url).toMatch(/aws_db_instance/);
    expect(secrets['agent-server-redis'].redis_connection_url).toMatch(/^rediss:\/\//);
  });

  test('full platform on AWS: KEDA, the controller and LangSmith; TLS at the edge with an ACM certificate', () => {
    const cert = 'arn:aws:acm:us-west-2:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef';
    const { app } = build({ ...obs, name: 'plat', mode: 'full-platform', clickhouse: undefined, aws: { certificateArn: cert } });
    const values = langsmithValues(app);
    expect(values.config.deployment).toEqual({ enabled: true, tlsEnabled: true, ingressHealthCheckEnabled: false });
    expect(values.ingress.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/certificate-arn': cert,
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    expect(Object.values(resourcesOf(app, 'helm_release')).map((r: any) => r.chart).sort()).toEqual(['aws-load-balancer-controller', 'keda', 'langsmith']);
    expect(app.output.url.value).toBe('https://ls.acme.example');
  });
});

describe('cloud: aws settings (aws: block) and bring-your-own network', () => {
  test('an existing VPC: no VPC, NAT, S3 endpoint or egress output; EKS, data stores and the ALB use the given subnets', () => {
    const { infra, app } = build({
      ...obs, name: 'byo', aws: { albScheme: 'internet-facing', albInboundCidrs: ['198.51.100.0/24'] },
      network: { existingNetworkId: 'vpc-0123456789abcdef0', existingSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'], existingPublicSubnetIds: ['subnet-0bbbbbbbbbbbbbbb1', 'subnet-0bbbbbbbbbbbbbbb2'] },
    });
    for (const t of ['aws_vpc', 'aws_subnet', 'aws_nat_gateway', 'aws_eip', 'aws_internet_gateway']) expect(resourcesOf(infra, t)).toEqual({});
    expect(infra.output.egress_ips).toBeUndefined();
    expect(onlyResource(infra, 'aws_eks_cluster').vpc_config.subnet_ids).toEqual(['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2']);
    expect(onlyResource(infra, 'aws_db_subnet_group').subnet_ids).toEqual(['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2']);
    expect(Object.values(resourcesOf(infra, 'aws_security_group')).every((g: any) => g.vpc_id === 'vpc-0123456789abcdef0')).toBe(true);
    expect(langsmithValues(app).ingress.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/inbound-cidrs': '198.51.100.0/24',
      'alb.ingress.kubernetes.io/subnets': 'subnet-0bbbbbbbbbbbbbbb1,subnet-0bbbbbbbbbbbbbbb2',
    });
  });

  test('an existing VPC with one subnet, or ids that are not AWS ids, are refused by the loader (the construct refuses them too: aws-constructs.test.ts)', () => {
    expect(() => buildDeployments([{ ...dev, name: 'byo1', network: { existingNetworkId: 'vpc-0123456789abcdef0', existingSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1'] } }]))
      .toThrow("test.yaml: deployments[0] (byo1): field 'network.existingSubnetIds' has value [\"subnet-0aaaaaaaaaaaaaaa1\"]; allowed: >= 2 private subnet ids in different availability zones (EKS and RDS need two)");
    expect(() => buildDeployments([{ ...dev, name: 'ids', network: { existingNetworkId: 'my-vpc', existingSubnetIds: ['nodes-a', 'subnet-0aaaaaaaaaaaaaaa2'], existingPublicSubnetIds: ['public-a'] } }]))
      .toThrow(/^3 problems in test\.yaml:\n {2}- test\.yaml: deployments\[0\] \(ids\): field 'network\.existingSubnetIds' has value "nodes-a"; allowed: subnet ids such as subnet-0123456789abcdef0\n {2}- .*field 'network\.existingNetworkId' has value "my-vpc"; allowed: a VPC id such as vpc-0123456789abcdef0\n {2}- .*field 'network\.existingPublicSubnetIds' has value "public-a"/);
  });

  test('an internet-facing ALB in an existing VPC without its public subnets is refused by the loader', () => {
    const byo = { existingNetworkId: 'vpc-0123456789abcdef0', existingSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'] };
    const alb = { albScheme: 'internet-facing', albInboundCidrs: ['203.0.113.0/24'] };
    expect(() => buildDeployments([{ ...dev, name: 'pub', hostname: 'ls.acme.example', network: byo, aws: alb }]))
      .toThrow("test.yaml: deployments[0] (pub): field 'network.existingPublicSubnetIds' is missing; required for aws.albScheme: internet-facing in an existing VPC (the load balancer goes in public subnets); allowed: public subnet ids of that VPC, or aws.albScheme: internal");
    // No load balancer (cluster-ip): nothing to place, nothing refused.
    expect(() => buildDeployments([{ ...dev, name: 'pub', network: byo, aws: alb }])).not.toThrow();
  });

  test('subnet ids without a VPC id, and a VPC id without subnets, are refused by the loader naming the file, deployment and field', () => {
    expect(() => buildDeployments([{ ...dev, name: 'half', network: { existingSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'] } }]))
      .toThrow("test.yaml: deployments[0] (half): field 'network.existingSubnetIds' has value [\"subnet-0aaaaaaaaaaaaaaa1\",\"subnet-0aaaaaaaaaaaaaaa2\"]; only with network.existingNetworkId");
    expect(() => buildDeployments([{ ...dev, name: 'bare', network: { existingNetworkId: 'vpc-0123456789abcdef0' } }]))
      .toThrow("test.yaml: deployments[0] (bare): field 'network.existingSubnetIds' is missing; required with network.existingNetworkId");
  });

  test('an internet-facing ALB needs client CIDRs (config error names the deployment and field)', () => {
    expect(() => buildDeployments([{ ...dev, name: 'open', aws: { albScheme: 'internet-facing' } }])).toThrow(/deployments\[0\] \(open\): field 'aws\.albInboundCidrs' is missing; allowed: client CIDRs, required with albScheme internet-facing/);
  });

  test('unknown aws fields get a did-you-mean hint; bad values are refused', () => {
    expect(() => buildDeployments([{ ...dev, name: 'typo', aws: { albSchema: 'internal' } }])).toThrow(/field 'aws\.albSchema'.*did you mean 'albScheme'/);
    expect(() => buildDeployments([{ ...dev, name: 'pg13', aws: { postgresVersion: '13' } }])).toThrow(/field 'aws\.postgresVersion' has value "13"/);
    expect(() => buildDeployments([{ ...dev, name: 'bkp', aws: { backupRetentionDays: 3 } }])).toThrow(/field 'aws\.backupRetentionDays' has value 3; allowed: a number >= 7/);
  });

  test('a VPC larger than AWS allows (/8) is refused by the loader (the network construct refuses it too: aws-constructs.test.ts)', () => {
    expect(() => buildDeployments([{ ...dev, name: 'wide', network: { cidr: '10.0.0.0/8' } }])).toThrow("test.yaml: deployments[0] (wide): field 'network.cidr' has value \"10.0.0.0/8\"; allowed on cloud: aws: a prefix from /16 to /20 (the largest VPC range AWS allows is a /16)");
  });

  test('a KMS key encrypts RDS, ElastiCache and the bucket (SSE-KMS, bucket key); the blob role may use it', () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666';
    const { infra, app } = build({ ...dev, name: 'kms', aws: { kmsKeyArn: key } });
    expect(onlyResource(infra, 'aws_db_instance').kms_key_id).toBe(key);
    expect(onlyResource(infra, 'aws_elasticache_replication_group').kms_key_id).toBe(key);
    expect(onlyResource(infra, 'aws_s3_bucket_server_side_encryption_configuration').rule[0]).toEqual({ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: key }, bucket_key_enabled: true });
    const access = Object.entries(resourcesOf(infra, 'aws_iam_role_policy')).find(([id]) => /BlobAccess/.test(id))![1] as any;
    expect(JSON.parse(access.policy).Statement).toContainEqual(expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key }));
    expect(langsmithValues(app).config.blobStorage).toMatchObject({ kmsEncryptionEnabled: true, kmsKeyArn: key });
  });

  test('deletionProtection: false turns off prevent_destroy and the cloud flags together', () => {
    const { infra } = build({ ...dev, name: 'scratch', deletionProtection: false });
    expect(onlyResource(infra, 'aws_eks_cluster')).toMatchObject({ deletion_protection: false, lifecycle: { prevent_destroy: false } });
    expect(onlyResource(infra, 'aws_db_instance')).toMatchObject({ deletion_protection: false, skip_final_snapshot: true, lifecycle: { prevent_destroy: false } });
    expect(onlyResource(infra, 'aws_elasticache_replication_group').lifecycle).toEqual({ prevent_destroy: false });
    expect(onlyResource(infra, 'aws_s3_bucket')).toMatchObject({ force_destroy: true, lifecycle: { prevent_destroy: false } });
  });

  test('cluster version, admin roles, private API access CIDRs, node types and tags come from the entry', () => {
    const { infra } = build({
      ...dev, name: 'tuned', cluster: { version: '1.33' }, tags: { team: 'ml' },
      aws: { clusterAdminArns: ['arn:aws:iam::123456789012:role/ci'], privateApiAccessCidrs: ['10.50.0.0/16'], nodeInstanceTypes: ['m6i.xlarge'] },
    });
    expect(onlyResource(infra, 'aws_eks_cluster').version).toBe('1.33');
    const entry = onlyResource(infra, 'aws_eks_access_entry');
    expect(entry.principal_arn).toBe('${each.value}');
    expect(entry.for_each).toContain('arn:aws:iam::123456789012:role/ci');
    expect(onlyResource(infra, 'aws_eks_access_policy_association')).toMatchObject({ policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', access_scope: { type: 'cluster' } });
    const api = Object.values(resourcesOf(infra, 'aws_vpc_security_group_ingress_rule')).find((r: any) => r.from_port === 443) as any;
    expect(api).toMatchObject({ cidr_ipv4: '10.50.0.0/16', security_group_id: expect.stringMatching(/cluster_security_group_id/) });
    expect(onlyResource(infra, 'aws_eks_node_group').instance_types).toEqual(['m6i.xlarge']);
    expect(infra.provider.aws[0].default_tags[0].tags).toEqual({ team: 'ml', 'managed-by': 'cdktf-langsmith', deployment: 'tuned' });
  });
});
