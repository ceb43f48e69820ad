import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { ConfigurationError } from '../core/errors';

/** An Artifact Registry repository, as an image reference names it. */
export interface ArtifactRegistryRepositoryRef {
  /** The repository's project. */
  readonly project: string;
  /** Its location (a region such as `europe-west1`, or a multi-region: `us`, `europe`, `asia`). */
  readonly location: string;
  /** The repository id. */
  readonly repository: string;
}

/**
 * The Artifact Registry repository of an image reference or registry prefix
 * (`<location>-docker.pkg.dev/<project>/<repository>[/<image>...]`), or undefined when it names
 * another registry (Docker Hub, ECR, ACR, ...). Not recognised, so granted by you: `gcr.io` domains that
 * Artifact Registry serves and domain-scoped projects (`example.com/project`).
 */
export function artifactRegistryRepository(reference: string): ArtifactRegistryRepositoryRef | undefined {
  const m = /^([a-z0-9-]+)-docker\.pkg\.dev\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/([a-z0-9][a-z0-9._-]*)(?:[/:@]|$)/.exec(reference);
  return m ? { location: m[1], project: m[2], repository: m[3] } : undefined;
}

/** Properties of {@link ArtifactRegistryReader}. */
export interface ArtifactRegistryReaderProps {
  /** The service account that pulls (the GKE node service account: the kubelet pulls with it). */
  readonly serviceAccountEmail: string;
  /** The repositories it may read; duplicates are granted once. */
  readonly repositories: ArtifactRegistryRepositoryRef[];
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * `roles/artifactregistry.reader` for a service account on each named repository, and nothing
 * wider: the GKE node service account's least-privilege role (`roles/container.defaultNodeServiceAccount`)
 * covers logging and monitoring only, so nodes cannot pull a private image from Artifact Registry
 * without it ("Configure GKE node service accounts"; the Compute Engine default account could, through
 * the Editor role our dedicated account deliberately lacks).
 */
export class ArtifactRegistryReader extends Construct {
  public readonly members: ArtifactRegistryRepositoryIamMember[] = [];

  constructor(scope: Construct, id: string, props: ArtifactRegistryReaderProps) {
    super(scope, id);
    if (props.repositories.length === 0) throw ConfigurationError.forConstruct(this, 'repositories', [], 'allowed: at least one repository');
    const seen = new Set<string>();
    for (const r of props.repositories) {
      const key = `${r.project}/${r.location}/${r.repository}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.members.push(new ArtifactRegistryRepositoryIamMember(this, `Reader-${r.project}-${r.location}-${r.repository}`, {
        project: r.project,
        location: r.location,
        repository: r.repository,
        role: 'roles/artifactregistry.reader',
        member: `serviceAccount:${props.serviceAccountEmail}`,
        dependsOn: props.dependsOn,
      }));
    }
  }
}
