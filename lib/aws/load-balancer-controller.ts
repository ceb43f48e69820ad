import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterAddOn } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { checkOneOf, checkPattern, parseCidr } from '../core/validation';
import { checkName, checkRegion } from './common';
import { IrsaRole } from './irsa-role';

/**
 * The pinned AWS Load Balancer Controller chart (`aws-load-balancer-controller` from
 * https://aws.github.io/eks-charts). Chart and app versions are equal since v3
 * (kubernetes-sigs/aws-load-balancer-controller, helm/aws-load-balancer-controller/Chart.yaml at v3.4.3).
 */
export const LOAD_BALANCER_CONTROLLER_CHART_VERSION = '3.4.3';
export const EKS_CHARTS_REPOSITORY = 'https://aws.github.io/eks-charts';
/** Service account of the controller (IRSA trusts exactly this one). */
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';

/** ALB scheme: `internal` (reachable only from the VPC and networks routed to it) or `internet-facing`. */
export type AlbScheme = 'internal' | 'internet-facing';

/** The TLS policy of HTTPS listeners: TLS 1.3 and 1.2 only. */
export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Properties of {@link AwsLoadBalancerController}. */
export interface AwsLoadBalancerControllerProps {
  /** Name prefix of the IRSA role (`<name>-aws-lb-controller`). */
  readonly name: string;
  /** Name of the EKS cluster the controller runs in. */
  readonly clusterName: string;
  /** AWS region of the cluster, e.g. us-west-2. */
  readonly region: string;
  /** ID of the cluster's VPC (the load balancers and the security groups the controller manages are in it). */
  readonly vpcId: string;
  /** ARN of the cluster's IAM OIDC provider (trusted by the IRSA role). */
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/...`). */
  readonly oidcIssuerUrl: string;
  /** @default '3.4.3' */
  readonly chartVersion?: string;
  /** @default 2 */
  readonly replicas?: number;
}

/** How the LangSmith Ingress is served by an ALB. */
export interface AlbIngressOptions {
  /** @default 'internal' */
  readonly scheme?: AlbScheme;
  /** ACM certificate ARN: adds an HTTPS listener (TLS 1.2+), redirects HTTP to HTTPS. @default - HTTP only */
  readonly certificateArn?: string;
  /** Client CIDRs allowed to reach the ALB. Required for internet-facing. @default - the controller's default for the scheme */
  readonly inboundCidrs?: string[];
  /** Subnets of the ALB (needed when subnets are not tagged for discovery, e.g. a BYO VPC). @default - discovered by the `kubernetes.io/role/(internal-)elb` tags */
  readonly subnetIds?: string[];
}

/**
 * The AWS Load Balancer Controller, as a {@link ClusterAddOn} the app stack installs before
 * LangSmith, plus its IRSA role. With it, an Ingress of class `alb` becomes an Application
 * Load Balancer ({@link AwsLoadBalancerController.ingressAnnotations}).
 *
 * The role's policy is the controller's published `docs/install/iam_policy.json` (v3.4.3),
 * tightened: load balancer and target group ARNs limited to the region; security group
 * ingress changes on untagged groups limited to this VPC (`ec2:Vpc`); no WAF, Shield or
 * Cognito permissions (the chart's `enableWaf`, `enableWafv2` and `enableShield` are off).
 */
export class AwsLoadBalancerController extends Construct {
  /** Ingress annotations for an ALB serving LangSmith. */
  public static ingressAnnotations(scope: Construct, o: AlbIngressOptions): Record<string, string> {
    const scheme = o.scheme ?? 'internal';
    checkOneOf(scope, 'albScheme', scheme, ['internal', 'internet-facing'] as const);
    checkPattern(scope, 'certificateArn', o.certificateArn, /^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, 'an ACM certificate ARN such as arn:aws:acm:us-west-2:123456789012:certificate/0123abcd-...');
    const cidrs = o.inboundCidrs;
    if (cidrs && !Token.isUnresolved(cidrs)) {
      for (const c of cidrs) if (!Token.isUnresolved(c) && !parseCidr(c)) throw ConfigurationError.forConstruct(scope, 'albInboundCidrs', c, 'allowed: IPv4 CIDRs such as 203.0.113.0/24');
    }
    if (scheme === 'internet-facing' && (!cidrs || (!Token.isUnresolved(cidrs) && cidrs.length === 0))) {
      throw ConfigurationError.forConstruct(scope, 'albInboundCidrs', cidrs ?? [], 'required with an internet-facing ALB; allowed: the client CIDRs (write 0.0.0.0/0 explicitly to open it to everyone)');
    }
    const a: Record<string, string> = {
      'alb.ingress.kubernetes.io/scheme': scheme,
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/load-balancer-attributes': 'idle_timeout.timeout_seconds=3600,routing.http.drop_invalid_header_fields.enabled=true',
    };
    if (o.certificateArn) {
      a['alb.ingress.kubernetes.io/listen-ports'] = '[{"HTTP":80},{"HTTPS":443}]';
      a['alb.ingress.kubernetes.io/certificate-arn'] = o.certificateArn;
      a['alb.ingress.kubernetes.io/ssl-policy'] = ALB_SSL_POLICY;
      a['alb.ingress.kubernetes.io/ssl-redirect'] = '443';
    } else {
      a['alb.ingress.kubernetes.io/listen-ports'] = '[{"HTTP":80}]';
    }
    if (cidrs && (Token.isUnresolved(cidrs) || cidrs.length)) a['alb.ingress.kubernetes.io/inbound-cidrs'] = Token.isUnresolved(cidrs) ? Token.asString(cidrs) : cidrs.join(',');
    if (o.subnetIds && (Token.isUnresolved(o.subnetIds) || o.subnetIds.length)) a['alb.ingress.kubernetes.io/subnets'] = o.subnetIds.join(',');
    return a;
  }

  public readonly role: IrsaRole;
  /** The chart, for the app stack. */
  public readonly addOn: ClusterAddOn;

  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkRegion(this, 'region', props.region);
    checkPattern(this, 'chartVersion', props.chartVersion, /^\d+\.\d+\.\d+$/, 'a pinned chart version such as 3.4.3');
    const r = props.region;
    const elb = (suffix: string) => `arn:aws:elasticloadbalancing:${r}:*:${suffix}`;
    const tagged = { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } };
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } } },
        {
          Effect: 'Allow',
          Action: [
            'ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeInternetGateways',
            'ec2:DescribeVpcs', 'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
            'ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeTags', 'ec2:GetCoipPoolUsage', 'ec2:DescribeCoipPools',
            'ec2:GetSecurityGroupsForVpc', 'ec2:DescribeIpamPools', 'ec2:DescribeRouteTables',
            'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:DescribeListeners',
            'elasticloadbalancing:DescribeListenerCertificates', 'elasticloadbalancing:DescribeSSLPolicies', 'elasticloadbalancing:DescribeRules',
            'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetHealth',
            'elasticloadbalancing:DescribeTags', 'elasticloadbalancing:DescribeTrustStores', 'elasticloadbalancing:DescribeListenerAttributes',
            'elasticloadbalancing:DescribeCapacityReservation',
            'acm:ListCertificates', 'acm:DescribeCertificate', 'iam:ListServerCertificates', 'iam:GetServerCertificate',
          ],
          Resource: '*',
        },
        // Opening the nodes' (cluster) security group to the ALB: only groups of this VPC.
        { Effect: 'Allow', Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], Resource: '*', Condition: { ArnEquals: { 'ec2:Vpc': `arn:aws:ec2:${r}:*:vpc/${props.vpcId}` } } },
        { Effect: 'Allow', Action: 'ec2:CreateSecurityGroup', Resource: '*' },
        { Effect: 'Allow', Action: 'ec2:CreateTags', Resource: `arn:aws:ec2:${r}:*:security-group/*`, Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } } },
        { Effect: 'Allow', Action: ['ec2:CreateTags', 'ec2:DeleteTags'], Resource: `arn:aws:ec2:${r}:*:security-group/*`, Condition: { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } } },
        { Effect: 'Allow', Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'], Resource: '*', Condition: tagged },
        { Effect: 'Allow', Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'], Resource: '*', Condition: { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } } },
        { Effect: 'Allow', Action: ['elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:CreateRule', 'elasticloadbalancing:DeleteRule'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
          Resource: [elb('targetgroup/*/*'), elb('loadbalancer/net/*/*'), elb('loadbalancer/app/*/*')],
          Condition: { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } },
        },
        {
          Effect: 'Allow',
          Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
          Resource: [elb('listener/net/*/*/*'), elb('listener/app/*/*/*'), elb('listener-rule/net/*/*/*'), elb('listener-rule/app/*/*/*')],
        },
        {
          Effect: 'Allow',
          Action: [
            'elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetIpAddressType', 'elasticloadbalancing:SetSecurityGroups',
            'elasticloadbalancing:SetSubnets', 'elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:ModifyTargetGroup',
            'elasticloadbalancing:ModifyTargetGroupAttributes', 'elasticloadbalancing:DeleteTargetGroup', 'elasticloadbalancing:ModifyListenerAttributes',
            'elasticloadbalancing:ModifyCapacityReservation', 'elasticloadbalancing:ModifyIpPools',
          ],
          Resource: '*',
          Condition: tagged,
        },
        {
          Effect: 'Allow',
          Action: 'elasticloadbalancing:AddTags',
          Resource: [elb('targetgroup/*/*'), elb('loadbalancer/net/*/*'), elb('loadbalancer/app/*/*')],
          Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] }, Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } },
        },
        { Effect: 'Allow', Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'], Resource: elb('targetgroup/*/*') },
        {
          Effect: 'Allow',
          Action: ['elasticloadbalancing:ModifyListener', 'elasticloadbalancing:AddListenerCertificates', 'elasticloadbalancing:RemoveListenerCertificates', 'elasticloadbalancing:ModifyRule', 'elasticloadbalancing:SetRulePriorities'],
          Resource: '*',
        },
      ],
    };
    this.role = new IrsaRole(this, 'Role', {
      roleName: `${props.name}-aws-lb-controller`,
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerUrl: props.oidcIssuerUrl,
      serviceAccountSubjects: [`system:serviceaccount:kube-system:${LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT}`],
      policyJson: JSON.stringify(policy),
      description: 'AWS Load Balancer Controller (IRSA)',
    });
    this.addOn = {
      name: 'aws-load-balancer-controller',
      namespace: 'kube-system',
      repository: EKS_CHARTS_REPOSITORY,
      chart: 'aws-load-balancer-controller',
      version: props.chartVersion ?? LOAD_BALANCER_CONTROLLER_CHART_VERSION,
      values: {
        clusterName: props.clusterName,
        region: props.region,
        vpcId: props.vpcId,
        replicaCount: props.replicas ?? 2,
        serviceAccount: { create: true, name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': this.role.roleArn } },
        enableShield: false,
        enableWaf: false,
        enableWafv2: false,
        podDisruptionBudget: { maxUnavailable: 1 },
      },
    };
  }
}
