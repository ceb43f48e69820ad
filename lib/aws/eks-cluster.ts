import { Fn, Op, TerraformIterator, TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { DataAwsIamOpenidConnectProvider } from '@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ClusterAccess } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { checkOffered, checkAllowList, checkInteger, checkOneOf, checkPattern } from '../core/validation';
import { checkAtLeast, checkIds, checkName, checkRegion } from './common';
import { KUBERNETES_MINOR_VERSIONS, kubernetesMinor } from '../core/kubernetes-versions';
import { EBS_PROVISIONERS, EbsProvisioner, EKS_LOG_TYPES, EKS_SUPPORT_TYPES, EksSupportType } from './constants';

// Defined in constants.ts (no provider binding: the deployments-file loader imports them); re-exported here.
export { EKS_LOG_TYPES };
export type { EksSupportType };

/**
 * The EKS Kubernetes version this library defaults to: the version the official LangSmith
 * Terraform modules pin (LangSmith's self-hosting guide, docs.langchain.com/langsmith/self-host-scale, "TF pins: EKS 1.34").
 */
export const DEFAULT_EKS_VERSION = '1.34';

/**
 * The control-plane log types on by default: `audit` (who did what through the API) and
 * `authenticator` (who authenticated as whom), the security record. `api`, `controllerManager`
 * and `scheduler` are debugging logs that cost CloudWatch ingestion ($0.50/GB) every month and
 * are turned on with `logTypes` when needed (CKV_AWS_37 asks for all five).
 */
export const DEFAULT_EKS_LOG_TYPES = ['audit', 'authenticator'];

/**
 * Tag on the cluster that records the IAM principal that created it (and so holds the bootstrap
 * cluster-admin access entry). Set at creation, never updated (`ignore_changes`), read at plan
 * to leave the creator out of the admin access entries.
 */
export const EKS_CREATOR_TAG = 'cdktf-langsmith/creator';

/** What the rest of the foundation needs from an EKS cluster, created here or existing. */
export interface IEksCluster {
  readonly clusterName: string;
  /** API server URL. */
  readonly endpoint: string;
  /** Base64 CA data as EKS returns it. */
  readonly certificateAuthorityData: string;
  /** The security group EKS attaches to the control plane and managed nodes. */
  readonly clusterSecurityGroupId: string;
  /** OIDC issuer URL (`https://oidc.eks...`). */
  readonly oidcIssuerUrl: string;
  /** ARN of the IAM OIDC provider of that issuer (IRSA). */
  readonly oidcProviderArn: string;
  /** Region of the cluster. */
  readonly region: string;
  /** The cluster's VPC. @default - unknown */
  readonly vpcId?: string;
  /**
   * Security groups of nodes that do not carry {@link IEksCluster.clusterSecurityGroupId}: the data
   * stores admit them as well. @default - none: the nodes carry the cluster security group
   */
  readonly nodeSecurityGroupIds?: string[];
  /**
   * The CSI provisioner of the cluster's EBS volumes (the StorageClass of LangSmith's in-cluster
   * volumes names it): `ebs.csi.aws.com` (the EBS CSI driver) or `ebs.csi.eks.amazonaws.com`
   * (EKS Auto Mode block storage); may be a Terraform expression.
   * @default 'ebs.csi.aws.com'
   */
  readonly ebsProvisioner?: string;
}

/** Attributes of an existing cluster (bring your own cluster). */
export interface EksClusterAttributes {
  /** Name of the cluster, in the region of the stack's `aws` provider (the data sources read it there). */
  readonly clusterName: string;
  /** Region of the cluster (for the `aws eks get-token` exec and the kubeconfig command): the provider's region. */
  readonly region: string;
  /** ARN of the cluster's IAM OIDC provider. @default - looked up by the issuer URL (it must exist) */
  readonly oidcProviderArn?: string;
  /**
   * Security groups of the nodes LangSmith runs on, when they do not carry the cluster security
   * group EKS creates: self-managed nodes, managed node groups whose launch template names its own
   * security groups (terraform-aws-eks's node groups: its `node_security_group_id`), Karpenter nodes
   * whose EC2NodeClass selects other groups. RDS, ElastiCache and the ClickHouse endpoint admit
   * these and the cluster security group.
   * @default [] (EKS managed node groups without security groups of their own, and Fargate, carry the cluster security group)
   */
  readonly nodeSecurityGroupIds?: string[];
  /**
   * The CSI provisioner of LangSmith's in-cluster volumes on this cluster. `ebs.csi.eks.amazonaws.com`
   * (EKS Auto Mode block storage) attaches volumes to Auto Mode nodes only, `ebs.csi.aws.com` (the
   * EBS CSI driver, which the cluster must run) to other nodes only: name the one of the nodes
   * LangSmith runs on when a cluster has both kinds.
   * @default - read from the cluster at plan: Auto Mode's when its block storage capability is on
   * (`storage_config[0].block_storage[0].enabled`), else the EBS CSI driver's
   */
  readonly ebsProvisioner?: EbsProvisioner;
}

/** EKS cluster names: 1-100 letters, digits, - and _, starting with a letter or digit (EKS CreateCluster). */
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

/** Properties of {@link EksCluster}. */
export interface EksClusterProps {
  /** Cluster name, also the prefix of its IAM role and KMS alias. */
  readonly name: string;
  /** Region (for the kubeconfig and exec commands). */
  readonly region: string;
  /** Private subnets of the control plane's network interfaces, in >= 2 availability zones. */
  readonly subnetIds: string[];
  /** Kubernetes minor version. @default '1.34' ({@link DEFAULT_EKS_VERSION}) */
  readonly version?: string;
  /**
   * CIDRs allowed to reach a public API endpoint. Empty: the endpoint is private only
   * (CKV_AWS_39); then Terraform must run inside the VPC (or a peered network / VPN) for the app stack.
   * 0.0.0.0/0 is refused (CKV_AWS_38).
   * @default []
   */
  readonly publicAccessCidrs?: string[];
  /** CIDRs inside the VPC or peered networks allowed to reach the private endpoint (port 443), e.g. a CI runner subnet or VPN. @default [] */
  readonly privateAccessCidrs?: string[];
  /** KMS key ARN for envelope encryption of Kubernetes secrets. @default - a new key with rotation */
  readonly secretsKmsKeyArn?: string;
  /** Retention of the control-plane log group in days. @default 365 */
  readonly logRetentionDays?: number;
  /** Control-plane log types sent to CloudWatch; must include audit and authenticator. @default ['audit', 'authenticator'] ({@link DEFAULT_EKS_LOG_TYPES}) */
  readonly logTypes?: string[];
  /**
   * EKS upgrade policy. `STANDARD`: at the end of standard support EKS upgrades the control
   * plane to the next version instead of moving it to extended support ($0.60 instead of
   * $0.10 per cluster-hour). `EXTENDED` keeps an old version, at that price.
   * @default 'STANDARD'
   */
  readonly supportType?: EksSupportType;
  /** IAM principals (role/user ARNs) given cluster-admin through EKS access entries, e.g. a CI role. @default [] */
  readonly adminPrincipalArns?: string[];
  /** Terraform prevent_destroy and EKS deletion protection. @default true */
  readonly deletionProtection?: boolean;
}

/**
 * An EKS cluster, secure by default:
 * - API endpoint private, or public only for the listed CIDRs (CKV_AWS_38/39, AVD-AWS-0040/0041);
 * - Kubernetes secrets envelope-encrypted with a KMS key that rotates yearly (CKV_AWS_58, AVD-AWS-0039);
 * - the audit and authenticator control-plane log types (more with `logTypes`) to a CloudWatch log group with a retention (AVD-AWS-0038; CKV_AWS_37 asks for all five);
 * - authentication mode API (access entries, no aws-auth ConfigMap); the identity that creates
 *   the cluster becomes cluster admin (recorded in the {@link EKS_CREATOR_TAG} tag), plus `adminPrincipalArns`;
 * - an IAM OIDC provider for IRSA (workload identity for the LangSmith and add-on service accounts);
 * - EKS deletion protection and Terraform `prevent_destroy` unless `deletionProtection: false`.
 * Use {@link EksCluster.fromClusterAttributes} for an existing cluster.
 */
export class EksCluster extends Construct implements IEksCluster {
  /** An existing cluster, read with data sources. */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: EksClusterAttributes): IEksCluster {
    const s = new Construct(scope, id);
    checkPattern(s, 'clusterName', attrs.clusterName, EKS_CLUSTER_NAME, 'an EKS cluster name: 1-100 letters, digits, - and _, starting with a letter or digit');
    checkRegion(s, 'region', attrs.region);
    checkPattern(s, 'oidcProviderArn', attrs.oidcProviderArn, /^arn:aws:iam::\d{12}:oidc-provider\/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com\/id\/[0-9A-Fa-f]+$/, 'the ARN of the cluster\'s IAM OIDC provider, arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>');
    if (Token.isUnresolved(attrs.nodeSecurityGroupIds)) {
      // The stores get one ingress rule per group, counted at synth: a list token would become one rule naming a list.
      throw ConfigurationError.forConstruct(s, 'nodeSecurityGroupIds', Token.asString(attrs.nodeSecurityGroupIds), 'allowed: a list written out, whose elements may be Terraform references (e.g. [module.eks.node_security_group_id]), not one reference to a whole list');
    }
    checkIds(s, 'nodeSecurityGroupIds', attrs.nodeSecurityGroupIds, 'sg');
    checkOneOf(s, 'ebsProvisioner', attrs.ebsProvisioner, EBS_PROVISIONERS);
    const data = new DataAwsEksCluster(s, 'Cluster', {
      name: attrs.clusterName,
      // The data source reads the cluster in the aws provider's region; `region` is what the exec
      // auth, the kubeconfig command and the load balancer controller use. Refuse a mismatch at plan.
      lifecycle: Token.isUnresolved(attrs.region) ? undefined : {
        postcondition: [{
          condition: `\${split(":", self.arn)[3] == "${attrs.region}"}`,
          errorMessage: `The EKS cluster ${attrs.clusterName} read by the aws provider is not in region ${attrs.region} (its ARN is in another region): give fromClusterAttributes the region of the stack's aws provider, where the cluster runs.`,
        }],
      },
    });
    // Auto Mode's block storage, when on (storage_config is empty on a cluster without Auto Mode; `== true` keeps a null out of the condition).
    const autoModeBlockStorage = Fn.try([Op.eq(data.storageConfig.get(0).blockStorage.get(0).enabled, true), false]);
    // A local, so that another stack reads the whole expression (a cross-stack reference to the
    // attribute itself would export storage_config[0]..., which fails on a cluster without Auto Mode).
    const ebsProvisioner: string = attrs.ebsProvisioner ?? new TerraformLocal(s, 'EbsProvisioner',
      Fn.conditional(autoModeBlockStorage, 'ebs.csi.eks.amazonaws.com' satisfies EbsProvisioner, 'ebs.csi.aws.com' satisfies EbsProvisioner)).asString;
    const issuer = data.identity.get(0).oidc.get(0).issuer;
    const oidcProviderArn = attrs.oidcProviderArn ?? new DataAwsIamOpenidConnectProvider(s, 'OidcProvider', { url: issuer }).arn;
    return {
      clusterName: attrs.clusterName,
      endpoint: data.endpoint,
      certificateAuthorityData: data.certificateAuthority.get(0).data,
      clusterSecurityGroupId: data.vpcConfig.get(0).clusterSecurityGroupId,
      oidcIssuerUrl: issuer,
      oidcProviderArn,
      region: attrs.region,
      vpcId: data.vpcConfig.get(0).vpcId,
      nodeSecurityGroupIds: attrs.nodeSecurityGroupIds,
      ebsProvisioner,
    };
  }

  /** The contract the Kubernetes layer consumes: endpoint, decoded CA, `aws eks get-token` exec auth. */
  public static clusterAccess(cluster: IEksCluster): ClusterAccess {
    return {
      clusterName: cluster.clusterName,
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthorityData),
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', cluster.clusterName, '--region', cluster.region],
      },
      kubeconfigCommand: `aws eks update-kubeconfig --name ${cluster.clusterName} --region ${cluster.region}`,
    };
  }

  public readonly cluster: EksClusterResource;
  public readonly role: IamRole;
  public readonly kmsKey?: KmsKey;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly oidcProvider: IamOpenidConnectProvider;
  public readonly clusterName: string;
  public readonly endpoint: string;
  public readonly certificateAuthorityData: string;
  public readonly clusterSecurityGroupId: string;
  public readonly oidcIssuerUrl: string;
  public readonly oidcProviderArn: string;
  public readonly region: string;
  public readonly vpcId: string;
  /** The IAM ARN of the identity that created the cluster (it has the bootstrap admin entry), from its creator tag; 'none' for a cluster made before the tag. */
  public readonly creatorArn: string;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkRegion(this, 'region', props.region);
    checkPattern(this, 'version', props.version, /^1\.\d{2}$/, 'a Kubernetes minor version such as 1.34');
    if (props.version !== undefined && !Token.isUnresolved(props.version)) checkOffered(this, 'version', kubernetesMinor(props.version), KUBERNETES_MINOR_VERSIONS, 'Kubernetes minor version');
    checkAtLeast(this, 'subnetIds', props.subnetIds, 2, 'subnets in different availability zones (EKS requires two)');
    checkAllowList(this, 'publicAccessCidrs', props.publicAccessCidrs);
    checkAllowList(this, 'privateAccessCidrs', props.privateAccessCidrs);
    checkInteger(this, 'logRetentionDays', props.logRetentionDays, 1, 3653);
    const logTypes = props.logTypes ?? DEFAULT_EKS_LOG_TYPES;
    if (!Token.isUnresolved(logTypes)) {
      for (const t of logTypes) checkOneOf(this, 'logTypes', t, EKS_LOG_TYPES);
      for (const t of DEFAULT_EKS_LOG_TYPES) {
        if (!logTypes.includes(t)) throw ConfigurationError.forConstruct(this, 'logTypes', logTypes, `allowed: a list of ${EKS_LOG_TYPES.join(', ')} that includes audit and authenticator (the security record)`);
      }
    }
    checkOneOf(this, 'supportType', props.supportType, EKS_SUPPORT_TYPES);
    for (const arn of props.adminPrincipalArns ?? []) {
      checkPattern(this, 'adminPrincipalArns', arn, /^arn:aws:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, 'IAM role or user ARNs such as arn:aws:iam::123456789012:role/ci');
    }
    const deletionProtection = props.deletionProtection ?? true;
    const publicCidrs = props.publicAccessCidrs ?? [];
    const publicAccess = Token.isUnresolved(publicCidrs) ? true : publicCidrs.length > 0;
    this.region = props.region;

    this.role = new IamRole(this, 'Role', {
      name: `${props.name}-eks-cluster`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
      }),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'ClusterPolicy', { role: this.role.name, policyArn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy' });

    let keyArn = props.secretsKmsKeyArn;
    if (!keyArn) {
      this.kmsKey = new KmsKey(this, 'SecretsKey', {
        description: `Envelope encryption of Kubernetes secrets of EKS cluster ${props.name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        lifecycle: { preventDestroy: deletionProtection },
      });
      new KmsAlias(this, 'SecretsKeyAlias', { name: `alias/${props.name}-eks-secrets`, targetKeyId: this.kmsKey.keyId });
      keyArn = this.kmsKey.arn;
    }
    const keyPolicy = new IamRolePolicy(this, 'SecretsKeyAccess', {
      role: this.role.id,
      name: 'secrets-encryption',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], Resource: keyArn }],
      }),
    });

    // Created before the cluster so that EKS writes into a group with a retention.
    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.logRetentionDays ?? 365,
    });

    // The identity running Terraform, as EKS records it for the bootstrap access entry: an IAM
    // user ARN, or the role ARN (with its path) of an assumed-role session.
    const caller = new DataAwsCallerIdentity(this, 'Caller', {});
    const session = new DataAwsIamSessionContext(this, 'CallerSession', { arn: caller.arn });

    this.cluster = new EksClusterResource(this, 'Cluster', {
      name: props.name,
      version: props.version ?? DEFAULT_EKS_VERSION,
      roleArn: this.role.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        publicAccessCidrs: publicAccess ? publicCidrs : undefined,
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn } },
      enabledClusterLogTypes: logTypes,
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
      upgradePolicy: { supportType: props.supportType ?? 'STANDARD' },
      deletionProtection,
      tags: { [EKS_CREATOR_TAG]: session.issuerArn },
      lifecycle: { preventDestroy: deletionProtection, ignoreChanges: [`tags["${EKS_CREATOR_TAG}"]`] },
      dependsOn: [clusterPolicy, keyPolicy, this.logGroup],
    });
    this.clusterName = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.certificateAuthorityData = this.cluster.certificateAuthority.get(0).data;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;
    this.vpcId = this.cluster.vpcConfig.vpcId;
    this.oidcIssuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;

    this.oidcProvider = new IamOpenidConnectProvider(this, 'OidcProvider', {
      url: this.oidcIssuerUrl,
      clientIdList: ['sts.amazonaws.com'],
    });
    this.oidcProviderArn = this.oidcProvider.arn;

    (props.privateAccessCidrs ?? []).forEach((cidr, i) => {
      new VpcSecurityGroupIngressRule(this, `PrivateApiAccess${i}`, {
        securityGroupId: this.clusterSecurityGroupId,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
        description: 'Kubernetes API (private endpoint) from an allowed CIDR',
      });
    });

    // The identity that creates the cluster already has an access entry (bootstrap_cluster_creator_admin_permissions
    // is ForceNew, so it stays on): a second entry for the same principal fails with
    // ResourceInUseException. The admin entries are keyed by ARN and the creator is taken out of
    // them. The creator is read from the cluster's own creator tag, which is known at plan in
    // every case: on create it is the caller's configured value; afterwards `ignore_changes`
    // keeps the value in state, so a later apply by another identity (a CI role in the list)
    // neither loses nor duplicates an entry; a cluster made before the tag existed never gets it
    // (ignore_changes keeps the key absent) and nothing is taken out, as before.
    const admins = [...new Set(props.adminPrincipalArns ?? [])];
    // (cdktf drops an empty default, which would turn lookup() into an index that fails on a missing key.)
    this.creatorArn = Token.asString(Fn.lookup(this.cluster.tags, EKS_CREATOR_TAG, 'none'));
    if (admins.length) {
      const others = TerraformIterator.fromList(Fn.tolist(Fn.setsubtract(admins, [this.creatorArn])));
      const entry = new EksAccessEntry(this, 'Admin', {
        forEach: others,
        clusterName: this.cluster.name,
        principalArn: others.value,
        type: 'STANDARD',
      });
      const policy = new EksAccessPolicyAssociation(this, 'AdminPolicy', {
        forEach: others,
        clusterName: this.cluster.name,
        principalArn: others.value,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        accessScope: { type: 'cluster' },
        dependsOn: [entry],
      });
      // Entries made by an earlier version were keyed by position (`Admin<i>`): moved blocks carry
      // them to their ARN key, so the upgrade neither destroys a principal's entry nor races its
      // re-creation (ResourceInUseException while the old entry still exists).
      const entryTarget = `${this.node.path}/admin-entries`;
      const policyTarget = `${this.node.path}/admin-policies`;
      entry.addMoveTarget(entryTarget);
      policy.addMoveTarget(policyTarget);
      const firstIndex = new Map<string, number>();
      (props.adminPrincipalArns ?? []).forEach((arn, i) => { if (!firstIndex.has(arn)) firstIndex.set(arn, i); });
      for (const [arn, i] of firstIndex) {
        if (Token.isUnresolved(arn)) continue;
        new EksAccessEntry(this, `Admin${i}`, { clusterName: this.cluster.name, principalArn: arn }).moveTo(entryTarget, arn);
        new EksAccessPolicyAssociation(this, `Admin${i}Policy`, {
          clusterName: this.cluster.name, principalArn: arn, policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', accessScope: { type: 'cluster' },
        }).moveTo(policyTarget, arn);
      }
    }
  }

  /** This cluster's {@link ClusterAccess}. */
  public get access(): ClusterAccess {
    return EksCluster.clusterAccess(this);
  }
}
