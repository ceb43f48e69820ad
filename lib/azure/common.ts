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

/** Whether a (literal) value is an ARM id of the given type (case-insensitive), e.g. `Microsoft.Network/virtualNetworks`, with `rest` after the name matching `restPattern` (or nothing). */
export function isArmIdOf(value: string, type: string, restPattern?: RegExp): boolean {
  const parsed = parseArmId(value);
  return !!parsed && parsed.type.toLowerCase() === type.toLowerCase() && (restPattern ? restPattern.test(parsed.rest) : parsed.rest === '');
}

/** Checks that a value is an ARM id of the given type (case-insensitive), e.g. `Microsoft.Network/virtualNetworks`. */
export function checkArmId(scope: IConstruct, field: string, value: string | undefined, type: string, example: string, restPattern?: RegExp): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!isArmIdOf(value, type, restPattern)) throw ConfigurationError.forConstruct(scope, field, value, `allowed: an Azure resource id such as ${example}`);
}

/** An example VNet id, as error messages show it. */
export const VNET_ID_EXAMPLE = '/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>';
/** An example subnet id, as error messages show it. */
export const SUBNET_ID_EXAMPLE = `${VNET_ID_EXAMPLE}/subnets/<subnet>`;

/** Whether a (literal) value is a VNet id. */
export function isVnetId(value: string): boolean {
  return isArmIdOf(value, 'Microsoft.Network/virtualNetworks');
}

/** Whether a (literal) value is a subnet id `/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`. */
export function isSubnetId(value: string): boolean {
  return isArmIdOf(value, 'Microsoft.Network/virtualNetworks', /^\/subnets\/[^/]+$/i);
}

/** Whether a (literal) subnet id names a subnet of the (literal) VNet id (case-insensitive, as ARM ids are). */
export function isSubnetOf(subnetId: string, vnetId: string): boolean {
  return subnetId.toLowerCase().startsWith(`${vnetId.toLowerCase()}/subnets/`);
}

/** Checks a subnet id: `/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`. */
export function checkSubnetId(scope: IConstruct, field: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!isSubnetId(value)) throw ConfigurationError.forConstruct(scope, field, value, `allowed: an Azure resource id such as ${SUBNET_ID_EXAMPLE}`);
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
