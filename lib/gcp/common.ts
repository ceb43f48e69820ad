import { IConstruct } from 'constructs';
import { checkPattern } from '../core/validation';

/** Resource name prefix: a GCP resource name start (lowercase letter, letters, digits, '-'). */
export const NAME_PATTERN = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

/** Checks a name prefix given to a GCP construct. */
export function checkName(scope: IConstruct, field: string, value: string | undefined): void {
  checkPattern(scope, field, value, NAME_PATTERN, 'a lowercase name: a letter, then letters, digits and -, at most 40 characters');
}

/** A GCP project id. */
export function checkProject(scope: IConstruct, field: string, value: string | undefined): void {
  checkPattern(scope, field, value, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a GCP project id: 6-30 lowercase letters, digits and -');
}

/** A GCP region name such as us-central1. */
export function checkRegion(scope: IConstruct, field: string, value: string | undefined): void {
  checkPattern(scope, field, value, /^[a-z]+-[a-z]+[0-9]+$/, 'a Google Cloud region such as us-central1');
}

/** `projects/<p>/global/networks/<n>` from a network name, or the value when it already is a path or URL. */
export function networkPath(project: string, network: string): string {
  return network.includes('/') ? network : `projects/${project}/global/networks/${network}`;
}

/**
 * The project a network path or URL belongs to (a Shared VPC host project, say), where its firewall
 * rules must be created; undefined for a reference or a bare name.
 */
export function networkProject(network: string): string | undefined {
  return /(?:^|\/)projects\/([^/]+)\/global\/networks\/[^/]+$/.exec(network)?.[1];
}

/** `projects/<p>/regions/<r>/subnetworks/<s>` from a subnetwork name, or the value when it already is a path or URL. */
export function subnetworkPath(project: string, region: string, subnetwork: string): string {
  return subnetwork.includes('/') ? subnetwork : `projects/${project}/regions/${region}/subnetworks/${subnetwork}`;
}

/** A service account id (6-30 characters) derived from a name prefix. */
export function checkAccountId(scope: IConstruct, field: string, prefix: string, accountId: string): void {
  checkPattern(scope, field, accountId, /^[a-z]([-a-z0-9]{4,28}[a-z0-9])$/, `a shorter name: the service account id '${accountId}' must be 6-30 characters (name prefix ${JSON.stringify(prefix)})`);
}

/**
 * GCP labels allow lowercase letters, digits, '_' and '-' (keys start with a letter), at most 63
 * characters: tags are lowered and other characters replaced with '_'.
 */
export function gcpLabels(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    let key = k.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);
    if (!/^[a-z]/.test(key)) key = `t${key}`.slice(0, 63);
    out[key] = v.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);
  }
  return out;
}
