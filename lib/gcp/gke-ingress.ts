import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ComputeAddress } from '@cdktf/provider-google/lib/compute-address';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeManagedSslCertificate } from '@cdktf/provider-google/lib/compute-managed-ssl-certificate';
import { ConfigurationError } from '../core/errors';
import { checkOneOf, checkPattern } from '../core/validation';
import { checkName, checkRegion } from './common';

/** Where GKE Ingress puts the LangSmith frontend. */
export const GKE_INGRESS_SCHEMES = ['internal', 'external'] as const;
export type GkeIngressScheme = typeof GKE_INGRESS_SCHEMES[number];

/** Properties of {@link GkeIngressEndpoint}. */
export interface GkeIngressEndpointProps {
  /** Name prefix: address `<name>-ingress`, certificate `<name>-ingress`. */
  readonly name: string;
  /** GCP region of the internal address (scheme internal), e.g. us-central1. */
  readonly region: string;
  /** The public hostname LangSmith is served at. */
  readonly hostname: string;
  /**
   * `internal`: a regional internal Application Load Balancer (GKE class `gce-internal`), reachable
   * only from the VPC and networks connected to it; needs a proxy-only subnetwork in the region.
   * `external`: a global external Application Load Balancer (class `gce`) with a Google-managed
   * certificate for `hostname`, HTTPS only.
   * @default 'internal'
   */
  readonly scheme?: GkeIngressScheme;
  /** Subnetwork path the internal address comes from (scheme internal). @default - none: required for scheme internal, unused for external */
  readonly subnetworkId?: string;
  /** @default - the provider's project */
  readonly project?: string;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A static IP (and, for the external scheme, a Google-managed TLS certificate) for the GKE
 * Ingress of LangSmith, plus the Ingress annotations that select them. GKE picks its Ingress
 * controller from the `kubernetes.io/ingress.class` annotation (`gce` / `gce-internal`) and
 * ignores `spec.ingressClassName`; Kubernetes refuses an Ingress that sets both, so this
 * construct gives an annotation and no class name.
 * The address exists before the app is deployed, so DNS for `hostname` can point to it first
 * (the managed certificate only becomes ACTIVE once it does).
 */
export class GkeIngressEndpoint extends Construct {
  /** The address to point `hostname` at (an A record). */
  public readonly ipAddress: string;
  /** Annotations for the LangSmith Ingress. */
  public readonly annotations: Record<string, string>;
  public readonly scheme: GkeIngressScheme;
  public readonly certificate?: ComputeManagedSslCertificate;

  constructor(scope: Construct, id: string, props: GkeIngressEndpointProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkRegion(this, 'region', props.region);
    checkOneOf(this, 'scheme', props.scheme, GKE_INGRESS_SCHEMES);
    checkPattern(this, 'hostname', props.hostname, /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a fully qualified DNS name such as langsmith.example.com');
    this.scheme = props.scheme ?? 'internal';
    if (this.scheme === 'internal') {
      if (!props.subnetworkId) throw ConfigurationError.forConstruct(this, 'subnetworkId', undefined, 'required for scheme internal; allowed: the subnetwork path the load balancer address comes from');
      const address = new ComputeAddress(this, 'Address', {
        name: `${props.name}-ingress`,
        project: props.project,
        region: props.region,
        subnetwork: props.subnetworkId,
        addressType: 'INTERNAL',
        purpose: 'SHARED_LOADBALANCER_VIP',
        description: `Internal load balancer of ${props.hostname} (cdktf-langsmith).`,
        dependsOn: props.dependsOn,
      });
      this.ipAddress = address.address;
      this.annotations = {
        'kubernetes.io/ingress.class': 'gce-internal',
        // Literal names (known at synth), not references: the app stack needs no output for them.
        'kubernetes.io/ingress.regional-static-ip-name': `${props.name}-ingress`,
      };
    } else {
      const address = new ComputeGlobalAddress(this, 'Address', {
        name: `${props.name}-ingress`,
        project: props.project,
        addressType: 'EXTERNAL',
        description: `External load balancer of ${props.hostname} (cdktf-langsmith).`,
        dependsOn: props.dependsOn,
      });
      this.certificate = new ComputeManagedSslCertificate(this, 'Certificate', {
        name: `${props.name}-ingress`,
        project: props.project,
        managed: { domains: [props.hostname] },
        dependsOn: props.dependsOn,
      });
      this.ipAddress = address.address;
      this.annotations = {
        'kubernetes.io/ingress.class': 'gce',
        'kubernetes.io/ingress.global-static-ip-name': `${props.name}-ingress`,
        'ingress.gcp.kubernetes.io/pre-shared-cert': `${props.name}-ingress`,
        'kubernetes.io/ingress.allow-http': 'false',
      };
    }
  }
}
