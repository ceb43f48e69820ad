/**
 * Every AWS rule of the policy fires on a hand-built bad resource and stays quiet on a good one.
 * The good baseline is one compliant stack; each case breaks exactly one thing in it.
 */
import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { ElasticacheCluster } from '@cdktf/provider-aws/lib/elasticache-cluster';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketAcl } from '@cdktf/provider-aws/lib/s3-bucket-acl';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { AWS_RULES, PolicyLevel } from '../lib/core/policy';
import { Opts, findings, merge, of } from './policy-helpers';



function make<P>(o: Opts, key: string, base: P, ctor: (props: P) => unknown): void {
  if (o[key] === false) return;
  ctor(merge(base, o[key]));
}

/** A compliant stack holding one of every AWS resource type the rules cover. */
function baseline(stack: TerraformStack, o: Opts = {}): void {
  new AwsProvider(stack, 'aws', { region: 'us-west-2' });
  const keep = { preventDestroy: true };
  const vpc = new Vpc(stack, 'Vpc', merge({ cidrBlock: '10.0.0.0/16' }, o.vpc || {}));
  make(o, 'flowLog', { vpcId: vpc.id, trafficType: 'ALL', logDestination: 'arn:aws:s3:::logs' }, (p) => new FlowLog(stack, 'FlowLog', p));
  const subnet = new Subnet(stack, 'Private', merge({ vpcId: vpc.id, cidrBlock: '10.0.0.0/20', mapPublicIpOnLaunch: false }, o.subnet || {}));
  const key = new KmsKey(stack, 'Key', merge({ enableKeyRotation: true, lifecycle: keep }, o.kms || {}));
  make(o, 'eks', {
    name: 'c', roleArn: 'arn:aws:iam::1:role/c',
    vpcConfig: { subnetIds: [subnet.id], endpointPrivateAccess: true, endpointPublicAccess: false },
    encryptionConfig: { resources: ['secrets'], provider: { keyArn: key.arn } },
    enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    deletionProtection: true, lifecycle: keep,
  }, (p) => new EksCluster(stack, 'Cluster', p));
  make(o, 'nodeGroup', { clusterName: 'c', nodeRoleArn: 'arn:aws:iam::1:role/n', subnetIds: [subnet.id], scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 } }, (p) => new EksNodeGroup(stack, 'Nodes', p));
  make(o, 'launchTemplate', { metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 } }, (p) => new LaunchTemplate(stack, 'Template', p));
  const pg = new DbParameterGroup(stack, 'Params', merge({ family: 'postgres16', parameter: [{ name: 'rds.force_ssl', value: '1' }] }, o.params || {}));
  make(o, 'db', {
    instanceClass: 'db.t4g.medium', engine: 'postgres', engineVersion: '16.4', allocatedStorage: 20, username: 'ls', manageMasterUserPassword: true,
    storageEncrypted: true, publiclyAccessible: false, deletionProtection: true, backupRetentionPeriod: 7, iamDatabaseAuthenticationEnabled: true,
    multiAz: true, parameterGroupName: pg.name, enabledCloudwatchLogsExports: ['postgresql', 'upgrade'], lifecycle: keep,
  }, (p) => new DbInstance(stack, 'Db', p));
  make(o, 'redis', {
    replicationGroupId: 'r', description: 'r', atRestEncryptionEnabled: 'true', transitEncryptionEnabled: true, authToken: '${var.token}',
    automaticFailoverEnabled: true, numCacheClusters: 2, lifecycle: keep,
  }, (p) => new ElasticacheReplicationGroup(stack, 'Redis', p));
  const bucket = new S3Bucket(stack, 'Bucket', merge({ bucket: 'acme-ls', lifecycle: keep }, o.bucket || {}));
  make(o, 'pab', { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, (p) => new S3BucketPublicAccessBlock(stack, 'Pab', p));
  make(o, 'sse', { bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn } }] }, (p) => new S3BucketServerSideEncryptionConfigurationA(stack, 'Sse', p));
  make(o, 'versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } }, (p) => new S3BucketVersioningA(stack, 'Versioning', p));
  const tls = new DataAwsIamPolicyDocument(stack, 'TlsOnly', merge({
    statement: [{ sid: 'DenyInsecureTransport', effect: 'Deny', actions: ['s3:*'], resources: [bucket.arn, `${bucket.arn}/*`], principals: [{ type: '*', identifiers: ['*'] }], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }],
  }, o.tlsDoc || {}));
  make(o, 'bucketPolicy', { bucket: bucket.id, policy: tls.json }, (p) => new S3BucketPolicy(stack, 'BucketPolicy', p));
  make(o, 'sg', { vpcId: vpc.id, ingress: [{ fromPort: 5432, toPort: 5432, protocol: 'tcp', cidrBlocks: ['10.0.0.0/16'] }, { fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }] }, (p) => new SecurityGroup(stack, 'Sg', p));
  const eip = new Eip(stack, 'NatIp', merge({ domain: 'vpc', lifecycle: keep }, o.eip || {}));
  make(o, 'nat', { subnetId: subnet.id, allocationId: eip.id }, (p) => new NatGateway(stack, 'Nat', p));
  make(o, 'policy', { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] }) }, (p) => new IamPolicy(stack, 'Policy', p));
}



