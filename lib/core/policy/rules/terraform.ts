/**
 * Cloud-neutral Terraform rules: lifecycle protection of stateful resources, sensitive
 * outputs and variables.
 */
import { deletionProtectionOptedOut, PolicyContext, PolicyLevel, PolicyRule, PolicySubject, rule } from '../rule';
import { block, isSecretKey, isSet } from '../values';

/**
 * Resource types that hold user data (or are the cluster that does): destroying one loses
 * data. They carry `lifecycle.prevent_destroy = true` unless `deletionProtection: false`.
 */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = [
  'aws_db_instance', 'aws_rds_cluster', 'aws_elasticache_replication_group', 'aws_s3_bucket', 'aws_eks_cluster',
  'google_sql_database_instance', 'google_container_cluster', 'google_redis_instance', 'google_storage_bucket',
  'azurerm_kubernetes_cluster', 'azurerm_postgresql_flexible_server', 'azurerm_redis_cache', 'azurerm_managed_redis', 'azurerm_storage_account',
];

/**
 * Resource types whose replacement breaks something outside Terraform without losing data:
 * static egress IPs (allow-listed by LangSmith and ClickHouse Cloud) and encryption keys.
 */
export const PRECIOUS_RESOURCE_TYPES: readonly string[] = [
  'aws_eip', 'google_compute_address', 'azurerm_public_ip',
  'aws_kms_key', 'google_kms_crypto_key', 'azurerm_key_vault', 'azurerm_key_vault_key',
];

function preventDestroy(s: PolicySubject): unknown {
  return block(s.config.lifecycle)?.prevent_destroy;
}

function lifecycleCheck(s: PolicySubject): string | { reason: string; level: PolicyLevel } | undefined {
  const v = preventDestroy(s);
  if (v === true || v === 'true') return undefined;
  if (deletionProtectionOptedOut(s)) return { reason: 'lifecycle.prevent_destroy is false (deletionProtection: false): a destroy deletes the data', level: PolicyLevel.WARNING };
  return 'lifecycle.prevent_destroy is not set';
}

/** Attributes (after the resource address) that carry secrets although their name does not say so. */
const SECRET_RESOURCE_TYPES = ['random_password', 'random_bytes', 'tls_private_key', 'kubernetes_secret', 'kubernetes_secret_v1'];

/** Why an output's value is secret, or undefined. */
export function secretSource(value: unknown, ctx: PolicyContext): string | undefined {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  for (const expr of text.match(/\$\{[^]*?\}/g) ?? []) {
    for (const m of expr.matchAll(/(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*)/g)) {
      const [, data, type, , attrPath] = m;
      if (!data && SECRET_RESOURCE_TYPES.includes(type)) return `${type}.${m[3]}${attrPath}`;
      // The leaf attribute decides: `master_user_secret[0].secret_arn` is an ARN, `kube_admin_config[0].client_key` a key.
      const leaf = (attrPath ?? '').split(/[.[\]"]+/).filter((a) => a && !/^\d+$/.test(a)).pop();
      if (type !== 'terraform_remote_state' && leaf && isSecretKey(leaf)) return `${data ?? ''}${type}.${m[3]}${attrPath}`;
    }
    for (const m of expr.matchAll(/(?<![\w.-])var\.([A-Za-z_][\w-]*)/g)) {
      const v = ctx.byAddress(`var.${m[1]}`);
      if (v && (v.config.sensitive === true || isSecretKey(m[1]))) return `var.${m[1]}`;
    }
  }
  return undefined;
}

export const TERRAFORM_RULES: PolicyRule[] = [
  rule({
    id: 'LS-TF-1', types: STATEFUL_RESOURCE_TYPES, scanners: [],
    description: 'stateful resources (clusters, databases, caches, buckets, storage accounts) carry lifecycle.prevent_destroy = true; only deletionProtection: false writes false, which is reported as a warning',
    check: lifecycleCheck,
  }),
  rule({
    id: 'LS-TF-2', types: PRECIOUS_RESOURCE_TYPES, level: PolicyLevel.WARNING, scanners: [],
    description: 'static egress IPs and encryption keys carry lifecycle.prevent_destroy = true (a replaced IP breaks allow-lists; a deleted key makes data unreadable)',
    check: (s) => {
      if (s.type === 'google_compute_address' && s.config.address_type === 'INTERNAL') return undefined;
      const r = lifecycleCheck(s);
      return r === undefined ? undefined : { reason: typeof r === 'string' ? r : r.reason, level: PolicyLevel.WARNING };
    },
  }),
  rule({
    id: 'LS-TF-3', types: 'output', scanners: [],
    description: 'an output whose value comes from a secret (random_password, random_bytes, a sensitive variable, a password/key/token attribute) is sensitive = true',
    check: (s, ctx) => {
      if (s.config.sensitive === true) return undefined;
      const src = secretSource(s.config.value, ctx);
      return src ? `the value comes from ${src} but sensitive is not true` : undefined;
    },
  }),
  rule({
    id: 'LS-TF-4', types: 'variable', scanners: [],
    description: 'a variable that carries a secret (name with password, secret, token, key, license, ...) is sensitive = true and has no default value',
    check: (s) => {
      if (!isSecretKey(s.name)) return undefined;
      if (s.config.sensitive !== true) return 'sensitive is not true: plan output would show the value';
      return isSet(s.config.default) ? 'it has a default value: the secret would be written into cdktf.out' : undefined;
    },
  }),
];
