import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ConfigurationError } from '../core/errors';
import { checkInteger, checkPattern } from '../core/validation';
import { checkName, checkProject, networkProject } from './common';

/** Properties of {@link GkeControlPlaneFirewall}. */
export interface GkeControlPlaneFirewallProps {
  /** Name prefix: the rule is `<name>-control-plane`. */
  readonly name: string;
  /** Project of the deployment (used when the network path does not name its own project). */
  readonly project: string;
  /** Network path `projects/<p>/global/networks/<n>`; the rule is created in its project (a Shared VPC host). */
  readonly networkId: string;
  /** The control plane's /28 (`master_ipv4_cidr_block` of a VPC-peered cluster). */
  readonly controlPlaneCidr: string;
  /** TCP ports of the nodes and pods the control plane must reach besides GKE's own 443 and 10250. */
  readonly ports: number[];
  /** Node service accounts the rule targets. @default - every instance of the network */
  readonly targetServiceAccounts?: string[];
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An INGRESS rule letting a VPC-peered GKE control plane reach webhooks and aggregated API servers
 * on the nodes and pods. GKE's own rule for such a cluster (`gke-<cluster>-<hash>-master`, GKE docs
 * "Automatically created firewall rules") admits the control plane's /28 on tcp 443 and 10250
 * only, and the API server calls a webhook or APIService at its pod's IP and container port
 * (GKE runs it with aggregator routing): KEDA's metrics server (6443, its "Cluster" docs: "Only
 * required for Google Cloud because it uses Control Plane -> port 6443 on the Pod IP range") and
 * admission webhooks (9443) are unreachable otherwise, and every ScaledObject's HPA fails.
 * The rule is created in the network's project, where GKE creates its own.
 */
export class GkeControlPlaneFirewall extends Construct {
  public readonly rule: ComputeFirewall;

  constructor(scope: Construct, id: string, props: GkeControlPlaneFirewallProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkProject(this, 'project', props.project);
    checkPattern(this, 'controlPlaneCidr', props.controlPlaneCidr, /^\d{1,3}(\.\d{1,3}){3}\/28$/, 'a /28 IPv4 range');
    if (props.ports.length === 0) throw ConfigurationError.forConstruct(this, 'ports', [], 'allowed: at least one TCP port (omit the construct otherwise)');
    for (const p of props.ports) checkInteger(this, 'ports', p, 1, 65535);
    this.rule = new ComputeFirewall(this, 'Rule', {
      name: `${props.name}-control-plane`,
      project: networkProject(props.networkId) ?? props.project,
      network: props.networkId,
      direction: 'INGRESS',
      description: 'GKE control plane to webhooks and aggregated API servers on the nodes (cdktf-langsmith).',
      sourceRanges: [props.controlPlaneCidr],
      targetServiceAccounts: props.targetServiceAccounts,
      allow: [{ protocol: 'tcp', ports: [...new Set(props.ports)].sort((a, b) => a - b).map(String) }],
      dependsOn: props.dependsOn,
    });
  }
}
