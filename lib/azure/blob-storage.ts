import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { StorageManagementPolicy } from '@cdktf/provider-azurerm/lib/storage-management-policy';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { BlobStorage } from '../core/contracts';
import { ConfigurationError } from '../core/errors';
import { blobServiceAccountNames, blobServiceAccountSubjects, DEFAULT_NAMESPACE, DEFAULT_RELEASE_NAME } from '../core/naming';
import { checkInteger, checkOneOf, checkPattern } from '../core/validation';
import { AzureTags, checkArmId, checkLocation, checkName, checkSubnetId, STORAGE_ACCOUNT_PATTERN } from './common';
import { deletionLock } from './deletion-lock';
import { PrivateEndpointWithDns } from './private-endpoint';
import { BLOB_DNS_ZONE } from './constants';

export { BLOB_DNS_ZONE };

/** Audience of Entra ID workload identity federation. */
export const WORKLOAD_IDENTITY_AUDIENCE = 'api://AzureADTokenExchange';

/** Storage replication types offered. */
export const STORAGE_REPLICATION_TYPES = ['LRS', 'ZRS', 'GRS', 'GZRS'] as const;
export type StorageReplicationType = typeof STORAGE_REPLICATION_TYPES[number];

/** An existing storage account to put the container in. */
export interface ExistingStorageAccount {
  /** ARM id of the account. */
  readonly id: string;
  /** Account name. */
  readonly name: string;
}

/** Properties of {@link AzureBlobStorage}. */
export interface AzureBlobStorageProps {
  /** Name prefix of the workload identity (`<name>-langsmith-blob`). */
  readonly name: string;
  /** Azure region (location), e.g. westus3. */
  readonly location: string;
  /** Name of the resource group the resources are created in. */
  readonly resourceGroupName: string;
  /** Storage account name (3-24 lowercase letters and digits, globally unique). Ignored with `existingStorageAccount`. @default - none: required without `existingStorageAccount` */
  readonly storageAccountName?: string;
  /** An existing account: only the container, identity and grants are created. @default - a new account */
  readonly existingStorageAccount?: ExistingStorageAccount;
  /** Container for trace payloads. @default 'langsmith' */
  readonly containerName?: string;
  /** Subnet of the blob private endpoint (for a created account). */
  readonly privateEndpointSubnetId: string;
  /** VNet the private DNS zone is linked to (when it is created here). */
  readonly vnetId: string;
  /** An existing `privatelink.blob.core.windows.net` zone linked to the VNet. @default - a new zone */
  readonly existingPrivateDnsZoneId?: string;
  /** OIDC issuer URL of the AKS cluster (federated credentials trust it). */
  readonly oidcIssuerUrl: string;
  /** Namespace of the LangSmith release. @default 'langsmith' */
  readonly namespace?: string;
  /** LangSmith Helm release name (the service account names derive from it). @default 'langsmith' */
  readonly releaseName?: string;
  /** @default 'ZRS' */
  readonly replicationType?: StorageReplicationType;
  /** Days before blobs under `ttl_s/` are deleted (the chart's short TTL is 14 days). @default 14 */
  readonly shortTtlDays?: number;
  /** Days before blobs under `ttl_l/` are deleted (the chart's long TTL is 400 days). @default 400 */
  readonly longTtlDays?: number;
  /** Soft-delete retention of blobs and containers, days (1-365). @default 7 */
  readonly softDeleteDays?: number;
  /** Terraform `prevent_destroy` and a CanNotDelete management lock on the account. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: AzureTags;
  /** Resources to wait for (the cluster, whose OIDC issuer the credentials name). @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A storage account and container for LangSmith trace payloads, reached with AKS Workload Identity:
 * - HTTPS only (CKV_AZURE_3, AVD-AZU-0008), TLS 1.2 minimum (CKV_AZURE_44, AVD-AZU-0011), no public
 *   blob access (CKV_AZURE_190, AVD-AZU-0007), public network access disabled (CKV_AZURE_59) with
 *   network rules default Deny / bypass AzureServices (CKV_AZURE_35, AVD-AZU-0012; CKV_AZURE_36),
 *   reached through a blob private endpoint with the `privatelink.blob.core.windows.net` zone;
 * - shared keys disabled (`shared_access_key_enabled = false`, OAuth default): nobody holds an
 *   account key, the chart gets none. The container and lifecycle policy are created through
 *   Azure Resource Manager (`storage_account_id`), so Terraform needs no data-plane access;
 *   configure the provider with `storage_use_azuread = true` all the same;
 * - infrastructure (double) encryption, blob versioning, soft delete of blobs and containers;
 * - lifecycle management deleting `<container>/ttl_s/` after 14 days and `<container>/ttl_l/` after
 *   400 days (langsmith values.yaml `config.ttl`), with their old versions;
 * - a user-assigned identity with Storage Blob Data Contributor on the container only, federated
 *   with exactly the LangSmith Kubernetes service accounts that touch blobs (issuer = the AKS OIDC
 *   issuer, subjects from lib/core/naming.ts); the chart gets its client id as the
 *   `azure.workload.identity/client-id` annotation and the pods the `azure.workload.identity/use`
 *   label.
 */
export class AzureBlobStorage extends Construct {
  public readonly storageAccount?: StorageAccount;
  public readonly container: StorageContainer;
  public readonly identity: UserAssignedIdentity;
  public readonly privateEndpoint?: PrivateEndpointWithDns;
  public readonly storageAccountName: string;
  public readonly containerName: string;
  /** What the LangSmith chart needs: engine Azure, account, container, the workload identity. */
  public readonly blobStorage: BlobStorage;

