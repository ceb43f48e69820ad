/**
 * The allowed values of the AWS constructs' enum props, in a file that loads no provider binding:
 * the deployments-file loader (stacks/clouds/aws-config.ts) checks against the same lists.
 */

/** ALB schemes: `internal` (reachable only from the VPC and networks routed to it) or `internet-facing`. */
export const ALB_SCHEMES = ['internal', 'internet-facing'] as const;
/** ALB scheme: `internal` (reachable only from the VPC and networks routed to it) or `internet-facing`. */
export type AlbScheme = typeof ALB_SCHEMES[number];

/** Which flows VPC flow logs can record. */
export const FLOW_LOG_TRAFFIC_TYPES = ['ALL', 'ACCEPT', 'REJECT'] as const;
/** Which flows VPC flow logs record. */
export type FlowLogTrafficType = typeof FLOW_LOG_TRAFFIC_TYPES[number];

/** The control-plane log types EKS can send to CloudWatch. */
export const EKS_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** EKS support types: `STANDARD` (14 months per version) or `EXTENDED` (26 months, at 6x the control-plane price). */
export const EKS_SUPPORT_TYPES = ['STANDARD', 'EXTENDED'] as const;
/** EKS support types: `STANDARD` (14 months per version) or `EXTENDED` (26 months, at 6x the control-plane price). */
export type EksSupportType = typeof EKS_SUPPORT_TYPES[number];

/** ElastiCache engines LangSmith can use. */
export const CACHE_ENGINES = ['valkey', 'redis'] as const;
/** ElastiCache engines LangSmith can use. */
export type CacheEngine = typeof CACHE_ENGINES[number];

/**
 * CSI provisioners of EBS volumes on EKS: `ebs.csi.aws.com`, the Amazon EBS CSI driver (the EKS
 * add-on or its chart); `ebs.csi.eks.amazonaws.com`, EKS Auto Mode's block storage capability,
 * the only one whose volumes attach to Auto Mode nodes (the add-on's node DaemonSet does not run there).
 */
export const EBS_PROVISIONERS = ['ebs.csi.aws.com', 'ebs.csi.eks.amazonaws.com'] as const;
/** A CSI provisioner of EBS volumes on EKS ({@link EBS_PROVISIONERS}). */
export type EbsProvisioner = typeof EBS_PROVISIONERS[number];
