import { Construct } from 'constructs';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { checkPattern } from '../core/validation';

/** The Google APIs a LangSmith foundation uses. */
export const LANGSMITH_GCP_SERVICES: readonly string[] = [
  'compute.googleapis.com',
  'container.googleapis.com',
  'sqladmin.googleapis.com',
  'redis.googleapis.com',
  'servicenetworking.googleapis.com',
  'dns.googleapis.com',
  'cloudkms.googleapis.com',
  'iam.googleapis.com',
  // GKE Workload Identity exchanges Kubernetes tokens for Google service account tokens through it.
  'iamcredentials.googleapis.com',
  'cloudresourcemanager.googleapis.com',
];

/** Properties of {@link ProjectServices}. */
export interface ProjectServicesProps {
  /** Project id. */
  readonly project: string;
  /** API service names to enable. @default LANGSMITH_GCP_SERVICES */
  readonly services?: readonly string[];
}

/**
 * Enables Google APIs on a project (`google_project_service`). They are never disabled on
 * destroy (`disable_on_destroy = false`): other workloads in the project may use them.
 */
export class ProjectServices extends Construct {
  /** The enabled services, for `dependsOn`. */
  public readonly services: ProjectService[];
  private readonly byName = new Map<string, ProjectService>();

  /** One enabled service by name (e.g. 'compute.googleapis.com'), for a precise `dependsOn`. @returns undefined when not enabled here */
  public service(name: string): ProjectService | undefined {
    return this.byName.get(name);
  }

  constructor(scope: Construct, id: string, props: ProjectServicesProps) {
    super(scope, id);
    const names = props.services ?? LANGSMITH_GCP_SERVICES;
    for (const n of names) checkPattern(this, 'services', n, /^[a-z0-9-]+\.googleapis\.com$/, 'API service names such as container.googleapis.com');
    this.services = names.map((service) => new ProjectService(this, service.split('.')[0], {
      project: props.project,
      service,
      disableOnDestroy: false,
      disableDependentServices: false,
    }));
    names.forEach((n, i) => this.byName.set(n, this.services[i]));
  }
}
