import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { StorageClassSpec } from '../core/contracts';

/** Properties of {@link StorageClasses}. */
export interface StorageClassesProps {
  /** The classes a cloud foundation asks for (`Foundation.storageClasses`). @default [] */
  readonly classes?: readonly StorageClassSpec[];
}

/**
 * Creates the StorageClasses a cloud foundation asks for (e.g. AWS's encrypted gp3 class for
 * in-cluster volumes), none of them the cluster default: LangSmith's stores name theirs.
 */
export class StorageClasses extends Construct {
  public readonly classes: StorageClassV1[];

  constructor(scope: Construct, id: string, props: StorageClassesProps = {}) {
    super(scope, id);
    this.classes = (props.classes ?? []).map((c) => new StorageClassV1(this, c.name, {
      metadata: { name: c.name, labels: { 'app.kubernetes.io/managed-by': 'cdktf-langsmith' } },
      storageProvisioner: c.provisioner,
      parameters: c.parameters,
      volumeBindingMode: c.volumeBindingMode ?? 'WaitForFirstConsumer',
      reclaimPolicy: c.reclaimPolicy ?? 'Delete',
      allowVolumeExpansion: c.allowVolumeExpansion ?? true,
    }));
  }

  /** The classes, as dependencies. */
  public get dependables(): ITerraformDependable[] {
    return [...this.classes];
  }
}
