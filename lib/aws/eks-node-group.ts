import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { EksNodeGroup as EksNodeGroupResource } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { ConfigurationError } from '../core/errors';
import { checkInteger, checkNonEmpty, checkPattern } from '../core/validation';
import { checkAtLeast, checkName } from './common';
import { amiTypeFor, instanceArchitecture, nodeInstanceTypesProblem } from './sizing';

/** Properties of {@link EksNodeGroup}. */
export interface EksNodeGroupProps {
  /** Name prefix (`<name>-nodes` role and node group). */
  readonly name: string;
  /** Name of the EKS cluster the node group joins. */
  readonly clusterName: string;
  /** Private subnets of the nodes. */
  readonly subnetIds: string[];
  /** EC2 instance types (the first is preferred). */
  readonly instanceTypes: string[];
  /** Minimum number of nodes (1-1000). */
  readonly minSize: number;
  /** Maximum number of nodes (1-1000, >= minSize). */
  readonly maxSize: number;
  /** Initial size; later changes by an autoscaler are ignored by Terraform. @default minSize */
  readonly desiredSize?: number;
  /** Root volume size (container images, emptyDir). @default 100 */
  readonly diskSizeGiB?: number;
  /** KMS key for the root volumes. @default - the account's default EBS key (aws/ebs) */
  readonly diskKmsKeyArn?: string;
  /**
   * AMI type; it must match the instance types' architecture, and AL2 AMIs are not published
   * for Kubernetes 1.33 and later. @default - AL2023 for the instance types' architecture
   * (`AL2023_ARM_64_STANDARD` for Graviton, else `AL2023_x86_64_STANDARD`)
   */
  readonly amiType?: string;
  /** Kubernetes minor version of the cluster (checks the AMI type). @default - not checked */
  readonly kubernetesVersion?: string;

  /** Kubernetes labels of the nodes. @default {} */
  readonly labels?: Record<string, string>;
  /** What the node group waits for (e.g. the VPC CNI add-on, NAT routes). @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An EKS managed node group in private subnets (no public IPs) with a launch template that
 * encrypts the root volume (gp3) and requires IMDSv2 (CKV_AWS_79; hop limit 2 so the VPC CNI
 * and EBS CSI node agents reach the metadata service; pods get their AWS identity from IRSA).
 * The node role has only the three policies EKS worker nodes need.
 */
export class EksNodeGroup extends Construct {
  public readonly role: IamRole;
  public readonly launchTemplate: LaunchTemplate;
  public readonly nodeGroup: EksNodeGroupResource;

  constructor(scope: Construct, id: string, props: EksNodeGroupProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkAtLeast(this, 'subnetIds', props.subnetIds, 1, 'subnet');
    checkNonEmpty(this, 'instanceTypes', props.instanceTypes, 'instance type');
    for (const t of props.instanceTypes) checkPattern(this, 'instanceTypes', t, /^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'EC2 instance types such as m5.2xlarge');
    let amiType = props.amiType;
    if (!Token.isUnresolved(props.instanceTypes) && !props.instanceTypes.some((t) => Token.isUnresolved(t))) {
      const problem = nodeInstanceTypesProblem(props.instanceTypes);
      if (problem) throw ConfigurationError.forConstruct(this, 'instanceTypes', props.instanceTypes, `allowed: instance types of one architecture; this list ${problem}`);
      const arch = instanceArchitecture(props.instanceTypes[0]);
      amiType ??= amiTypeFor(arch);
      if (!Token.isUnresolved(amiType)) {
        const amiArch = /ARM_64/.test(amiType) ? 'arm64' : 'x86_64';
        if (amiArch !== arch) throw ConfigurationError.forConstruct(this, 'amiType', amiType, `allowed: an ${arch} AMI type such as ${amiTypeFor(arch)} (the instance types ${props.instanceTypes.join(', ')} are ${arch})`);
      }
    }
    amiType ??= 'AL2023_x86_64_STANDARD';
    const version = props.kubernetesVersion;
    if (version && !Token.isUnresolved(version) && !Token.isUnresolved(amiType) && /^AL2_/.test(amiType) && Number(version.split('.')[1]) >= 33) {
      throw ConfigurationError.forConstruct(this, 'amiType', amiType, `allowed: an AL2023 or Bottlerocket AMI type; EKS publishes no AL2 AMIs for Kubernetes ${version} (1.33 and later)`);
    }
    checkInteger(this, 'minSize', props.minSize, 1, 1000);
    checkInteger(this, 'maxSize', props.maxSize, 1, 1000);
    checkInteger(this, 'diskSizeGiB', props.diskSizeGiB, 20, 16384);
    const desired = props.desiredSize ?? props.minSize;
    if (!Token.isUnresolved(props.maxSize) && props.maxSize < props.minSize) {
      throw ConfigurationError.forConstruct(this, 'maxSize', props.maxSize, `allowed: an integer >= minSize (${props.minSize})`);
    }
    if (!Token.isUnresolved(desired) && (desired < props.minSize || desired > props.maxSize)) {
      throw ConfigurationError.forConstruct(this, 'desiredSize', desired, `allowed: an integer from minSize (${props.minSize}) to maxSize (${props.maxSize})`);
    }

    this.role = new IamRole(this, 'Role', {
      name: `${props.name}-eks-nodes`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    const attachments = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'].map((p) =>
      new IamRolePolicyAttachment(this, p, { role: this.role.name, policyArn: `arn:aws:iam::aws:policy/${p}` }));

    this.launchTemplate = new LaunchTemplate(this, 'LaunchTemplate', {
      namePrefix: `${props.name}-nodes-`,
      description: 'EKS nodes of LangSmith: encrypted gp3 root volume, IMDSv2 only.',
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 2 },
      blockDeviceMappings: [{
        deviceName: '/dev/xvda',
        ebs: { volumeSize: props.diskSizeGiB ?? 100, volumeType: 'gp3', encrypted: 'true', kmsKeyId: props.diskKmsKeyArn, deleteOnTermination: 'true' },
      }],
      tagSpecifications: [{ resourceType: 'instance', tags: { Name: `${props.name}-node` } }, { resourceType: 'volume', tags: { Name: `${props.name}-node` } }],
    });

    this.nodeGroup = new EksNodeGroupResource(this, 'NodeGroup', {
      clusterName: props.clusterName,
      nodeGroupNamePrefix: `${props.name}-`,
      nodeRoleArn: this.role.arn,
      subnetIds: props.subnetIds,
      instanceTypes: props.instanceTypes,
      amiType,
      capacityType: 'ON_DEMAND',
      scalingConfig: { minSize: props.minSize, maxSize: props.maxSize, desiredSize: desired },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      labels: props.labels,
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'], createBeforeDestroy: true },
      dependsOn: [...attachments, ...(props.dependsOn ?? [])],
    });
  }
}
