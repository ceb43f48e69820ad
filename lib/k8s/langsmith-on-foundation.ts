import { Construct } from 'constructs';
import { Foundation } from '../core/contracts';
import { ClusterAddOns } from './cluster-add-ons';
import { ClusterProviders } from './cluster-providers';
import { LangSmithRelease, LangSmithReleaseProps } from './langsmith-release';
import { DeploymentsSettings, ExposureSettings } from './langsmith-values';
import { StorageClasses } from './storage-classes';

/** What the user says about the Ingress on a foundation; the foundation gives the rest. */
export interface FoundationIngressOptions {
  /** Another ingress controller's class. @default - the foundation's (`Foundation.ingressClassName`) */
  readonly className?: string;
  /** Annotations added to (and overriding) the foundation's. @default {} */
  readonly annotations?: Record<string, string>;
  /** TLS secret served by the Ingress. @default - none */
  readonly tlsSecretName?: string;
}

/**
 * The Ingress exposure on a foundation: the foundation's class and annotations (yours on top),
 * and, only with the foundation's own controller (no `className` of yours), its backend Service
 * settings (`Foundation.ingressBackend`, e.g. GKE's NEG and BackendConfig annotations).
 */
export function foundationIngress(f: Foundation, own: FoundationIngressOptions = {}): ExposureSettings {
  return {
    type: 'ingress',
    className: own.className ?? f.ingressClassName,
    annotations: { ...(f.ingressAnnotations ?? {}), ...(own.annotations ?? {}) },
    tlsSecretName: own.tlsSecretName,
    // The cloud's Service settings only go with the cloud's ingress controller.
    ...(own.className === undefined && f.ingressBackend ? { serviceAnnotations: f.ingressBackend.serviceAnnotations, keepAliveTimeoutSeconds: f.ingressBackend.keepAliveTimeoutSeconds } : {}),
  };
}

/**
 * The objects the foundation's ingress controller needs next to the exposed Service
 * (`Foundation.ingressBackend.manifests`, e.g. a GKE BackendConfig): only with the foundation's own
 * Ingress (an ingress exposure without a class of its own).
 */
export function foundationIngressManifests(f: Foundation, exposure: ExposureSettings | undefined, ownClassName?: string): Record<string, unknown>[] | undefined {
  return exposure?.type === 'ingress' && ownClassName === undefined ? f.ingressBackend?.manifests : undefined;
}

/**
 * The agent Service settings (`Foundation.agentIngressBackend`) for LangSmith Deployments: only with
 * the foundation's own Ingress, which the operator adds the agents' routes to.
 */
export function foundationAgentBackend(f: Foundation, exposure: ExposureSettings | undefined, ownClassName?: string): Pick<DeploymentsSettings, 'agentServiceAnnotations' | 'agentServiceManifests'> {
  const b = exposure?.type === 'ingress' && ownClassName === undefined ? f.agentIngressBackend : undefined;
  return b ? { agentServiceAnnotations: b.serviceAnnotations, agentServiceManifests: b.manifests } : {};
}

/** Properties of {@link LangSmithOnFoundation}. */
export interface LangSmithOnFoundationProps extends Omit<LangSmithReleaseProps, 'exposure' | 'manifests'> {
  /** A cloud foundation's contract (`AwsLangSmithFoundation.foundation`, ...; cross-stack references are fine). */
  readonly foundation: Foundation;
  /**
   * Configure the stack's `kubernetes`, `helm` and `random` providers from `foundation.cluster`
   * ({@link ClusterProviders}). Set false when the stack already configures them. @default true
   */
  readonly clusterProviders?: boolean;
  /**
   * How the frontend is exposed. An ingress exposure without its own `className` is the foundation's
   * Ingress: {@link foundationIngress} merges it with the foundation's class, annotations and backend.
   * @default - the foundation's Ingress when `hostname` is set, else a ClusterIP service
   */
  readonly exposure?: ExposureSettings;
}

/**
 * LangSmith on a cloud foundation, in the order a cluster needs: the providers from the
 * foundation's cluster access, the foundation's add-ons (e.g. the AWS Load Balancer Controller)
 * and storage classes, then the LangSmith release with the foundation's Postgres, Redis, blob
 * storage, Ingress and edge TLS, waiting for the add-ons and classes. Takes only the cloud-neutral
 * {@link Foundation} contract; every release prop may be overridden (e.g. `postgres`, `storageClassName`).
 */
export class LangSmithOnFoundation extends Construct {
  /** The providers (unless `clusterProviders: false`). */
  public readonly providers?: ClusterProviders;
  /** The foundation's add-ons, installed in order before the release. */
  public readonly addOns: ClusterAddOns;
  /** The foundation's storage classes. */
  public readonly storageClasses: StorageClasses;
  /** The LangSmith release. */
  public readonly release: LangSmithRelease;

  constructor(scope: Construct, id: string, props: LangSmithOnFoundationProps) {
    super(scope, id);
    const { foundation: f, clusterProviders, exposure: ownExposure, dependsOn, ...release } = props;
    if (clusterProviders ?? true) this.providers = new ClusterProviders(this, 'Providers', { access: f.cluster });
    this.addOns = new ClusterAddOns(this, 'AddOns', { addOns: f.addOns });
    this.storageClasses = new StorageClasses(this, 'StorageClasses', { classes: f.storageClasses });
    const ownClass = ownExposure?.type === 'ingress' ? ownExposure.className : undefined;
    const exposure = ownExposure === undefined
      ? (props.hostname ? foundationIngress(f) : undefined)
      : ownExposure.type === 'ingress' ? { ...ownExposure, ...foundationIngress(f, ownExposure) } : ownExposure;
    this.release = new LangSmithRelease(this, 'LangSmith', {
      postgres: f.postgres,
      redis: f.redis,
      blobStorage: f.blobStorage,
      storageClassName: f.storageClassName,
      ...release,
      // The foundation's own TLS at the edge (e.g. an ACM certificate); else the release's default (a TLS secret).
      edgeTls: release.edgeTls ?? (f.edgeTls || undefined),
      exposure,
      // The operator's agent Services get the cloud's settings too (health check, NEG, BackendConfig); yours replace them.
      deployments: release.deployments ? { ...foundationAgentBackend(f, exposure, ownClass), ...release.deployments } : undefined,
      manifests: foundationIngressManifests(f, exposure, ownClass),
      dependsOn: [...this.addOns.dependables, ...this.storageClasses.dependables, ...(dependsOn ?? [])],
    });
  }

  /** The release's URL (`http(s)://hostname`), when it has a hostname. */
  public get url(): string | undefined {
    return this.release.url;
  }

  /** The generated initial admin password (basic auth), a sensitive token. */
  public get adminPassword(): string | undefined {
    return this.release.adminPassword;
  }
}
