import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { IrsaRole } from './irsa-role';

/** Properties of {@link EksCoreAddOns}. */
export interface EksCoreAddOnsProps {
  /** Name of the EKS cluster the add-ons are installed on. */
  readonly clusterName: string;
  /** The node group: CoreDNS needs nodes to become active. */
  readonly nodes: ITerraformDependable[];
}

/**
 * The networking add-ons every EKS cluster runs (VPC CNI, kube-proxy, CoreDNS) as managed EKS
 * add-ons, so EKS patches them; versions default to the ones EKS recommends for the cluster version.
 */
export class EksCoreAddOns extends Construct {
  public readonly vpcCni: EksAddon;
  public readonly kubeProxy: EksAddon;
  public readonly coreDns: EksAddon;

  constructor(scope: Construct, id: string, props: EksCoreAddOnsProps) {
    super(scope, id);
    const common = { clusterName: props.clusterName, resolveConflictsOnCreate: 'OVERWRITE', resolveConflictsOnUpdate: 'OVERWRITE' };
    this.vpcCni = new EksAddon(this, 'VpcCni', { ...common, addonName: 'vpc-cni' });
    this.kubeProxy = new EksAddon(this, 'KubeProxy', { ...common, addonName: 'kube-proxy' });
    this.coreDns = new EksAddon(this, 'CoreDns', { ...common, addonName: 'coredns', dependsOn: props.nodes });
  }
}

/** Properties of {@link EbsCsiDriver}. */
export interface EbsCsiDriverProps {
  /** Name prefix of the IRSA role (`<name>-ebs-csi`). */
  readonly name: string;
  /** Name of the EKS cluster the EBS CSI driver add-on is installed on. */
  readonly clusterName: string;
  /** ARN of the cluster's IAM OIDC provider (trusted by the IRSA role). */
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/...`). */
  readonly oidcIssuerUrl: string;
  /** The node group (the controller runs on nodes). */
  readonly nodes: ITerraformDependable[];
  /** A KMS key the driver may use for encrypted volumes (a StorageClass `kmsKeyId`). @default - none (aws/ebs) */
  readonly kmsKeyArn?: string;
}

/** The StorageClass the EBS CSI add-on creates as the cluster default (gp3). */
export const EBS_DEFAULT_STORAGE_CLASS = 'ebs-csi-default-sc';

/**
 * The Amazon EBS CSI driver as an EKS add-on, with its own IRSA role (AmazonEBSCSIDriverPolicy,
 * trusted only by `kube-system:ebs-csi-controller-sa`). LangSmith's in-cluster stores
 * (ClickHouse, and Postgres/Redis for dev) need it: EKS has no dynamic provisioner otherwise
 * (../shared/reference/langsmith/sizing-and-addons.md: "EKS needs ebs-csi-driver").
 * `defaultStorageClass.enabled` makes the add-on create `ebs-csi-default-sc` (gp3,
 * WaitForFirstConsumer, volume expansion) as the default class. That class sets no
 * `encrypted` parameter: its volumes are encrypted when EBS encryption by default is on in the
 * account and region (see the README).
 */
export class EbsCsiDriver extends Construct {
  public readonly role: IrsaRole;
  public readonly addOn: EksAddon;
  public readonly storageClassName = EBS_DEFAULT_STORAGE_CLASS;

  constructor(scope: Construct, id: string, props: EbsCsiDriverProps) {
    super(scope, id);
    this.role = new IrsaRole(this, 'Role', {
      roleName: `${props.name}-ebs-csi`,
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuerUrl: props.oidcIssuerUrl,
      serviceAccountSubjects: ['system:serviceaccount:kube-system:ebs-csi-controller-sa'],
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'],
      policyJson: props.kmsKeyArn ? JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: props.kmsKeyArn, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
          { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: props.kmsKeyArn },
        ],
      }) : undefined,
      description: 'EBS CSI driver controller (IRSA)',
    });
    this.addOn = new EksAddon(this, 'AddOn', {
      clusterName: props.clusterName,
      addonName: 'aws-ebs-csi-driver',
      serviceAccountRoleArn: this.role.roleArn,
      configurationValues: JSON.stringify({ defaultStorageClass: { enabled: true } }),
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      dependsOn: props.nodes,
    });
  }
}
