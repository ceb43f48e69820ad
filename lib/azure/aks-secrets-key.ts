import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { LangSmithPolicy } from '../core/policy/langsmith-policy';
import { checkInteger, checkPattern } from '../core/validation';
import { AzureTags, checkLocation, KEY_VAULT_PATTERN } from './common';
import { RbacPropagationWait } from './rbac-wait';

/** Properties of {@link AksSecretsKey}. */
export interface AksSecretsKeyProps {
  /** Key Vault name (3-24 letters, digits and '-', globally unique). */
  readonly keyVaultName: string;
  /** Azure region (location) of the Key Vault, e.g. westus3. */
  readonly location: string;
  /** Name of the resource group the Key Vault is created in. */
  readonly resourceGroupName: string;
  /** Entra tenant of the vault. */
  readonly tenantId: string;
  /** Principal (object) id of the cluster's control-plane identity: gets Key Vault Crypto User on the vault. */
  readonly clusterPrincipalId: string;
  /**
   * Object id of the principal running Terraform: gets Key Vault Crypto Officer on the vault so it
   * can create the key (the vault uses Azure RBAC, no access policies).
   */
  readonly deployerObjectId: string;
  /**
   * Entra ID groups that also get Key Vault Crypto Officer, so that every operator or CI
   * principal in them can read (refresh) and rotate the key, not only the first deployer.
   * @default []
   */
  readonly adminGroupObjectIds?: string[];
  /** Seconds to wait for the grants to take effect before the key is created ({@link RbacPropagationWait}). @default 120 */
  readonly rbacPropagationSeconds?: number;
  /** Days a deleted vault or key stays recoverable (7-90). @default 90 */
  readonly softDeleteRetentionDays?: number;
  /** Terraform `prevent_destroy` on the vault and key (a deleted key makes the cluster's secrets unreadable). @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: AzureTags;
}

/**
 * A customer-managed key for AKS secrets encryption (KMS etcd encryption,
 * `key_management_service`): a Key Vault with Azure RBAC authorization, purge protection and soft
 * delete, an RSA-2048 key, and the role assignments the cluster identity and the deployer need.
 *
 * The vault keeps public network access on (`key_vault_network_access = "Public"` on the
 * cluster): KMS with a private vault needs API server VNet integration, which this library does
 * not set up. Data-plane access stays limited to the two role assignments. No key expiry: AKS
 * stops decrypting secrets with an expired key; rotate by creating a new key version.
 */
export class AksSecretsKey extends Construct {
  public readonly keyVault: KeyVault;
  public readonly key: KeyVaultKey;
  /** The role assignment of the cluster identity (the cluster must wait for it). */
  public readonly clusterAccess: RoleAssignment;
  /** Versioned key id for `key_management_service.key_vault_key_id`. */
  public readonly keyId: string;
  /** What the cluster must wait for. */
  public readonly dependables: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AksSecretsKeyProps) {
    super(scope, id);
    checkPattern(this, 'keyVaultName', props.keyVaultName, KEY_VAULT_PATTERN, '3-24 letters, digits and -, starting with a letter, no "--"');
    checkLocation(this, 'location', props.location);
    checkInteger(this, 'softDeleteRetentionDays', props.softDeleteRetentionDays, 7, 90);
    this.keyVault = new KeyVault(this, 'Vault', {
      name: props.keyVaultName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: props.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: props.softDeleteRetentionDays ?? 90,
      publicNetworkAccessEnabled: true,
      tags: props.tags,
      lifecycle: { preventDestroy: props.deletionProtection ?? true },
    });
    LangSmithPolicy.suppress(this.keyVault, 'LS-AZ-KV-2', 'AKS KMS with key_vault_network_access = Public: the control plane and Terraform (creating the key) reach the vault over its public endpoint; a firewalled or private vault needs API server VNet integration. Data-plane access is limited to two RBAC role assignments.');
    // The deployer's grant stays with whoever ran the first apply (ignore_changes): a second
    // operator or CI principal does not replace it (and revoke the first one's access); give
    // lasting access through adminGroupObjectIds.
    const officer = new RoleAssignment(this, 'DeployerCryptoOfficer', {
      scope: this.keyVault.id,
      roleDefinitionName: 'Key Vault Crypto Officer',
      principalId: props.deployerObjectId,
      lifecycle: { ignoreChanges: ['principal_id'] },
    });
    const groupOfficers = (props.adminGroupObjectIds ?? []).map((groupId, i) => new RoleAssignment(this, `AdminGroup${i}CryptoOfficer`, {
      scope: this.keyVault.id,
      roleDefinitionName: 'Key Vault Crypto Officer',
      principalId: groupId,
      principalType: 'Group',
    }));
    // Key creation is a data-plane call: it answers 403 until the grant has propagated.
    const officerWait = new RbacPropagationWait(this, 'OfficerPropagation', { grants: [officer, ...groupOfficers], seconds: props.rbacPropagationSeconds });
    this.key = new KeyVaultKey(this, 'Key', {
      name: 'aks-secrets',
      keyVaultId: this.keyVault.id,
      keyType: 'RSA',
      keySize: 2048,
      keyOpts: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
      tags: props.tags,
      lifecycle: { preventDestroy: props.deletionProtection ?? true },
      dependsOn: officerWait.dependables,
    });
    this.clusterAccess = new RoleAssignment(this, 'ClusterCryptoUser', {
      scope: this.keyVault.id,
      roleDefinitionName: 'Key Vault Crypto User',
      principalId: props.clusterPrincipalId,
      principalType: 'ServicePrincipal',
    });
    this.keyId = this.key.id;
    this.dependables = [this.clusterAccess, this.key];
  }
}
