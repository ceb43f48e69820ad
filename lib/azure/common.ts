import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { ConfigurationError } from '../core/errors';
import { checkPattern } from '../core/validation';
import { AZURE_REGIONS } from './regions';

/**
 * Naming and id helpers shared by the lib/azure constructs. Azure naming rules:
 * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
 */

/** Tags on every taggable resource a construct creates. */
export type AzureTags = Record<string, string>;

/** Deployment / name prefix: lowercase letters, digits and '-', starting with a letter, at most 24 characters. */
export const NAME_PATTERN = /^[a-z]([-a-z0-9]{0,22}[a-z0-9])?$/;

/** Checks a name prefix given to an Azure construct. */
export function checkName(scope: IConstruct, field: string, value: string | undefined): void {
  checkPattern(scope, field, value, NAME_PATTERN, 'a lowercase name: a letter, then letters, digits and -, at most 24 characters');
}

/** Checks an Azure location (programmatic form, e.g. eastus2). */
export function checkLocation(scope: IConstruct, field: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!AZURE_REGIONS.includes(value)) {
    throw ConfigurationError.forConstruct(scope, field, value, 'allowed: an Azure region in programmatic form such as eastus2, westeurope (see lib/azure/regions.ts)');
  }
}

/** Storage account names: 3-24 lowercase letters and digits, globally unique. */
export const STORAGE_ACCOUNT_PATTERN = /^[a-z0-9]{3,24}$/;

/** Key Vault names: 3-24 letters, digits and '-', starting with a letter, no '--', not ending with '-'. */
export const KEY_VAULT_PATTERN = /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/** PostgreSQL flexible server names: 3-63 lowercase letters, digits and '-', not starting or ending with '-'. */
export const POSTGRES_SERVER_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Azure Cache for Redis names: 1-63 letters, digits and '-', starting and ending with a letter or digit, no '--'. */
export const REDIS_NAME_PATTERN = /^(?!.*--)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** AKS cluster names: 1-63 letters, digits, '_' and '-', starting and ending with a letter or digit. */
export const AKS_NAME_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/;

/** Resource group names: 1-90 letters, digits, '_', '-', '.', '(' and ')', not ending with '.'. */
export const RESOURCE_GROUP_PATTERN = /^[-\w.()]{0,89}[-\w()]$/;

const ARM_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/([^/]+\/[^/]+)\/([^/]+)(\/.*)?$/i;

/** The parts of an ARM resource id `/subscriptions/<s>/resourceGroups/<rg>/providers/<ns>/<type>/<name>/...`. */
export interface ArmId {
  readonly resourceGroupName: string;
  /** e.g. `Microsoft.Network/virtualNetworks`. */
  readonly type: string;
  readonly name: string;
  /** The rest after the name, e.g. `/subnets/nodes`. */
  readonly rest: string;
}

/** Parses an ARM resource id; undefined when it is not one (or is a token). */
export function parseArmId(id: string): ArmId | undefined {
  if (Token.isUnresolved(id)) return undefined;
  const m = ARM_ID.exec(id);
  if (!m) return undefined;
  return { resourceGroupName: m[1], type: m[2], name: m[3], rest: m[4] ?? '' };
}

/** Checks that a value is an ARM id of the given type (case-insensitive), e.g. `Microsoft.Network/virtualNetworks`. */
export function checkArmId(scope: IConstruct, field: string, value: string | undefined, type: string, example: string, restPattern?: RegExp): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const parsed = parseArmId(value);
  const ok = parsed && parsed.type.toLowerCase() === type.toLowerCase() && (restPattern ? restPattern.test(parsed.rest) : parsed.rest === '');
  if (!ok) throw ConfigurationError.forConstruct(scope, field, value, `allowed: an Azure resource id such as ${example}`);
}

/** Subnet ids: `/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`. */
export function checkSubnetId(scope: IConstruct, field: string, value: string | undefined): void {
  checkArmId(scope, field, value, 'Microsoft.Network/virtualNetworks', '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>', /^\/subnets\/[^/]+$/i);
}

/** Letters and digits only, lowercase (for storage account names). */
export function alphanumeric(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Truncates a name prefix to `max` characters without leaving a trailing '-'. */
export function truncateName(value: string, max: number): string {
  return value.slice(0, max).replace(/-+$/, '');
}

/** Merges a construct's default tags with the caller's. */
export function withTags(tags: AzureTags | undefined, extra: AzureTags = {}): AzureTags {
  return { ...extra, ...(tags ?? {}) };
}
