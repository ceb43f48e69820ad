import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { ConfigurationError } from './errors';

/**
 * Prop checks shared by every construct. Each throws a {@link ConfigurationError}
 * naming the construct path, the field, the value and what is allowed. Values that are
 * unresolved tokens (known only at apply time) are skipped.
 */

/** An integer in [min, max]. */
export function checkInteger(scope: IConstruct, field: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw ConfigurationError.forConstruct(scope, field, value, `allowed: ${range}`);
  }
}

/** A string matching a pattern, described in words. */
export function checkPattern(scope: IConstruct, field: string, value: string | undefined, pattern: RegExp, allowed: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!pattern.test(value)) throw ConfigurationError.forConstruct(scope, field, value, `allowed: ${allowed}`);
}

/** One of a fixed list. */
export function checkOneOf<T extends string>(scope: IConstruct, field: string, value: T | undefined, allowed: readonly T[]): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!allowed.includes(value)) throw ConfigurationError.forConstruct(scope, field, value, `allowed: ${allowed.join(' | ')}`);
}

/** A non-empty list. */
export function checkNonEmpty(scope: IConstruct, field: string, value: readonly unknown[] | undefined, what: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value.length === 0) throw ConfigurationError.forConstruct(scope, field, value, `allowed: at least one ${what}`);
}

/** Parses an IPv4 CIDR into [network, prefix] or undefined when malformed. */
export function parseCidr(cidr: string): { network: number; prefix: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const ip = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network: (ip & mask) >>> 0, prefix };
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((r) => parseCidr(r)!);

function contains(outer: { network: number; prefix: number }, inner: { network: number; prefix: number }): boolean {
  if (inner.prefix < outer.prefix) return false;
  const mask = outer.prefix === 0 ? 0 : (0xffffffff << (32 - outer.prefix)) >>> 0;
  return ((inner.network & mask) >>> 0) === outer.network;
}

/** Whether two CIDRs overlap. */
export function cidrsOverlap(a: string, b: string): boolean {
  const pa = parseCidr(a);
  const pb = parseCidr(b);
  if (!pa || !pb) return false;
  return contains(pa, pb) || contains(pb, pa);
}

/** Whether a CIDR lies in RFC 1918 (or RFC 6598 shared) private space. */
export function isPrivateCidr(cidr: string): boolean {
  const p = parseCidr(cidr);
  return !!p && PRIVATE_RANGES.some((r) => contains(r, p));
}

/** An IPv4 CIDR in private address space, with a prefix in [minPrefix, maxPrefix]. */
export function checkPrivateCidr(scope: IConstruct, field: string, value: string | undefined, minPrefix = 8, maxPrefix = 28): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const p = parseCidr(value);
  if (!p) throw ConfigurationError.forConstruct(scope, field, value, 'allowed: an IPv4 CIDR such as 10.0.0.0/16');
  if (!isPrivateCidr(value)) throw ConfigurationError.forConstruct(scope, field, value, 'allowed: a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)');
  if (p.prefix < minPrefix || p.prefix > maxPrefix) throw ConfigurationError.forConstruct(scope, field, value, `allowed: a prefix length from /${minPrefix} to /${maxPrefix}`);
}

/** CIDRs that must not overlap one another. */
export function checkNoOverlap(scope: IConstruct, fields: Record<string, string | undefined>): void {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined && !Token.isUnresolved(v)) as [string, string][];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      if (cidrsOverlap(entries[i][1], entries[j][1])) {
        throw ConfigurationError.forConstruct(scope, entries[j][0], entries[j][1], `overlaps '${entries[i][0]}' (${entries[i][1]}); allowed: ranges that do not overlap`);
      }
    }
  }
}

/** A CIDR allow-list for a public endpoint: valid CIDRs, never the whole internet. */
export function checkAllowList(scope: IConstruct, field: string, value: readonly string[] | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  for (const cidr of value) {
    if (Token.isUnresolved(cidr)) continue;
    if (!parseCidr(cidr)) throw ConfigurationError.forConstruct(scope, field, cidr, 'allowed: IPv4 CIDRs such as 203.0.113.0/24');
    if (parseCidr(cidr)!.prefix === 0) throw ConfigurationError.forConstruct(scope, field, cidr, 'allowed: specific CIDRs; 0.0.0.0/0 would open the API to the internet');
  }
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate to a misspelt name, if it is close enough to be a likely typo. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const cand of candidates) {
    const dist = editDistance(input.toLowerCase(), cand.toLowerCase());
    if (dist < bestDistance) {
      best = cand;
      bestDistance = dist;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** Why a CIDR cannot be on an allow-list, or undefined when it can. */
export function checkAllowListValue(cidr: string): string | undefined {
  const p = parseCidr(cidr);
  if (!p) return 'allowed: IPv4 CIDRs such as 203.0.113.0/24';
  if (p.prefix === 0) return 'allowed: specific CIDRs; 0.0.0.0/0 would open it to the whole internet';
  return undefined;
}

/**
 * Whether a value is a Terraform reference (a cdktf token, or a raw `${...}` expression),
 * i.e. something that is not itself a secret literal in the synthesized JSON.
 */
export function isTerraformReference(value: string): boolean {
  return Token.isUnresolved(value) || /^\$\{[^}]+\}$/.test(value);
}

// --- Cloud resource names (issue 8). Each check names the construct path, the field, the
// value and the cloud's rule; global uniqueness cannot be checked offline, so the message
// says so where a name is global (S3 and GCS buckets, storage accounts, key vaults).

const IPV4_LIKE = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Why a name breaks the S3 general purpose bucket naming rules, or undefined. */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `${name.length} characters; S3 bucket names have 3-63`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'S3 bucket names use lowercase letters, digits, . and -, and start and end with a letter or digit';
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return 'S3 bucket names have no adjacent periods and no period next to a hyphen';
  if (IPV4_LIKE.test(name)) return 'S3 bucket names cannot look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'S3 bucket names cannot start with xn--, sthree- or amzn-s3-demo-';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'S3 bucket names cannot end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3';
  return undefined;
}

