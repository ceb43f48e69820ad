import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { EksCluster, EksClusterAttributes } from '../lib/aws/eks-cluster';
import { AwsLangSmithFoundation, AwsLangSmithFoundationProps } from '../lib/aws/foundation';
import { blobServiceAccountSubjects } from '../lib/core/naming';
import { LangSmithPolicy } from '../lib/core/policy/langsmith-policy';
import { LangSmithOnFoundationStack } from '../lib/k8s/langsmith-on-foundation-stack';
import { resourcesOf, StackJson, synthJson } from './helpers';

/**
 * `AwsLangSmithFoundation` on a cluster the user brings (`existingCluster`), read from the
 * synthesized JSON as Terraform reads it: what is not created, whom the IRSA roles trust, which
 * security groups reach the stores, and the contract the app stack's providers are built from.
 */

const VPC = 'vpc-0123456789abcdef0';
const NETWORK = { vpcId: VPC, privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'], dataSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'], publicSubnetIds: [] as string[] };
const NODE_SG = 'sg-0123456789abcdef0';
const OIDC_ARN = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';

function stack(app: App = Testing.app(), id = 's'): TerraformStack {
  const s = new TerraformStack(app, id);
  new AwsProvider(s, 'aws', { region: 'us-west-2' });
  new RandomProvider(s, 'random', {});
  return s;
}

function brought(s: TerraformStack, attrs: Partial<EksClusterAttributes> = {}, props: Partial<AwsLangSmithFoundationProps> = {}): AwsLangSmithFoundation {
  const cluster = EksCluster.fromClusterAttributes(s, 'Eks', { clusterName: 'prod', region: 'us-west-2', ...attrs });
  return new AwsLangSmithFoundation(s, 'LangSmith', { name: 'acme', region: 'us-west-2', size: 'small', existingNetwork: NETWORK, existingCluster: cluster, ...props });
}

/** A brought-cluster foundation in an infra stack and LangSmith on it in an app stack, synthesized as app.synth() joins them. */
function broughtWithApp(): { infraJson: StackJson; appJson: StackJson } {
  const app = Testing.app();
  const infra = stack(app, 'infra');
  const appStack = new LangSmithOnFoundationStack(app, 'app', { foundation: brought(infra).foundation, size: 'small', hostname: 'ls.example.com' });
  infra.prepareStack();
  appStack.prepareStack();
  return { infraJson: synthJson(infra), appJson: synthJson(appStack) };
}

/** The one data source of a type whose logical id contains `part`. */
function dataOf(json: StackJson, type: string, part: string): [string, any] {
  const found = Object.entries<any>(json.data?.[type] ?? {}).filter(([id]) => id.includes(part));
  expect(found).toHaveLength(1);
  return found[0];
}

/** The trust policy document of an IRSA role: its federated principal and its aud/sub conditions. */
function trustOf(json: StackJson, part: string): { principal: string; aud: any; sub: any } {
  const [, doc] = dataOf(json, 'aws_iam_policy_document', part);
  const st = doc.statement[0];
  return {
    principal: st.principals[0].identifiers[0],
    aud: st.condition.find((c: any) => c.variable.endsWith(':aud')),
    sub: st.condition.find((c: any) => c.variable.endsWith(':sub')),
  };
}

