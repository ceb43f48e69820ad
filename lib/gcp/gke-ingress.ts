import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ComputeAddress } from '@cdktf/provider-google/lib/compute-address';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeManagedSslCertificate } from '@cdktf/provider-google/lib/compute-managed-ssl-certificate';
import { IngressBackend } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { checkInteger } from '../core/validation';
import { checkOneOf, checkPattern } from '../core/validation';
import { checkName, checkRegion, networkProject } from './common';
import { GKE_INGRESS_SCHEMES, GkeIngressScheme } from './constants';

// Defined in constants.ts (no provider binding: the deployments-file loader imports them); re-exported here.
export { GKE_INGRESS_SCHEMES };
export type { GkeIngressScheme };

/**
 * The Google load balancer's backend keep-alive is 600 s: the backend (the LangSmith frontend's
 * nginx) must keep idle connections longer, or the load balancer reuses a closed one (502). The
 * langsmith chart's values.yaml advises 600-610 for GCP (`frontend.keepAliveTimeout`, default 75).
 */
export const GOOGLE_LB_BACKEND_KEEPALIVE_SECONDS = 605;

/** The backend service GKE Ingress builds for the Service (a BackendConfig). */
export interface GkeIngressBackendProps {
  /** HTTP path the load balancer health-checks on the pods, e.g. `/health` (LangSmith frontend) or `/ok` (agent server). */
  readonly healthCheckPath: string;
  /** Container port of the pods (with NEGs the health check goes to the pod, not the Service port). */
  readonly port: number;
  /** Backend service timeout in seconds: how long a response (a streamed one included) may take. @default 3600 */
  readonly timeoutSec?: number;
}

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
  /**
   * The backend: a BackendConfig (health check on the server's own path, a long timeout for
   * streaming instead of GKE's 30 s) attached with explicit NEG annotations to the Service.
   * @default - none: GKE's defaults (30 s timeout, health check inferred from an HTTP readiness probe, else `GET /`)
   */
  readonly backend?: GkeIngressBackendProps;
  /**
   * The agent servers the LangSmith operator creates (full platform), routed by the same Ingress:
   * a second BackendConfig (`<name>-agent-backend`, for the operator's Service template and every
   * watched namespace) and, with `proxyFirewall`, their port in the proxies' rule too.
   * @default - none (no agents behind this Ingress)
   */
  readonly agentBackend?: GkeIngressBackendProps;
  /**
   * Scheme internal: an INGRESS rule letting the load balancer's Envoy proxies (source: the region's
   * proxy-only subnetwork) reach the pods on `backend.port`. GKE creates the rule for Google's health
   * check ranges but not this one ("Configuring Ingress for internal Application Load Balancers",
   * "Create a firewall rule"): without it the backends look healthy and every request fails.
   * @default - no rule (scheme external, whose proxies use the health check ranges; or rules you manage)
   */
  readonly proxyFirewall?: {
    /** Network path of the cluster. */
    readonly networkId: string;
    /** The proxy-only subnetwork's range(s). */
    readonly sourceRanges: string[];
    /** Node service accounts the rule applies to. @default - every instance of the network */
    readonly targetServiceAccounts?: string[];
  };
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
  /** The rule admitting the internal load balancer's proxies to the backend port (with `proxyFirewall`). */
  public readonly proxyFirewall?: ComputeFirewall;
  /** The Service annotations and BackendConfig for the Kubernetes layer (with `backend`). */
  public readonly backend?: IngressBackend;
  /** The same for the agent Services the operator creates (with `agentBackend`). */
  public readonly agentBackend?: IngressBackend;

  constructor(scope: Construct, id: string, props: GkeIngressEndpointProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkRegion(this, 'region', props.region);
    checkOneOf(this, 'scheme', props.scheme, GKE_INGRESS_SCHEMES);
    checkPattern(this, 'hostname', props.hostname, /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a fully qualified DNS name such as langsmith.example.com');
    this.scheme = props.scheme ?? 'internal';
    if (props.backend) this.backend = gkeBackend(this, 'backend', `${props.name}-backend`, props.backend);
    if (props.agentBackend) {
      // The keep-alive setting is the LangSmith frontend's nginx (frontend.keepAliveTimeout): not the agents'.
      const { keepAliveTimeoutSeconds: _frontendOnly, ...agent } = gkeBackend(this, 'agentBackend', `${props.name}-agent-backend`, props.agentBackend);
      this.agentBackend = agent;
    }
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
      if (props.proxyFirewall) {
        if (!props.backend) throw ConfigurationError.forConstruct(this, 'proxyFirewall', props.proxyFirewall.sourceRanges, 'only with backend (its port is what the proxies connect to); allowed: set backend or remove proxyFirewall');
        // The backend's port, and the agents' when the operator's agents sit behind the same Ingress.
        const ports = [...new Set([props.backend.port, ...(props.agentBackend ? [props.agentBackend.port] : [])])];
        this.proxyFirewall = new ComputeFirewall(this, 'ProxyFirewall', {
          name: `${props.name}-ingress-proxy`,
          // A firewall rule lives in the network's project (the host project of a Shared VPC).
          project: networkProject(props.proxyFirewall.networkId) ?? props.project,
          network: props.proxyFirewall.networkId,
          direction: 'INGRESS',
          priority: 1000,
          sourceRanges: props.proxyFirewall.sourceRanges,
          targetServiceAccounts: props.proxyFirewall.targetServiceAccounts,
          allow: [{ protocol: 'tcp', ports: ports.map(String) }],
          description: `Internal load balancer of ${props.hostname}: its proxies (proxy-only subnetwork) to the pods on tcp ${ports.join(', ')} (cdktf-langsmith).`,
          dependsOn: props.dependsOn,
        });
      }
      this.annotations = {
        'kubernetes.io/ingress.class': 'gce-internal',
        // Literal names (known at synth), not references: the app stack needs no output for them.
        'kubernetes.io/ingress.regional-static-ip-name': `${props.name}-ingress`,
      };
    } else {
      if (props.proxyFirewall) throw ConfigurationError.forConstruct(this, 'proxyFirewall', props.proxyFirewall.sourceRanges, 'only for scheme internal (the external load balancer reaches the pods from the health check ranges GKE already allows); remove it');
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

/**
 * A BackendConfig (health check on the server's own path and port, a long timeout for streaming
 * instead of GKE's 30 s) and the Service annotations that attach it with explicit NEGs.
 */
function gkeBackend(scope: Construct, field: string, backendConfigName: string, b: GkeIngressBackendProps): IngressBackend {
  checkPattern(scope, `${field}.healthCheckPath`, b.healthCheckPath, /^\/[\x21-\x7e]*$/, 'an HTTP path starting with /');
  checkInteger(scope, `${field}.port`, b.port, 1, 65535);
  checkInteger(scope, `${field}.timeoutSec`, b.timeoutSec, 1, 86400);
  return {
    serviceAnnotations: {
      // Container-native load balancing (NEGs): required by gce-internal, explicit for gce.
      'cloud.google.com/neg': '{"ingress": true}',
      'cloud.google.com/backend-config': JSON.stringify({ default: backendConfigName }),
    },
    manifests: [{
      apiVersion: 'cloud.google.com/v1',
      kind: 'BackendConfig',
      metadata: { name: backendConfigName },
      spec: {
        timeoutSec: b.timeoutSec ?? 3600,
        healthCheck: { type: 'HTTP', requestPath: b.healthCheckPath, port: b.port, checkIntervalSec: 15, timeoutSec: 5, healthyThreshold: 1, unhealthyThreshold: 2 },
        connectionDraining: { drainingTimeoutSec: 30 },
      },
    }],
    keepAliveTimeoutSeconds: GOOGLE_LB_BACKEND_KEEPALIVE_SECONDS,
  };
}