/**
 * An S3 bucket name (or, with `prefix`, a `bucket_prefix` of at most 37 characters). Bucket
 * names are global across all AWS accounts: a taken name fails only at apply time.
 */
export function checkS3BucketName(scope: IConstruct, field: string, value: string | undefined, prefix = false): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const problem = prefix
    ? (value.length > 37 ? `${value.length} characters; a bucket_prefix has at most 37` : !/^[a-z0-9][a-z0-9.-]*$/.test(value) ? 'lowercase letters, digits, . and -, starting with a letter or digit' : undefined)
    : s3BucketNameProblem(value);
  if (problem) throw ConfigurationError.forConstruct(scope, field, value, `${problem}; allowed: a DNS-style name such as acme-langsmith-traces, unique across all of AWS`);
}

/** Why a name breaks the Cloud Storage bucket naming rules, or undefined. */
export function gcsBucketNameProblem(name: string): string | undefined {
  const dotted = name.includes('.');
  if (name.length < 3 || name.length > (dotted ? 222 : 63)) return `${name.length} characters; GCS bucket names have 3-63 (up to 222 with dots, 63 per dot-separated part)`;
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(name)) return 'GCS bucket names use lowercase letters, digits, -, _ and ., and start and end with a letter or digit';
  if (dotted && name.split('.').some((p) => p.length === 0 || p.length > 63)) return 'each dot-separated part of a GCS bucket name has 1-63 characters';
  if (IPV4_LIKE.test(name)) return 'GCS bucket names cannot look like an IP address';
  if (name.startsWith('goog') || /g[o0]{2}g[l1]e/.test(name)) return 'GCS bucket names cannot start with "goog" or contain "google" (or look-alikes)';
  return undefined;
}

/** A Cloud Storage bucket name. Names are global across all of Google Cloud. Names with dots need domain verification. */
export function checkGcsBucketName(scope: IConstruct, field: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const problem = gcsBucketNameProblem(value);
  if (problem) throw ConfigurationError.forConstruct(scope, field, value, `${problem}; allowed: a name such as acme-prod-langsmith-traces, unique across all of Google Cloud`);
}

/** An Azure storage account name: 3-24 lowercase letters and digits, unique across all of Azure. */
export function checkStorageAccountName(scope: IConstruct, field: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!/^[a-z0-9]{3,24}$/.test(value)) {
    const why = value.length < 3 || value.length > 24 ? `${value.length} characters; storage account names have 3-24` : 'storage account names have only lowercase letters and digits (no - or _)';
    throw ConfigurationError.forConstruct(scope, field, value, `${why}; allowed: a name such as acmelangsmith01, unique across all of Azure (it becomes <name>.blob.core.windows.net)`);
  }
}

/** An Azure Key Vault name: 3-24 letters, digits and -, starting with a letter, unique across all of Azure. */
export function checkKeyVaultName(scope: IConstruct, field: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value.length < 3 || value.length > 24 || !/^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/.test(value) || value.includes('--')) {
    throw ConfigurationError.forConstruct(scope, field, value, 'allowed: 3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit, unique across all of Azure (it becomes <name>.vault.azure.net; a deleted vault keeps its name during soft-delete retention)');
  }
}

/** An Azure resource group name: 1-90 letters, digits, _, -, . and parentheses, not ending with a period. */
export function checkResourceGroupName(scope: IConstruct, field: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value.length < 1 || value.length > 90 || !/^[\p{L}\p{N}_().-]+$/u.test(value) || value.endsWith('.')) {
    throw ConfigurationError.forConstruct(scope, field, value, 'allowed: 1-90 letters, digits, _, -, . and parentheses, not ending with a period');
  }
}

/** A DNS-1123 label (Kubernetes namespace, release or service account name): 1-63 lowercase letters, digits and -. */
export function checkDnsLabel(scope: IConstruct, field: string, value: string | undefined): void {
  checkPattern(scope, field, value, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a DNS-1123 label: 1-63 lowercase letters, digits and -, starting and ending with a letter or digit');
}

/** A version (Kubernetes, Postgres, Redis...) that the cloud offers, from a list the construct keeps. */
export function checkOffered(scope: IConstruct, field: string, value: string | undefined, offered: readonly string[], what: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!offered.includes(value)) {
    const hint = didYouMean(value, offered);
    throw ConfigurationError.forConstruct(scope, field, value, `not a ${what} this library supports${hint ? `; did you mean '${hint}'?` : ''} Allowed: ${offered.join(', ')}`);
  }
}

/** A count of things (nodes, replicas, IPs): an integer >= 1 (and <= max). */
export function checkCount(scope: IConstruct, field: string, value: number | undefined, max = Number.MAX_SAFE_INTEGER): void {
  checkInteger(scope, field, value, 1, max);
}
