import { Op, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { ConfigurationError } from '../core/errors';
import type { IEksCluster } from './eks-cluster';
import type { AwsLangSmithFoundationProps } from './foundation';

/**
 * The bring-your-own-cluster rules of {@link AwsLangSmithFoundation} (`existingCluster`), apart
 * from the foundation so that its own file only says what is created.
 */

/** Props that configure a cluster created by the foundation, with what applies instead on a brought one. */
const CREATED_CLUSTER_PROPS: ReadonlyArray<readonly [keyof AwsLangSmithFoundationProps, string]> = [
  ['kubernetesVersion', 'the brought cluster runs its own version'],
  ['apiAllowedCidrs', "the brought cluster's API endpoint access is its own"],
  ['privateApiAccessCidrs', "the brought cluster's security group rules are its own; for the internal ALB list your VPN ranges in albInboundCidrs, with the VPC CIDR, which albInboundCidrs replaces"],
  ['clusterAdminArns', 'no access entries are made on a brought cluster: give the identity that runs the app stack access to it yourself'],
  ['controlPlaneLogTypes', "the brought cluster's control-plane logging is its own"],
  ['supportType', "the brought cluster's upgrade policy is its own"],
  ['nodeInstanceTypes', 'no node group is created on a brought cluster'],
];

/**
 * Refuses, with `existingCluster`, a missing `existingNetwork` (the stores go into the cluster's
 * VPC), every prop of {@link CREATED_CLUSTER_PROPS} and `metricsServer: true`; and
 * `existingLoadBalancerController` without `existingCluster`.
 */
export function checkExistingClusterProps(scope: IConstruct, props: AwsLangSmithFoundationProps): void {
  if (!props.existingCluster) {
    if (props.existingLoadBalancerController) {
      throw ConfigurationError.forConstruct(scope, 'existingLoadBalancerController', true, 'only with existingCluster (a cluster created here has no controller until the foundation installs one); allowed: remove it');
    }
    return;
  }
  if (!props.existingNetwork) {
    throw ConfigurationError.forConstruct(scope, 'existingNetwork', undefined, 'required with existingCluster: the VPC and subnets the cluster runs in (RDS, ElastiCache, the ALB and the ClickHouse endpoint go into them)');
  }
  for (const [field, instead] of CREATED_CLUSTER_PROPS) {
    if (props[field] !== undefined) {
      throw ConfigurationError.forConstruct(scope, field, props[field], `only for a cluster created here (${instead}); allowed: remove it with existingCluster`);
    }
  }
  const clusterRegion = props.existingCluster.region;
  if (!Token.isUnresolved(clusterRegion) && !Token.isUnresolved(props.region) && clusterRegion !== props.region) {
    throw ConfigurationError.forConstruct(scope, 'region', props.region, `the region of existingCluster (${clusterRegion}): the stores, the IRSA roles and the load balancer controller go next to the cluster; allowed: ${clusterRegion}`);
  }
  if (props.metricsServer === true) {
    throw ConfigurationError.forConstruct(scope, 'metricsServer', true,
      "only for a cluster created here: a brought cluster brings its own metrics-server (the EKS add-on fails with 'already exists' next to a managed one and takes over a Helm-installed one); allowed: false or unset, and install it on your cluster (aws eks create-addon --addon-name metrics-server)");
  }
}

/**
 * A plan-time precondition on a data store's security group: the brought cluster runs in the
 * given VPC (a rule admitting a security group of another VPC fails in the middle of the apply).
 */
export function requireClusterInVpc(securityGroup: SecurityGroup, cluster: IEksCluster, vpcId: string): void {
  if (cluster.vpcId === undefined) return;
  securityGroup.lifecycle = {
    ...securityGroup.lifecycle,
    precondition: [{
      condition: Op.eq(cluster.vpcId, vpcId),
      errorMessage: `The existing EKS cluster ${cluster.clusterName} does not run in existingNetwork.vpcId ${vpcId}: give the VPC and subnets of the cluster, whose nodes must reach RDS and ElastiCache.`,
    }],
  };
}