  constructor(scope: Construct, id: string, props: AzureBlobStorageProps) {
    super(scope, id);
    checkName(this, 'name', props.name);
    checkLocation(this, 'location', props.location);
    checkSubnetId(this, 'privateEndpointSubnetId', props.privateEndpointSubnetId);
    checkOneOf(this, 'replicationType', props.replicationType, STORAGE_REPLICATION_TYPES);
    checkPattern(this, 'containerName', props.containerName, /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, '3-63 lowercase letters, digits and -, starting and ending with a letter or digit, no "--"');
    checkInteger(this, 'shortTtlDays', props.shortTtlDays, 1, 99999);
    checkInteger(this, 'longTtlDays', props.longTtlDays, 1, 99999);
    checkInteger(this, 'softDeleteDays', props.softDeleteDays, 1, 365);
    if (props.existingStorageAccount) {
      checkArmId(this, 'existingStorageAccount.id', props.existingStorageAccount.id, 'Microsoft.Storage/storageAccounts', '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<name>');
      checkPattern(this, 'existingStorageAccount.name', props.existingStorageAccount.name, STORAGE_ACCOUNT_PATTERN, '3-24 lowercase letters and digits');
    } else if (props.storageAccountName === undefined) {
      throw ConfigurationError.forConstruct(this, 'storageAccountName', undefined, 'required without existingStorageAccount; allowed: 3-24 lowercase letters and digits, globally unique');
    } else {
      checkPattern(this, 'storageAccountName', props.storageAccountName, STORAGE_ACCOUNT_PATTERN, '3-24 lowercase letters and digits (no -), globally unique');
    }
    const deletionProtection = props.deletionProtection ?? true;
    const containerName = props.containerName ?? 'langsmith';
    const softDeleteDays = props.softDeleteDays ?? 7;
    const base = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };

