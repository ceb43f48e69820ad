import { Construct } from 'constructs';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';

/**
 * Azure's own deletion protection: a `CanNotDelete` management lock on a resource. Deleting the
 * resource (from Terraform, the portal or the CLI) fails until the lock is removed; reads and
 * updates are unaffected. Creating a lock needs `Microsoft.Authorization/locks/write` (Owner or
 * User Access Administrator). The stateful constructs add one when `deletionProtection` is on,
 * next to Terraform's `prevent_destroy`.
 */
export function deletionLock(scope: Construct, id: string, resourceId: string, what: string): ManagementLock {
  return new ManagementLock(scope, id, {
    name: 'langsmith-deletion-protection',
    scope: resourceId,
    lockLevel: 'CanNotDelete',
    notes: `Deletion protection of the LangSmith ${what} (cdktf-langsmith deletionProtection). Set deletionProtection: false and apply to remove it.`,
  });
}
