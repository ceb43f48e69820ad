/**
 * Cloud-neutral contracts. The cloud folders (lib/aws, lib/gcp, lib/azure) produce
 * them; the Kubernetes layer (lib/k8s) consumes them; they meet in stacks/.
 *
 * Every value may be a Terraform token (a reference to a resource attribute or a
 * variable). Fields documented as secret must be tokens that resolve to a sensitive
 * value (a `random_password`, a sensitive variable, a cross-stack reference to one):
 * never a literal, so that no secret value is written into synthesized JSON.
 */

/** Exec-based credential plugin for a Kubernetes client (kubeconfig `exec`). */
export interface ExecCredential {
  /** Client authentication API version. @default 'client.authentication.k8s.io/v1beta1' */
  readonly apiVersion?: string;
  /** The command to run, e.g. `aws`, `gke-gcloud-auth-plugin`, `kubelogin`. */
  readonly command: string;
  /** Its arguments. @default [] */
  readonly args?: string[];
  /** Environment variables for the command. @default {} */
  readonly env?: Record<string, string>;
}

/** How the Kubernetes and Helm providers reach a cluster. */
export interface ClusterAccess {
  /** A name for the cluster, for outputs and docs. */
  readonly clusterName: string;
  /** API server URL. Unset when a kubeconfig file is used. */
  readonly host?: string;
  /** PEM CA certificate of the API server (decoded, not base64). Unset with a kubeconfig. */
  readonly clusterCaCertificate?: string;
  /** Exec-based authentication (no static tokens). */
  readonly exec?: ExecCredential;
  /** Path of a kubeconfig file (an existing cluster). */
  readonly kubeconfigPath?: string;
  /** Context inside that kubeconfig. @default - the file's current context */
  readonly kubeconfigContext?: string;
  /** A shell command that writes a kubeconfig entry for this cluster, shown as an output. */
  readonly kubeconfigCommand?: string;
}

/** A Postgres database LangSmith (or an agent server) connects to. */
export interface PostgresConnection {
  readonly host: string;
  /** @default 5432 */
  readonly port?: number;
  /** @default 'postgres' */
  readonly database?: string;
  readonly username: string;
  /** Secret: a token resolving to the password. */
  readonly password: string;
  /** Require TLS from the client (`sslmode=require`). @default true */
  readonly tls?: boolean;
}

/** A Redis endpoint. */
export interface RedisConnection {
  readonly host: string;
  /** @default 6379 */
  readonly port?: number;
  /** TLS in transit (`rediss://`). @default true */
  readonly tls?: boolean;
  /** Secret: a token resolving to the AUTH token / password. @default - no AUTH */
  readonly password?: string;
  /** PEM CA the server certificate chains to, when it is not publicly trusted (Memorystore). */
  readonly caCertificate?: string;
}

/** An external ClickHouse endpoint (self-run or LangSmith-managed in ClickHouse Cloud). */
export interface ClickHouseConnection {
  readonly host: string;
  /** HTTP(S) port. @default 8443 with TLS, 8123 without */
  readonly httpPort?: number;
  /** Native protocol port. @default 9440 with TLS, 9000 without */
  readonly nativePort?: number;
  /** @default true */
  readonly tls?: boolean;
  /** @default 'default' */
  readonly user?: string;
  /** Secret: a token resolving to the password. */
  readonly password: string;
  /** @default 'default' */
  readonly database?: string;
  /** LangSmith-managed ClickHouse (`clickhouse.external.hybrid`). @default false */
  readonly hybrid?: boolean;
}

/** Blob storage engines understood by the LangSmith chart (`config.blobStorage.engine`). */
export type BlobStorageEngine = 'S3' | 'GCS' | 'Azure';

/** Object storage for trace payloads, reached through workload identity (no static keys). */
export interface BlobStorage {
  readonly engine: BlobStorageEngine;
  /** S3/GCS bucket name, or the Azure container name. */
  readonly bucketName: string;
  /** S3/GCS API URL, e.g. `https://s3.us-west-2.amazonaws.com`. Unset for Azure. */
  readonly apiUrl?: string;
  /** Azure storage account name. */
  readonly azureStorageAccountName?: string;
  /** KMS key ARN for SSE-KMS (S3 only). @default - bucket default encryption */
  readonly kmsKeyArn?: string;
  /** Annotations for the LangSmith service accounts that need the bucket (IRSA role ARN, GCP service account, Azure client id). @default {} */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /** Labels for those service accounts (Azure workload identity). @default {} */
  readonly serviceAccountLabels?: Record<string, string>;
  /** Labels for the pods using them (`azure.workload.identity/use`). @default {} */
  readonly podLabels?: Record<string, string>;
}

