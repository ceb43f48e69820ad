import { AzurermBackend, GcsBackend, LocalBackend, RemoteBackend, S3Backend, TerraformStack } from 'cdktf';
import { DeploymentConfig } from './config';

/**
 * Configures the stack's state backend from the deployment's `backend` block. State holds
 * generated secrets (database passwords, API key salt, JWT secret): every remote backend is
 * configured encrypted (S3 `encrypt` + lock file; GCS and Azure Storage encrypt at rest).
 */
export function configureBackend(stack: TerraformStack, d: DeploymentConfig, stackId: string): void {
  const b = d.backend;
  switch (b.type) {
    case 'local':
      new LocalBackend(stack, { path: `${b.directory ?? 'terraform.state'}/${stackId}.tfstate` });
      break;
    case 's3':
      new S3Backend(stack, { bucket: b.bucket, key: `${b.keyPrefix}/${stackId}.tfstate`, region: b.region, encrypt: true, kmsKeyId: b.kmsKeyId, dynamodbTable: b.dynamodbTable });
      // S3-native state locking (Terraform >= 1.10), unless a DynamoDB lock table is named.
      if (!b.dynamodbTable) stack.addOverride('terraform.backend.s3.use_lockfile', true);
      break;
    case 'gcs':
      new GcsBackend(stack, { bucket: b.bucket, prefix: `${b.prefix}/${stackId}` });
      break;
    case 'azurerm':
      new AzurermBackend(stack, { resourceGroupName: b.resourceGroupName, storageAccountName: b.storageAccountName, containerName: b.containerName, key: `${b.keyPrefix}/${stackId}.tfstate`, useAzureadAuth: true });
      break;
    case 'remote':
      new RemoteBackend(stack, { hostname: b.hostname, organization: b.organization, workspaces: { name: `${b.workspacePrefix}${stackId}` } });
      break;
  }
}
