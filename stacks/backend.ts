import { isAbsolute, join, relative, resolve } from 'path';
import { App, AzurermBackend, GcsBackend, LocalBackend, RemoteBackend, S3Backend, TerraformStack } from 'cdktf';
import { ConfigurationError } from '../lib/core/errors';
import type { DeploymentConfig } from './config';

/** App context key holding the real output directory (stacks/app.ts synthesizes into a scratch dir and sets it). */
export const OUTDIR_CONTEXT = 'cdktf-langsmith:outdir';

/** The local backend's state directory when `backend.directory` is not set. */
export const DEFAULT_STATE_DIRECTORY = 'terraform.state';

/**
 * The absolute directory of the local backend's state files: `backend.directory` (default
 * `terraform.state`) resolved against `cwd`, the directory the app runs in. Both `npm run synth`
 * and the cdktf CLI run the app in the project root (where package.json and cdktf.json are),
 * as cdktf's own LocalBackend default (`<cwd>/terraform.<stack>.tfstate`) assumes. The path is
 * absolute because the cdktf CLI runs terraform inside `cdktf.out/stacks/<stack>`: a relative
 * path would put each stack's state inside cdktf.out, and each remote-state read in its own
 * folder instead of the folder of the stack that writes it.
 */
export function localStateDirectory(directory: string = DEFAULT_STATE_DIRECTORY, cwd: string = process.cwd()): string {
  return resolve(cwd, directory);
}

/** The state file of a stack under the local backend (what both the stack and every remote-state read of it name). */
export function localStatePath(stackId: string, directory?: string, cwd?: string): string {
  return join(localStateDirectory(directory, cwd), `${stackId}.tfstate`);
}

/**
 * Configures the stack's state backend from the deployment's `backend` block. State holds
 * generated secrets (database passwords, API key salt, JWT secret): every remote backend is
 * configured encrypted (S3 `encrypt` + lock file; GCS and Azure Storage encrypt at rest).
 * Cross-stack references read the producing stack's state through its backend
 * (`getRemoteStateDataSource`), so an app stack's remote state names exactly the file,
 * object or workspace its infra stack writes.
 */
export function configureBackend(stack: TerraformStack, d: DeploymentConfig, stackId: string): void {
  const b = d.backend;
  switch (b.type) {
    case 'local': {
      const path = localStatePath(stackId, b.directory);
      checkOutsideOutdir(stack, d, b.directory, path);
      new LocalBackend(stack, { path });
      break;
    }
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

/** State inside the synth output would be replaced or pruned with it: refused. */
function checkOutsideOutdir(stack: TerraformStack, d: DeploymentConfig, directory: string | undefined, path: string): void {
  // The app synthesizes into a scratch dir and names the real output directory in the context.
  const outdir = resolve((stack.node.tryGetContext(OUTDIR_CONTEXT) as string | undefined) ?? App.of(stack).outdir);
  const rel = relative(outdir, path);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) {
    throw new ConfigurationError(`deployment ${d.name}`, 'backend.directory', directory ?? DEFAULT_STATE_DIRECTORY,
      `a directory outside the synth output ${outdir} (state there would be lost with it); allowed: a path relative to the project root, or absolute`);
  }
}
