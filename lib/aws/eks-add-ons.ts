import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { StorageClassSpec } from '../core/contracts';
import { checkInteger } from '../core/validation';
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
  /** A KMS key for the volumes of {@link EbsCsiDriver.storageClass} (`kmsKeyId`; the driver's role may use it). @default - the aws/ebs key */
  readonly kmsKeyArn?: string;
  /** Throughput of gp3 volumes in MiB/s (125 included; ClickHouse merges and scans are throughput-bound). @default 250 */
  readonly throughputMiBps?: number;
}

/** The StorageClass the EBS CSI add-on creates as the cluster default (gp3, no `encrypted` parameter). */
export const EBS_DEFAULT_STORAGE_CLASS = 'ebs-csi-default-sc';

/** The encrypted gp3 StorageClass of LangSmith's in-cluster volumes ({@link EbsCsiDriver.storageClass}). */
export const ENCRYPTED_GP3_STORAGE_CLASS = 'gp3-encrypted';

/**
 * The spec of {@link ENCRYPTED_GP3_STORAGE_CLASS} for the Kubernetes layer (`Foundation.storageClasses`):
 * provisioner `ebs.csi.aws.com` (the EBS CSI driver, created here by {@link EbsCsiDriver} or already
 * on a brought cluster) unless `provisioner` says otherwise (EKS Auto Mode's `ebs.csi.eks.amazonaws.com`), gp3, `encrypted: "true"` whatever the account's EBS encryption default
 * (and `kmsKeyId` with a key), 3000 IOPS (the gp3 baseline) and `throughputMiBps` (default 250),
 * WaitForFirstConsumer (the volume is made in the zone of the pod's node), expandable, deleted with its claim.
 */
export function encryptedGp3StorageClass(kmsKeyArn?: string, throughputMiBps?: number, provisioner = 'ebs.csi.aws.com'): StorageClassSpec {
  return {
    name: ENCRYPTED_GP3_STORAGE_CLASS,
    provisioner,
    parameters: {
      type: 'gp3',
      encrypted: 'true',
      iops: '3000',
      throughput: String(throughputMiBps ?? 250),
      ...(kmsKeyArn ? { kmsKeyId: kmsKeyArn } : {}),
    },
    volumeBindingMode: 'WaitForFirstConsumer',
    reclaimPolicy: 'Delete',
    allowVolumeExpansion: true,
  };
}

/**
 * The Amazon EBS CSI driver as an EKS add-on, with its own IRSA role (AmazonEBSCSIDriverPolicy,
 * trusted only by `kube-system:ebs-csi-controller-sa`). LangSmith's in-cluster stores
 * (ClickHouse, and Postgres/Redis for dev) need it: EKS has no dynamic provisioner otherwise
 * (LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale: "EKS needs ebs-csi-driver").
 * `defaultStorageClass.enabled` makes the add-on create `ebs-csi-default-sc` (gp3,
 * WaitForFirstConsumer, volume expansion) as the cluster default for other workloads; that
 * class sets no `encrypted` parameter. LangSmith's own volumes use {@link EbsCsiDriver.storageClass}
 * (`gp3-encrypted`), which the Kubernetes layer creates from `Foundation.storageClasses`: the
 * add-on's configuration schema has no documented field for extra classes.
 */
export class EbsCsiDriver extends Construct {
  public readonly role: IrsaRole;
  public readonly addOn: EksAddon;
  /**
   * The StorageClass for in-cluster volumes, to be created by the Kubernetes layer
   * (`Foundation.storageClasses`): gp3, `encrypted: "true"` whatever the account's EBS
   * encryption default, 3000 IOPS (the gp3 baseline) and 250 MiB/s, WaitForFirstConsumer (the
   * volume is made in the zone of the pod's node), expandable, deleted with its claim.
   */
  public readonly storageClass: StorageClassSpec;
  public readonly storageClassName = ENCRYPTED_GP3_STORAGE_CLASS;

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
    checkInteger(this, 'throughputMiBps', props.throughputMiBps, 125, 1000);
    this.storageClass = encryptedGp3StorageClass(props.kmsKeyArn, props.throughputMiBps);
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

/** Properties of {@link MetricsServer}. */
export interface MetricsServerProps {
  /** Name of the EKS cluster the add-on is installed on. */
  readonly clusterName: string;
  /** The node group (the server runs on nodes). */
  readonly nodes: ITerraformDependable[];
}

/**
 * The Kubernetes metrics-server as an EKS community add-on (`metrics-server`): the resource
 * metrics API that HorizontalPodAutoscalers (the agent server's CPU autoscaling) and KEDA's
 * cpu/memory triggers read. EKS does not run one unless it is installed. The default version
 * is the one EKS recommends for the cluster version.
 */
export class MetricsServer extends Construct {
  public readonly addOn: EksAddon;

  constructor(scope: Construct, id: string, props: MetricsServerProps) {
    super(scope, id);
    this.addOn = new EksAddon(this, 'AddOn', {
      clusterName: props.clusterName,
      addonName: 'metrics-server',
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      dependsOn: props.nodes,
    });
  }
}