    let accountId: string;
    if (props.existingStorageAccount) {
      accountId = props.existingStorageAccount.id;
      this.storageAccountName = props.existingStorageAccount.name;
    } else {
      this.storageAccount = new StorageAccount(this, 'Account', {
        ...base,
        name: props.storageAccountName!,
        accountKind: 'StorageV2',
        accountTier: 'Standard',
        accountReplicationType: props.replicationType ?? 'ZRS',
        accessTier: 'Hot',
        httpsTrafficOnlyEnabled: true,
        minTlsVersion: 'TLS1_2',
        allowNestedItemsToBePublic: false,
        publicNetworkAccessEnabled: false,
        sharedAccessKeyEnabled: false,
        defaultToOauthAuthentication: true,
        infrastructureEncryptionEnabled: true,
        crossTenantReplicationEnabled: false,
        localUserEnabled: false,
        sftpEnabled: false,
        networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'] },
        blobProperties: {
          versioningEnabled: true,
          deleteRetentionPolicy: { days: softDeleteDays },
          containerDeleteRetentionPolicy: { days: softDeleteDays },
        },
        lifecycle: { preventDestroy: deletionProtection },
        dependsOn: props.dependsOn,
      });
      accountId = this.storageAccount.id;
      this.storageAccountName = this.storageAccount.name;
      this.privateEndpoint = new PrivateEndpointWithDns(this, 'PrivateEndpoint', {
        ...base,
        name: `${props.name}-blob-pe`,
        subnetId: props.privateEndpointSubnetId,
        resourceId: accountId,
        subresource: 'blob',
        zoneName: BLOB_DNS_ZONE,
        vnetId: props.vnetId,
        existingPrivateDnsZoneId: props.existingPrivateDnsZoneId,
      });
      if (deletionProtection) deletionLock(this, 'DeletionLock', accountId, 'blob storage account');
    }

    this.container = new StorageContainer(this, 'Container', {
      name: containerName,
      storageAccountId: accountId,
      containerAccessType: 'private',
      lifecycle: { preventDestroy: deletionProtection },
    });
    this.containerName = this.container.name;

    const ttl = (name: string, prefix: string, days: number) => ({
      name,
      enabled: true,
      filters: { blobTypes: ['blockBlob'], prefixMatch: [`${containerName}/${prefix}`] },
      actions: {
        baseBlob: { deleteAfterDaysSinceModificationGreaterThan: days },
        version: { deleteAfterDaysSinceCreation: days },
        snapshot: { deleteAfterDaysSinceCreationGreaterThan: days },
      },
    });
    new StorageManagementPolicy(this, 'Lifecycle', {
      storageAccountId: accountId,
      rule: [ttl('langsmith-ttl-short', 'ttl_s/', props.shortTtlDays ?? 14), ttl('langsmith-ttl-long', 'ttl_l/', props.longTtlDays ?? 400)],
    });

    // Workload identity: one identity, federated with each blob-storage service account.
    this.identity = new UserAssignedIdentity(this, 'Identity', { ...base, name: `${props.name}-langsmith-blob` });
    new RoleAssignment(this, 'BlobDataContributor', {
      scope: `${accountId}/blobServices/default/containers/${containerName}`,
      roleDefinitionName: 'Storage Blob Data Contributor',
      principalId: this.identity.principalId,
      principalType: 'ServicePrincipal',
      dependsOn: [this.container],
    });
    const namespace = props.namespace ?? DEFAULT_NAMESPACE;
    const releaseName = props.releaseName ?? DEFAULT_RELEASE_NAME;
    checkPattern(this, 'namespace', namespace, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a Kubernetes namespace name');
    const names = Object.values(blobServiceAccountNames(releaseName));
    const subjects = blobServiceAccountSubjects(namespace, releaseName);
    let previous: FederatedIdentityCredential | undefined;
    subjects.forEach((subject, i) => {
      // Entra ID rejects concurrent writes of federated credentials on one identity: chain them.
      previous = new FederatedIdentityCredential(this, `Federation${i}`, {
        name: names[i],
        resourceGroupName: props.resourceGroupName,
        parentId: this.identity.id,
        audience: [WORKLOAD_IDENTITY_AUDIENCE],
        issuer: props.oidcIssuerUrl,
        subject,
        dependsOn: previous ? [previous] : props.dependsOn,
      });
    });

    this.blobStorage = {
      engine: 'Azure',
      bucketName: this.containerName,
      azureStorageAccountName: this.storageAccountName,
      serviceAccountAnnotations: { 'azure.workload.identity/client-id': this.identity.clientId },
      podLabels: { 'azure.workload.identity/use': 'true' },
    };
  }
}
