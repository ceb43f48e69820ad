import { TerraformStack } from 'cdktf';
import { Foundation } from '../../lib/core/contracts';
import { DeploymentConfig } from '../config';
import { secretVariable } from '../secrets';

/**
 * An existing cluster (`cloud: kubernetes`): reached through a kubeconfig, with the chart's
 * bundled stores unless external Postgres / Redis are given (passwords from TF_VAR_*).
 */
export function existingClusterFoundation(appStack: TerraformStack, d: DeploymentConfig): Foundation {
  return {
    cluster: {
      clusterName: d.kubernetes.context ?? 'current-context',
      kubeconfigPath: d.kubernetes.kubeconfigPath,
      kubeconfigContext: d.kubernetes.context,
    },
    postgres: d.postgres
      ? { host: d.postgres.host, port: d.postgres.port, database: d.postgres.database, username: d.postgres.user, tls: d.postgres.tls, password: secretVariable(appStack, 'postgresPassword') }
      : undefined,
    redis: d.redis
      ? { host: d.redis.host, port: d.redis.port, tls: d.redis.tls, password: d.redis.auth ? secretVariable(appStack, 'redisPassword') : undefined }
      : undefined,
    blobStorage: d.blobStorage
      ? {
        engine: d.blobStorage.engine,
        bucketName: d.blobStorage.bucket,
        apiUrl: d.blobStorage.apiUrl,
        azureStorageAccountName: d.blobStorage.azureStorageAccountName,
        serviceAccountAnnotations: d.blobStorage.serviceAccountAnnotations,
        podLabels: d.blobStorage.podLabels,
      }
      : undefined,
  };
}