describe('AWS rules', () => {
  test('the compliant baseline has no finding at all, not even a warning', () => {
    expect(findings((s) => baseline(s)).map((f) => `${f.ruleId} ${f.address}: ${f.reason}`)).toEqual([]);
  });

  // [rule id, what is broken, baseline overrides, expected reason]
  const cases: [string, string, (s: TerraformStack) => void, RegExp][] = [
    ['LS-AWS-EKS-1', 'public endpoint without CIDRs', (s) => baseline(s, { eks: { vpcConfig: { endpointPublicAccess: true } } }), /no public_access_cidrs/],
    ['LS-AWS-EKS-1', 'public endpoint open to 0.0.0.0/0', (s) => baseline(s, { eks: { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] } } }), /contains 0\.0\.0\.0\/0/],
    ['LS-AWS-EKS-1', 'endpoint_public_access left to its default (true)', (s) => baseline(s, { eks: { vpcConfig: { endpointPublicAccess: undefined } } }), /the default/],
    ['LS-AWS-EKS-2', 'no private endpoint', (s) => baseline(s, { eks: { vpcConfig: { endpointPrivateAccess: false } } }), /endpoint_private_access/],
    ['LS-AWS-EKS-3', 'no secrets encryption', (s) => baseline(s, { eks: { encryptionConfig: undefined } }), /no encryption_config/],
    ['LS-AWS-EKS-4', 'no authenticator log', (s) => baseline(s, { eks: { enabledClusterLogTypes: ['api', 'audit', 'scheduler'] } }), /lacks authenticator/],
    ['LS-AWS-EKS-5', 'no deletion protection', (s) => baseline(s, { eks: { deletionProtection: false } }), /deletion_protection/],
    ['LS-AWS-EKS-6', 'nodes in a public subnet', (s) => baseline(s, { subnet: { mapPublicIpOnLaunch: true } }), /public subnets aws_subnet\.Private/],
    ['LS-AWS-EKS-7', 'SSH from anywhere', (s) => baseline(s, { nodeGroup: { remoteAccess: { ec2SshKey: 'k' } } }), /SSH/],
    ['LS-AWS-EC2-1', 'IMDSv1 allowed', (s) => baseline(s, { launchTemplate: { metadataOptions: { httpTokens: 'optional' } } }), /"optional"/],
    ['LS-AWS-RDS-1', 'unencrypted storage', (s) => baseline(s, { db: { storageEncrypted: false } }), /storage_encrypted/],
    ['LS-AWS-RDS-2', 'public database', (s) => baseline(s, { db: { publiclyAccessible: true } }), /publicly_accessible is true/],
    ['LS-AWS-RDS-3', 'no deletion protection', (s) => baseline(s, { db: { deletionProtection: undefined } }), /deletion_protection is not true/],
    ['LS-AWS-RDS-4', 'one-day backups', (s) => baseline(s, { db: { backupRetentionPeriod: 1 } }), /backup_retention_period is 1/],
    ['LS-AWS-RDS-4', 'backups left to the default', (s) => baseline(s, { db: { backupRetentionPeriod: undefined } }), /not set/],
    ['LS-AWS-RDS-5', 'no IAM auth', (s) => baseline(s, { db: { iamDatabaseAuthenticationEnabled: undefined } }), /iam_database_authentication_enabled/],
    ['LS-AWS-RDS-6', 'single AZ', (s) => baseline(s, { db: { multiAz: false } }), /multi_az/],
    ['LS-AWS-RDS-7', 'parameter group without force_ssl', (s) => baseline(s, { params: { parameter: [{ name: 'log_connections', value: '1' }] } }), /rds\.force_ssl = 1/],
    ['LS-AWS-RDS-7', 'no parameter group', (s) => baseline(s, { db: { parameterGroupName: undefined } }), /parameter_group_name is not set/],
    ['LS-AWS-RDS-8', 'no log export', (s) => baseline(s, { db: { enabledCloudwatchLogsExports: [] } }), /postgresql/],
    ['LS-AWS-REDIS-1', 'no at-rest encryption', (s) => baseline(s, { redis: { atRestEncryptionEnabled: 'false' } }), /at_rest_encryption_enabled/],
    ['LS-AWS-REDIS-2', 'no TLS', (s) => baseline(s, { redis: { transitEncryptionEnabled: false } }), /transit_encryption_enabled/],
    ['LS-AWS-REDIS-2', 'TLS preferred only', (s) => baseline(s, { redis: { transitEncryptionMode: 'preferred' } }), /preferred/],
    ['LS-AWS-REDIS-3', 'no AUTH', (s) => baseline(s, { redis: { authToken: undefined } }), /auth_token/],
    ['LS-AWS-REDIS-4', 'no failover', (s) => baseline(s, { redis: { automaticFailoverEnabled: false } }), /automatic_failover_enabled/],
    ['LS-AWS-REDIS-5', 'a bare Redis cache cluster', (s) => { baseline(s); new ElasticacheCluster(s, 'Bare', { clusterId: 'b', engine: 'redis', nodeType: 'cache.t4g.small', numCacheNodes: 1 }); }, /replication_group/],
    ['LS-AWS-S3-1', 'no public access block', (s) => baseline(s, { pab: false }), /no aws_s3_bucket_public_access_block/],
    ['LS-AWS-S3-2', 'public policies allowed', (s) => baseline(s, { pab: { blockPublicPolicy: false } }), /block_public_policy not true/],
    ['LS-AWS-S3-3', 'no default encryption', (s) => baseline(s, { sse: false }), /server_side_encryption/],
    ['LS-AWS-S3-4', 'no bucket policy', (s) => baseline(s, { bucketPolicy: false }), /no aws_s3_bucket_policy/],
    ['LS-AWS-S3-4', 'a policy without the TLS deny', (s) => baseline(s, { tlsDoc: { statement: [{ effect: 'Allow', actions: ['s3:GetObject'], resources: ['*'], principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::1:root'] }] }] } }), /SecureTransport/],
    ['LS-AWS-S3-5', 'no versioning', (s) => baseline(s, { versioning: false }), /no aws_s3_bucket_versioning/],
    ['LS-AWS-S3-5', 'versioning suspended', (s) => baseline(s, { versioning: { versioningConfiguration: { status: 'Suspended' } } }), /Suspended/],
    ['LS-AWS-S3-6', 'a public-read ACL', (s) => { baseline(s); new S3BucketAcl(s, 'Acl', { bucket: 'acme-ls', acl: 'public-read' }); }, /public-read/],
    ['LS-AWS-S3-7', 'force_destroy', (s) => baseline(s, { bucket: { forceDestroy: true } }), /force_destroy/],
    ['LS-AWS-SG-1', 'Postgres open to the internet', (s) => baseline(s, { sg: { ingress: [{ fromPort: 5432, toPort: 5432, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }] } }), /0\.0\.0\.0\/0 to ports 5432/],
    ['LS-AWS-SG-1', 'all traffic from ::/0 (rule resource)', (s) => { baseline(s); new SecurityGroupRule(s, 'All', { type: 'ingress', securityGroupId: 'sg-1', fromPort: 0, toPort: 0, protocol: '-1', ipv6CidrBlocks: ['::/0'] }); }, /::\/0/],
    ['LS-AWS-SG-1', 'SSH from anywhere (vpc ingress rule)', (s) => { baseline(s); new VpcSecurityGroupIngressRule(s, 'Ssh', { securityGroupId: 'sg-1', ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }); }, /ports 22/],
    ['LS-AWS-NET-1', 'NAT without a static IP', (s) => baseline(s, { nat: { allocationId: undefined } }), /allocation_id/],
    ['LS-AWS-NET-2', 'no flow logs', (s) => baseline(s, { flowLog: false }), /aws_flow_log/],
    ['LS-AWS-KMS-1', 'no key rotation', (s) => baseline(s, { kms: { enableKeyRotation: false } }), /enable_key_rotation/],
    ['LS-AWS-IAM-1', 'a static access key', (s) => { baseline(s); new IamAccessKey(s, 'Key2', { user: 'ci' }); }, /static credential/],
    ['LS-AWS-IAM-2', 'Action "*"', (s) => baseline(s, { policy: { policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) } }), /Action "\*"/],
    ['LS-AWS-IAM-2', 'AdministratorAccess', (s) => { baseline(s); new IamRolePolicyAttachment(s, 'Admin', { role: 'r', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }); }, /AdministratorAccess/],
  ];

  test.each(cases)('%s fires on: %s', (id, _what, build, reason) => {
    const fs = findings(build);
    const rule = AWS_RULES.find((r) => r.id === id)!;
    expect(of(fs, id)).toEqual([expect.objectContaining({ level: rule.level, reason: expect.stringMatching(reason) })]);
    // Only the broken thing is reported.
    expect(fs.filter((f) => f.ruleId !== id && !f.ruleId.startsWith('LS-TF'))).toEqual([]);
  });

  test('every AWS rule has a bad case above', () => {
    expect(AWS_RULES.map((r) => r.id).filter((id) => !cases.some((c) => c[0] === id))).toEqual([]);
  });

  test('alternatives that comply stay quiet', () => {
    // A public endpoint limited to an office range; private endpoint on.
    expect(of(findings((s) => baseline(s, { eks: { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] } } })), 'LS-AWS-EKS-1')).toEqual([]);
    // A literal TLS-only policy (not a policy document data source).
    const literal = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::acme-ls/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
    expect(of(findings((s) => baseline(s, { bucketPolicy: { policy: literal } })), 'LS-AWS-S3-4')).toEqual([]);
    // HTTPS from anywhere to a load balancer is fine; only data/admin ports are refused.
    expect(of(findings((s) => baseline(s)), 'LS-AWS-SG-1')).toEqual([]);
    // An existing parameter group by name is outside what the policy can see.
    expect(of(findings((s) => baseline(s, { db: { parameterGroupName: 'corp-postgres16-tls' } })), 'LS-AWS-RDS-7')).toEqual([]);
    // An Aurora cluster with the same protections.
    const aurora = findings((s) => {
      baseline(s);
      new RdsCluster(s, 'Aurora', { engine: 'aurora-postgresql', storageEncrypted: true, deletionProtection: true, backupRetentionPeriod: 14, iamDatabaseAuthenticationEnabled: true, enabledCloudwatchLogsExports: ['postgresql'], dbClusterParameterGroupName: 'corp-aurora-tls', lifecycle: { preventDestroy: true } });
      new RdsClusterInstance(s, 'AuroraWriter', { clusterIdentifier: 'a', instanceClass: 'db.r7g.large', engine: 'aurora-postgresql', publiclyAccessible: false });
    });
    expect(aurora).toEqual([]);
  });

  test('deletionProtection: false (explicit prevent_destroy = false) turns deletion findings into warnings', () => {
    const fs = findings((s) => baseline(s, { db: { deletionProtection: false, lifecycle: { preventDestroy: false } }, bucket: { forceDestroy: true, lifecycle: { preventDestroy: false } } }));
    expect(of(fs, 'LS-AWS-RDS-3')).toEqual([expect.objectContaining({ level: PolicyLevel.WARNING, reason: expect.stringContaining('deletionProtection: false') })]);
    expect(of(fs, 'LS-AWS-S3-7')).toEqual([expect.objectContaining({ level: PolicyLevel.WARNING })]);
    expect(of(fs, 'LS-TF-1').map((f) => [f.address, f.level])).toEqual([['aws_db_instance.Db', PolicyLevel.WARNING], ['aws_s3_bucket.Bucket', PolicyLevel.WARNING]]);
    // Without the explicit opt-out, a missing prevent_destroy is an error.
    expect(of(findings((s) => baseline(s, { db: { lifecycle: undefined } })), 'LS-TF-1')).toEqual([expect.objectContaining({ level: PolicyLevel.ERROR, address: 'aws_db_instance.Db' })]);
  });
});
