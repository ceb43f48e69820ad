import { Construct, IConstruct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ConfigurationError } from '../core/errors';
import { checkAllowList, checkPattern } from '../core/validation';
import { TerraformResource, Token } from 'cdktf';

/**
 * Helpers shared by the AWS constructs. The library targets the commercial `aws` partition
 * (see lib/aws/regions.ts); GovCloud and China are not supported.
 */

/** Name prefix of AWS resources made by this library: lowercase, starts with a letter, at most 28 characters. */
export const NAME_PATTERN = /^[a-z]([-a-z0-9]{0,26}[a-z0-9])?$/;

/** Checks a name prefix given to an AWS construct (it becomes part of IAM role, RDS, ElastiCache and EKS names). */
export function checkName(scope: IConstruct, field: string, value: string | undefined): void {
  checkPattern(scope, field, value, NAME_PATTERN, 'a lowercase name: a letter, then letters, digits and -, at most 28 characters');
}

/** Checks an AWS region name such as us-west-2. */
export function checkRegion(scope: IConstruct, field: string, value: string | undefined): void {
  checkPattern(scope, field, value, /^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-west-2');
}

/** Checks a list of ids that must hold at least `min` entries (subnets in distinct AZs, ...). */
export function checkAtLeast(scope: IConstruct, field: string, value: readonly string[] | undefined, min: number, what: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value.length < min) throw ConfigurationError.forConstruct(scope, field, value, `allowed: at least ${min} ${what}`);
}

/** Checks each id of a list against a pattern (vpc-..., subnet-..., sg-...). */
export function checkIds(scope: IConstruct, field: string, value: readonly string[] | undefined, prefix: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  for (const id of value) checkPattern(scope, field, id, new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), `ids such as ${prefix}-0123456789abcdef0`);
}

/** Where a data store accepts connections from: security groups (preferred) and/or CIDRs. */
export interface IngressSources {
  /** Security groups allowed in (e.g. the EKS cluster security group the nodes use). @default [] */
  readonly allowedSecurityGroupIds?: string[];
  /** CIDRs allowed in (e.g. a peered network). Never 0.0.0.0/0. @default [] */
  readonly allowedCidrs?: string[];
}

/**
 * A security group with no egress rule (security groups are stateful; a data store or
 * endpoint never opens connections itself) and one ingress rule per source and port, each
 * with a description (CKV_AWS_23).
 */
export function restrictedSecurityGroup(scope: Construct, id: string, props: {
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
  readonly ports: number[];
  readonly sources: IngressSources;
  readonly portsField?: string;
}): SecurityGroup {
  checkAllowList(scope, 'allowedCidrs', props.sources.allowedCidrs);
  const sg = new SecurityGroup(scope, id, {
    name: props.name,
    description: props.description,
    vpcId: props.vpcId,
    revokeRulesOnDelete: true,
  });
  props.ports.forEach((port) => {
    (props.sources.allowedSecurityGroupIds ?? []).forEach((source, i) => {
      new VpcSecurityGroupIngressRule(scope, `${id}Ingress${port}Sg${i}`, {
        securityGroupId: sg.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: source,
        description: `TCP ${port} from an allowed security group`,
      });
    });
    (props.sources.allowedCidrs ?? []).forEach((cidr, i) => {
      new VpcSecurityGroupIngressRule(scope, `${id}Ingress${port}Cidr${i}`, {
        securityGroupId: sg.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: cidr,
        description: `TCP ${port} from an allowed CIDR`,
      });
    });
  });
  return sg;
}

/** Requires at least one ingress source for a data store, so it is reachable by the cluster and nothing else. */
export function checkHasSource(scope: IConstruct, sources: IngressSources): void {
  const sgs = sources.allowedSecurityGroupIds;
  const cidrs = sources.allowedCidrs;
  if (Token.isUnresolved(sgs) || Token.isUnresolved(cidrs)) return;
  if ((sgs?.length ?? 0) + (cidrs?.length ?? 0) === 0) {
    throw ConfigurationError.forConstruct(scope, 'allowedSecurityGroupIds', sgs ?? [], 'allowed: at least one security group (e.g. the EKS cluster security group) or one CIDR in allowedCidrs; nothing could connect otherwise');
  }
}

/**
 * Adds `tags` to every resource under `scope` that takes tags (data sources are lookups, not
 * tagged), under the resource's own tags: a resource's `Name` and discovery tags win, as with the
 * provider's `default_tags`.
 */
export function tagResources(scope: IConstruct, tags: Record<string, string> | undefined): void {
  if (!tags || Object.keys(tags).length === 0) return;
  for (const node of scope.node.findAll()) {
    if (!(node instanceof TerraformResource) || !('tagsInput' in node)) continue;
    const r = node as TerraformResource & { tags: Record<string, string>; readonly tagsInput?: Record<string, string> };
    if (r.tagsInput !== undefined && Token.isUnresolved(r.tagsInput)) continue;
    r.tags = { ...tags, ...(r.tagsInput ?? {}) };
  }
}