describe('AwsLangSmithFoundation with existingCluster', () => {
  // The default brought-cluster stack, synthesized once for the tests that only read it.
  let shared: { f: AwsLangSmithFoundation; json: StackJson } | undefined;
  const base = () => {
    if (!shared) {
      const s = stack();
      const f = brought(s);
      shared = { f, json: synthJson(s) };
    }
    return shared;
  };

  test('creates no cluster, node group, launch template, cluster KMS key, OIDC provider, access entry or EKS add-on; reads the cluster with data sources', () => {
    const { f, json } = base();
    for (const type of ['aws_eks_cluster', 'aws_eks_node_group', 'aws_launch_template', 'aws_eks_addon', 'aws_kms_key', 'aws_kms_alias', 'aws_iam_openid_connect_provider', 'aws_eks_access_entry', 'aws_eks_access_policy_association', 'aws_cloudwatch_log_group']) {
      expect({ type, resources: resourcesOf(json, type) }).toEqual({ type, resources: {} });
    }
    // No role for the cluster, the nodes or the EBS CSI driver: only the blob and load balancer controller roles.
    expect(Object.values<any>(resourcesOf(json, 'aws_iam_role')).map((r) => r.name).sort()).toEqual(['acme-aws-lb-controller', 'acme-langsmith-blob', 'acme-rds-monitoring'].sort());
    expect(dataOf(json, 'aws_eks_cluster', 'Eks')[1]).toEqual({ name: 'prod', lifecycle: expect.anything() });
    expect(f.nodes).toBeUndefined();
    expect(f.coreAddOns).toBeUndefined();
    expect(f.ebsCsi).toBeUndefined();
    expect(f.metricsServer).toBeUndefined();
    // The stores are created as for a created cluster.
    expect(Object.keys(resourcesOf(json, 'aws_db_instance'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(json, 'aws_elasticache_replication_group'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket'))).toHaveLength(1);
  });

  test('the IRSA roles trust the brought cluster\'s OIDC provider (looked up by its issuer), for exactly the service accounts the app uses', () => {
    const { json } = base();
    const [oidcId, oidc] = dataOf(json, 'aws_iam_openid_connect_provider', 'Eks');
    const [eksId] = dataOf(json, 'aws_eks_cluster', 'Eks');
    const issuer = `data.aws_eks_cluster.${eksId}.identity[0].oidc[0].issuer`;
    expect(oidc.url).toBe(`\${${issuer}}`);
    const blob = trustOf(json, 'Bucket_BlobAccess_Trust');
    expect(blob.principal).toBe(`\${data.aws_iam_openid_connect_provider.${oidcId}.arn}`);
    expect(blob.sub).toEqual({ test: 'StringEquals', variable: `\${replace(${issuer}, "https://", "")}:sub`, values: blobServiceAccountSubjects('langsmith', 'langsmith') });
    expect(blob.aud).toEqual({ test: 'StringEquals', variable: `\${replace(${issuer}, "https://", "")}:aud`, values: ['sts.amazonaws.com'] });
    const alb = trustOf(json, 'LoadBalancerController_Role_Trust');
    expect(alb.principal).toBe(blob.principal);
    expect(alb.sub.values).toEqual(['system:serviceaccount:kube-system:aws-load-balancer-controller']);
    // Exactly two IRSA trust documents: no EBS CSI role on a brought cluster.
    const trusts = Object.keys(json.data.aws_iam_policy_document).filter((id) => /_Trust/.test(id));
    expect(trusts).toHaveLength(2);
    expect(trusts).toEqual(expect.arrayContaining([expect.stringMatching(/Bucket_BlobAccess_Trust/), expect.stringMatching(/LoadBalancerController_Role_Trust/)]));
  });

  test('a given OIDC provider ARN is trusted as is (no lookup); a namespace and release name change the blob role\'s subjects', () => {
    const s = stack();
    brought(s, { oidcProviderArn: OIDC_ARN }, { namespace: 'ls', releaseName: 'obs' });
    const json = synthJson(s);
    expect(json.data.aws_iam_openid_connect_provider).toBeUndefined();
    const blob = trustOf(json, 'Bucket_BlobAccess_Trust');
    expect(blob.principal).toBe(OIDC_ARN);
    expect(blob.sub.values).toEqual(blobServiceAccountSubjects('ls', 'obs'));
  });

  test('RDS, ElastiCache and the ClickHouse endpoint admit the cluster security group and the given node security group, on their ports only', () => {
    const s = stack();
    brought(s, { nodeSecurityGroupIds: [NODE_SG] }, { clickhouse: { host: 'abc.us-west-2.aws.clickhouse.cloud', connectivity: 'private-link', endpointService: 'com.amazonaws.vpce.us-west-2.vpce-svc-0abc' } });
    const json = synthJson(s);
    const [eksId] = dataOf(json, 'aws_eks_cluster', 'Eks');
    const clusterSg = `\${data.aws_eks_cluster.${eksId}.vpc_config[0].cluster_security_group_id}`;
    const rules = Object.values<any>(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).map((r) => [r.from_port, r.referenced_security_group_id, r.cidr_ipv4]);
    expect(rules.sort()).toEqual([
      [5432, clusterSg, undefined], [5432, NODE_SG, undefined],
      [6379, clusterSg, undefined], [6379, NODE_SG, undefined],
      [8443, clusterSg, undefined], [8443, NODE_SG, undefined],
      [9440, clusterSg, undefined], [9440, NODE_SG, undefined],
    ].sort());
  });

  test('a plan-time precondition refuses a cluster outside existingNetwork\'s VPC', () => {
    const { json } = base();
    const [eksId] = dataOf(json, 'aws_eks_cluster', 'Eks');
    const pgSg = Object.entries<any>(resourcesOf(json, 'aws_security_group')).find(([id]) => id.includes('Postgres'))![1];
    expect(pgSg.lifecycle.precondition).toEqual([{
      condition: `\${(data.aws_eks_cluster.${eksId}.vpc_config[0].vpc_id == "${VPC}")}`,
      error_message: expect.stringContaining(`does not run in existingNetwork.vpcId ${VPC}`),
    }]);
  });

  test('a plan-time postcondition refuses a cluster the aws provider reads in another region than the one given (exec auth, kubeconfig and the load balancer controller use that one)', () => {
    const { json } = base();
    const [, data] = Object.entries<any>(json.data.aws_eks_cluster)[0];
    expect(data.lifecycle.postcondition).toEqual([{
      condition: '${split(":", self.arn)[3] == "us-west-2"}',
      error_message: expect.stringContaining('is not in region us-west-2'),
    }]);
  });

  test('the Foundation contract: exec auth to the brought cluster, the encrypted gp3 class for its EBS CSI driver, the ALB controller chart for it', () => {
    const s = stack();
    const kms = 'arn:aws:kms:us-west-2:123456789012:key/abcd';
    const f = brought(s, {}, { kmsKeyArn: kms });
    const json = synthJson(s);
    const [eksId] = dataOf(json, 'aws_eks_cluster', 'Eks');
    const c = f.foundation.cluster;
    expect(c.exec).toEqual({ apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'prod', '--region', 'us-west-2'] });
    expect(c.kubeconfigCommand).toBe('aws eks update-kubeconfig --name prod --region us-west-2');
    expect(f.foundation.storageClassName).toBe('gp3-encrypted');
    expect(f.foundation.storageClasses).toEqual([expect.objectContaining({ name: 'gp3-encrypted', parameters: expect.objectContaining({ type: 'gp3', encrypted: 'true', kmsKeyId: kms }) })]);
    expect(f.foundation.addOns!.map((a) => [a.name, a.values!.clusterName, a.values!.vpcId])).toEqual([['aws-load-balancer-controller', 'prod', VPC]]);
    expect(f.foundation.ingressClassName).toBe('alb');
    expect(f.foundation.ingressAnnotations!['alb.ingress.kubernetes.io/scheme']).toBe('internal');
    // Through the app stack: the kubernetes and helm providers reach the brought cluster's endpoint and CA.
    const { infraJson, appJson } = broughtWithApp();
    const k = appJson.provider.kubernetes[0];
    expect(k.exec[0]).toMatchObject({ command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'prod', '--region', 'us-west-2'] });
    const outputFor = (expr: string) => Object.entries<any>(infraJson.output).find(([, o]) => o.value === expr)?.[0];
    expect(outputFor(`\${data.aws_eks_cluster.${eksId}.endpoint}`)).toBeDefined();
    expect(k.host).toContain(`outputs.${outputFor(`\${data.aws_eks_cluster.${eksId}.endpoint}`)}`);
    expect(k.cluster_ca_certificate).toBe(`\${base64decode(data.terraform_remote_state.cross-stack-reference-input-infra.outputs.${outputFor(`\${data.aws_eks_cluster.${eksId}.certificate_authority[0].data}`)})}`);
    expect(Object.values<any>(resourcesOf(appJson, 'kubernetes_storage_class_v1')).map((sc) => sc.metadata.name)).toEqual(['gp3-encrypted']);
    expect(Object.values<any>(resourcesOf(appJson, 'helm_release')).map((r) => r.chart).sort()).toEqual(['aws-load-balancer-controller', 'langsmith']);
  });

  test('the in-cluster volumes\' provisioner is the brought cluster\'s: EKS Auto Mode block storage when on (the EBS CSI add-on\'s node plugin does not run on Auto Mode nodes), else the EBS CSI driver; ebsProvisioner names one', () => {
    const { infraJson, appJson } = broughtWithApp();
    const [eksId] = dataOf(infraJson, 'aws_eks_cluster', 'Eks');
    // Read at plan from the cluster, in one local: storage_config is empty on a cluster without Auto
    // Mode (try), a null is not true; the app stack reads the local, never storage_config[0] itself.
    const [localId, local] = Object.entries<any>(infraJson.locals).find(([id]) => id.includes('EbsProvisioner'))!;
    expect(local).toBe(`\${try((data.aws_eks_cluster.${eksId}.storage_config[0].block_storage[0].enabled == true), false) ? "ebs.csi.eks.amazonaws.com" : "ebs.csi.aws.com"}`);
    expect(Object.values<any>(infraJson.output).map((o) => o.value).filter((v) => /storage_config|EbsProvisioner/.test(v))).toEqual([`\${local.${localId}}`]);
    const output = Object.entries<any>(infraJson.output).find(([, o]) => o.value === `\${local.${localId}}`)![0];
    const classes = Object.values<any>(resourcesOf(appJson, 'kubernetes_storage_class_v1'));
    expect(classes.map((sc) => [sc.metadata.name, sc.storage_provisioner])).toEqual([['gp3-encrypted', `\${data.terraform_remote_state.cross-stack-reference-input-infra.outputs.${output}}`]]);
    // Named by the user (a cluster with both kinds of nodes): as given, nothing read.
    for (const p of ['ebs.csi.aws.com', 'ebs.csi.eks.amazonaws.com'] as const) {
      expect(brought(stack(), { ebsProvisioner: p }).foundation.storageClasses!.map((c) => c.provisioner)).toEqual([p]);
    }
    expect(() => brought(stack(), { ebsProvisioner: 'kubernetes.io/aws-ebs' as any })).toThrow("s/Eks: field 'ebsProvisioner' has value \"kubernetes.io/aws-ebs\"; allowed: ebs.csi.aws.com | ebs.csi.eks.amazonaws.com");
  });

  test('existingLoadBalancerController: no chart and no role for it, the Ingress still served by an ALB', () => {
    const s = stack();
    const f = brought(s, {}, { existingLoadBalancerController: true, certificateArn: 'arn:aws:acm:us-west-2:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef' });
    const json = synthJson(s);
    expect(Object.values<any>(resourcesOf(json, 'aws_iam_role')).map((r) => r.name)).not.toContain('acme-aws-lb-controller');
    expect(f.loadBalancerController).toBeUndefined();
    expect(f.foundation.addOns).toEqual([]);
    expect(f.foundation).toMatchObject({ ingressClassName: 'alb', edgeTls: true, ingressBackend: { keepAliveTimeoutSeconds: 3605 } });
    expect(f.foundation.ingressAnnotations!['alb.ingress.kubernetes.io/load-balancer-name']).toBe('ls-acme');
    // No ALB needed (a ClusterIP exposure): nothing at all.
    const t = stack();
    const g = brought(t, {}, { existingLoadBalancerController: true, loadBalancerController: false });
    expect(g.foundation.ingressClassName).toBeUndefined();
    expect(g.foundation.ingressAnnotations).toBeUndefined();
  });

  test('the policy aspect finds nothing to report on the brought-cluster stack (no warning either)', () => {
    const s = stack();
    brought(s, { nodeSecurityGroupIds: [NODE_SG] });
    expect(LangSmithPolicy.evaluate(s).filter((f) => !f.suppressedBecause).map((f) => `${f.ruleId} ${f.level} ${f.path}: ${f.reason}`)).toEqual([]);
  });

  describe('refusals name path, field, value and what is allowed', () => {
    test('without existingNetwork', () => {
      const s = stack();
      const cluster = EksCluster.fromClusterAttributes(s, 'Eks', { clusterName: 'prod', region: 'us-west-2' });
      expect(() => new AwsLangSmithFoundation(s, 'LangSmith', { name: 'acme', region: 'us-west-2', size: 'small', existingCluster: cluster }))
        .toThrow("s/LangSmith: field 'existingNetwork' is missing; required with existingCluster");
    });

    test.each<[keyof AwsLangSmithFoundationProps, unknown]>([
      ['kubernetesVersion', '1.33'],
      ['apiAllowedCidrs', ['203.0.113.0/24']],
      ['privateApiAccessCidrs', ['10.100.0.0/16']],
      ['clusterAdminArns', ['arn:aws:iam::123456789012:role/ci']],
      ['controlPlaneLogTypes', ['audit', 'authenticator', 'api']],
      ['supportType', 'EXTENDED'],
      ['nodeInstanceTypes', ['m7g.2xlarge']],
    ])('%s: only for a created cluster', (field, value) => {
      expect(() => brought(stack(), {}, { [field]: value }))
        .toThrow(`s/LangSmith: field '${field}' has value ${JSON.stringify(value)}; only for a cluster created here (`);
    });

    test('metricsServer: true (an EKS add-on over the cluster\'s own); false is accepted', () => {
      expect(() => brought(stack(), {}, { metricsServer: true })).toThrow(/s\/LangSmith: field 'metricsServer' has value true; only for a cluster created here: .*allowed: false or unset/);
      expect(() => brought(stack(), {}, { metricsServer: false })).not.toThrow();
    });

    test('privateApiAccessCidrs: the refusal says albInboundCidrs replaces the VPC CIDR of the internal ALB', () => {
      expect(() => brought(stack(), {}, { privateApiAccessCidrs: ['10.100.0.0/16'] })).toThrow(/list your VPN ranges in albInboundCidrs, with the VPC CIDR, which albInboundCidrs replaces/);
    });

    test('a foundation region other than the cluster\'s', () => {
      expect(() => brought(stack(), { region: 'us-east-1' })).toThrow("s/LangSmith: field 'region' has value \"us-west-2\"; the region of existingCluster (us-east-1)");
    });

    test('nodeSecurityGroupIds as one reference to a whole list (one rule per group is counted at synth)', () => {
      const s = stack();
      const sgs = new TerraformVariable(s, 'node_sgs', { type: 'list(string)' });
      expect(() => EksCluster.fromClusterAttributes(s, 'Eks', { clusterName: 'prod', region: 'us-west-2', nodeSecurityGroupIds: sgs.listValue }))
        .toThrow(/s\/Eks: field 'nodeSecurityGroupIds' has value .*allowed: a list written out, whose elements may be Terraform references/);
      // A written-out list of references is fine: one rule per element.
      const t = stack();
      const sg = new TerraformVariable(t, 'node_sg', { type: 'string' });
      brought(t, { nodeSecurityGroupIds: [sg.stringValue] });
      const rules = Object.values<any>(resourcesOf(synthJson(t), 'aws_vpc_security_group_ingress_rule')).map((r) => r.referenced_security_group_id);
      expect(rules.filter((r) => r === '${var.node_sg}')).toHaveLength(2);
    });

    test('existingLoadBalancerController without existingCluster', () => {
      const s = stack();
      expect(() => new AwsLangSmithFoundation(s, 'LangSmith', { name: 'acme', region: 'us-west-2', size: 'small', existingNetwork: NETWORK, existingLoadBalancerController: true }))
        .toThrow("s/LangSmith: field 'existingLoadBalancerController' has value true; only with existingCluster");
    });

    test('bad cluster attributes', () => {
      expect(() => EksCluster.fromClusterAttributes(stack(), 'Eks', { clusterName: '-prod', region: 'us-west-2' })).toThrow("s/Eks: field 'clusterName' has value \"-prod\"; allowed: an EKS cluster name");
      expect(() => EksCluster.fromClusterAttributes(stack(), 'Eks', { clusterName: 'prod', region: 'west' })).toThrow("s/Eks: field 'region' has value \"west\"");
      expect(() => EksCluster.fromClusterAttributes(stack(), 'Eks', { clusterName: 'prod', region: 'us-west-2', nodeSecurityGroupIds: ['node-sg'] })).toThrow("s/Eks: field 'nodeSecurityGroupIds' has value \"node-sg\"; allowed: ids such as sg-");
      expect(() => EksCluster.fromClusterAttributes(stack(), 'Eks', { clusterName: 'prod', region: 'us-west-2', oidcProviderArn: 'arn:aws:iam::123456789012:role/x' })).toThrow("s/Eks: field 'oidcProviderArn'");
    });
  });
});
