/**
 * Helpers that read synthesized Terraform JSON the way Terraform reads it. Rules see
 * configuration after token resolution: literals stay literals, anything known only at
 * apply time is a string holding a `${...}` expression ("computed").
 */
import { parseCidr } from '../validation';

/** A JSON object of synthesized configuration. */
export type Json = Record<string, any>;

/** Whether a value is (or contains) a Terraform expression, i.e. is known only at apply time. */
export function isComputed(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** The value is literally true (Terraform also accepts the string "true"). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** The value is literally false. */
export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** True, or computed (the policy cannot prove it false). */
export function isTrueOrComputed(value: unknown): boolean {
  return isTrue(value) || isComputed(value);
}

/**
 * A nested block that holds at most one item: cdktf writes it as an object, Terraform JSON
 * also allows a one-element list. Returns undefined when absent.
 */
export function block(value: unknown): Json | undefined {
  if (Array.isArray(value)) return value.length > 0 && value[0] && typeof value[0] === 'object' ? value[0] : undefined;
  if (value && typeof value === 'object') return value as Json;
  return undefined;
}

/** A repeated nested block (or a list attribute): always an array. */
export function blocks(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter((v) => v && typeof v === 'object');
  if (value && typeof value === 'object') return [value as Json];
  return [];
}

/** A list attribute of strings (a computed list counts as one computed item). */
export function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string');
  if (typeof value === 'string') return [value];
  return [];
}

/** Reads a dotted path through objects and single-item blocks, e.g. `settings.ip_configuration.ipv4_enabled`. */
export function at(config: Json | undefined, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) {
    const obj = block(node);
    if (!obj) return undefined;
    node = obj[key];
  }
  return node;
}

/** Whether a value was set at all (null counts as unset: cdktf writes null for unset list-block attributes). */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** A CIDR that opens a rule to the whole internet (0.0.0.0/0, ::/0, or any /0). */
export function isWholeInternet(cidr: string): boolean {
  if (isComputed(cidr)) return false;
  const c = cidr.trim();
  if (c === '*' || c === 'Internet' || c === 'any' || c === '::/0' || /^0\.0\.0\.0(\/0)?$/.test(c)) return true;
  const p = parseCidr(c);
  return !!p && p.prefix === 0;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether serialized configuration refers to a Terraform address, e.g.
 * `aws_s3_bucket.Bucket_1A2B` or `data.aws_iam_policy_document.Tls_3C4D`, inside a `${...}`.
 */
export function refersTo(value: unknown, address: string): boolean {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  if (!text.includes('${')) return false;
  return new RegExp(`(?<![\\w.-])${escapeRegExp(address)}(?![\\w-])`).test(text);
}

/** Every resource address (`type.name`) and data source address referenced inside `${...}` expressions. */
export function referencedAddresses(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  const found = new Set<string>();
  for (const expr of text.match(/\$\{[^]*?\}/g) ?? []) {
    for (const m of expr.matchAll(/(?<![\w.-])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*|var\.[A-Za-z_][\w-]*)/g)) found.add(m[1]);
  }
  return [...found];
}

/** Words that mark a key, variable or attribute as carrying a secret. */
export const SECRET_WORDS = /(password|passwd|secret|token|api_?key|apikey|license|salt|jwt|private_?key|credential|access_?key|auth_?string|connection_?(url|string)|encryption_?key|kube_?config|client_?key|sas)/i;

/**
 * Key names that hold a *reference* to a secret (its name, the key inside it, a file path),
 * never the secret itself: `existingSecretName`, `passwordSecretKey`, `tlsSecretName`, ...
 */
export const SECRET_REFERENCE_KEYS = /(secret_?name|secret_?key$|secretkeyref|secret_?ref|existing_?secret|key_?name$|_?enabled$|_?file$|_?path$|_?arn$|_?id$|key_?vault|kms|rotation|_?length$|_?type$|version$|token_?url|url_?token|auth_?url|issuer)/i;

/** Whether a key name looks like it carries a secret value. */
export function isSecretKey(key: string): boolean {
  // Annotation and label keys (`nginx.ingress.kubernetes.io/auth-secret`) name things; they are not secret fields.
  if (key.includes('/')) return false;
  return SECRET_WORDS.test(key) && !SECRET_REFERENCE_KEYS.test(key);
}

/**
 * Whether a literal string is harmless even under a secret-looking key: empty, a Terraform
 * reference, or a URL without a password in it (`rediss://host:6379`).
 */
export function isHarmlessLiteral(value: string): boolean {
  if (value === '' || isComputed(value)) return true;
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/@\s]*@)?/i.exec(value);
  if (url) return !url[1] || !url[1].includes(':');
  return false;
}

/** Ports of data stores and remote administration: never open to the internet. */
export const DATA_PORTS: readonly number[] = [22, 3389, 5432, 6379, 6380, 8123, 9000, 9440, 8443, 2379, 10250];

/** Whether a port range [from, to] (protocol -1 / all = every port) covers a data port. */
export function coversDataPort(from: unknown, to: unknown, protocol: unknown): boolean {
  if (protocol === '-1' || protocol === -1 || protocol === 'all' || protocol === '*') return true;
  const f = Number(from);
  const t = Number(to ?? from);
  if (!Number.isFinite(f) || !Number.isFinite(t)) return isComputed(from) ? false : true;
  return DATA_PORTS.some((p) => p >= f && p <= t) || (f <= 0 && t >= 65535);
}