/** The static public IPs egress leaves from, for allow-listing at beacon.langchain.com and ClickHouse Cloud. */
export interface EgressAddresses {
  /** The addresses (tokens) of the NAT IPs. */
  readonly addresses: string[];
}

/**
 * A Helm chart a cloud needs in its cluster before LangSmith (a load balancer controller,
 * a CSI driver not available as a managed add-on, ...). Data only: the Kubernetes layer
 * installs it, so no cloud type reaches lib/k8s.
 */
export interface ClusterAddOn {
  /** Release name. */
  readonly name: string;
  readonly namespace: string;
  readonly repository: string;
  readonly chart: string;
  /** Pinned chart version. */
  readonly version: string;
  /** Chart values (may hold tokens such as a role ARN; never a secret). @default {} */
  readonly values?: Record<string, unknown>;
}

/**
 * What a cloud's ingress controller needs on, and next to, the Service its Ingress routes to (the
 * LangSmith frontend, the agent server's API). Data only: the Kubernetes layer applies it when the
 * Ingress is the cloud's (no `exposure.className` of the user's).
 */
export interface IngressBackend {
  /** Annotations of that Service (e.g. GKE's NEG and BackendConfig annotations). @default {} */
  readonly serviceAnnotations?: Record<string, string>;
  /**
   * Kubernetes objects (apiVersion, kind, metadata.name, spec) created in the release namespace,
   * e.g. a GKE BackendConfig. No secret values. @default []
   */
  readonly manifests?: Record<string, unknown>[];
  /**
   * Keep-alive timeout, in seconds, of the LangSmith frontend's nginx (`frontend.keepAliveTimeout`):
   * longer than the load balancer keeps idle backend connections. @default - the chart's (75)
   */
  readonly keepAliveTimeoutSeconds?: number;
}

/** A StorageClass a cloud foundation needs created in its cluster (data only; the Kubernetes layer creates it). */
export interface StorageClassSpec {
  readonly name: string;
  /** CSI provisioner, e.g. `ebs.csi.aws.com`. */
  readonly provisioner: string;
  /** Provisioner parameters (type, encryption, IOPS, ...). @default {} */
  readonly parameters?: Record<string, string>;
  /** @default 'WaitForFirstConsumer' */
  readonly volumeBindingMode?: 'WaitForFirstConsumer' | 'Immediate';
  /** @default 'Delete' */
  readonly reclaimPolicy?: 'Delete' | 'Retain';
  /** @default true */
  readonly allowVolumeExpansion?: boolean;
}

/** What a cloud foundation hands to the Kubernetes layer. */
export interface Foundation {
  readonly cluster: ClusterAccess;
  readonly postgres?: PostgresConnection;
  readonly redis?: RedisConnection;
  readonly blobStorage?: BlobStorage;
  /** Host of the private (or public) ClickHouse endpoint when the foundation created connectivity. */
  readonly clickhouseHost?: string;
  readonly egress?: EgressAddresses;
  /** Ingress class of the cloud's ingress controller. @default - the cluster default */
  readonly ingressClassName?: string;
  /** Annotations the cloud's ingress controller needs. @default {} */
  readonly ingressAnnotations?: Record<string, string>;
  /** What the cloud's ingress controller needs on the Service behind the Ingress. @default - nothing */
  readonly ingressBackend?: IngressBackend;
  /**
   * The same for the agent Services the LangSmith operator creates behind that Ingress (full
   * platform; `operator.templates.service`, manifests in every watched namespace); `serviceAnnotations`
   * must be literals without `$`. @default - nothing
   */
  readonly agentIngressBackend?: IngressBackend;
  /** Storage class for in-cluster volumes. @default - the cluster default */
  readonly storageClassName?: string;
  /** Storage classes to create before LangSmith (`storageClassName` may name one of them). @default [] */
  readonly storageClasses?: StorageClassSpec[];
  /** Whether the cloud's ingress terminates TLS itself (e.g. an ACM certificate on an ALB). @default false */
  readonly edgeTls?: boolean;
  /** Charts to install before LangSmith, in order. @default [] */
  readonly addOns?: ClusterAddOn[];
}
