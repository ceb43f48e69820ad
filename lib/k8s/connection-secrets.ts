import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ClickHouseConnection, PostgresConnection, RedisConnection } from '../core/contracts';
import { TerraformData } from '../core/terraform-data';

/**
 * Kubernetes Secrets that carry store connections to the charts. Their data are Terraform
 * references (to generated passwords, variables or cross-stack outputs): the synthesized
 * JSON holds only the references, never a value.
 */

/** `user:password@host:port/db?sslmode=require`: the LangSmith chart adds the driver itself. */
export function postgresUrlWithoutScheme(pg: PostgresConnection): string {
  const ssl = pg.tls === false ? 'disable' : 'require';
  return `${pg.username}:${Fn.urlencode(pg.password)}@${pg.host}:${pg.port ?? 5432}/${pg.database ?? 'postgres'}?sslmode=${ssl}`;
}

/** `postgres://user:password@host:port/db?sslmode=require`. */
export function postgresUrl(pg: PostgresConnection): string {
  return `postgres://${postgresUrlWithoutScheme(pg)}`;
}

/** `rediss://:password@host:port` (or `redis://` without TLS). */
export function redisUrl(r: RedisConnection): string {
  const scheme = r.tls === false ? 'redis' : 'rediss';
  const auth = r.password ? `:${Fn.urlencode(r.password)}@` : '';
  return `${scheme}://${auth}${r.host}:${r.port ?? 6379}`;
}

/** The keys the LangSmith chart reads for external ClickHouse (`clickhouse.external.*SecretKey`). */
export function clickhouseSecretData(ch: ClickHouseConnection): Record<string, string> {
  const tls = ch.tls ?? true;
  return {
    clickhouse_host: ch.host,
    clickhouse_port: String(ch.httpPort ?? (tls ? 8443 : 8123)),
    clickhouse_native_port: String(ch.nativePort ?? (tls ? 9440 : 9000)),
    clickhouse_user: ch.user ?? 'default',
    clickhouse_password: ch.password,
    clickhouse_db: ch.database ?? 'default',
    clickhouse_tls: String(tls),
  };
}

/** A Kubernetes Secret whose data are references. */
export function referenceSecret(scope: Construct, id: string, namespace: string, name: string, data: Record<string, string>, dependsOn?: ITerraformDependable[]): SecretV1 {
  return new SecretV1(scope, id, {
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'cdktf-langsmith' } },
    type: 'Opaque',
    data,
    dependsOn,
  });
}

/** Objects given as data (`manifests` of a release), created in `namespace` after `dependsOn` (the namespace). */
export function namespacedManifests(scope: Construct, namespace: string, manifests: readonly Record<string, unknown>[] | undefined, dependsOn: ITerraformDependable[]): Manifest[] {
  return (manifests ?? []).map((m, i) => new Manifest(scope, `Manifest${i}`, {
    manifest: { ...m, metadata: { ...((m.metadata as Record<string, unknown> | undefined) ?? {}), namespace } },
    dependsOn,
  }));
}

/**
 * Pod annotations `cdktf-langsmith.io/secret-<name>: <version>`, one per Secret: the charts
 * checksum only the Secrets they render themselves, so these make a changed Secret (a rotated
 * password, a new license key) roll the pods that read it through existingSecretName.
 *
 * The version is the id of a `terraform_data` replaced whenever the Secret's `data` changes, so
 * it is unknown in the very plan that changes the Secret and the release rolls in the same
 * apply. Not the Secret's `metadata.resource_version`: the kubernetes provider (SDKv2, no
 * CustomizeDiff on it) plans it unchanged on an in-place update, so the release would roll
 * only on the next apply, and an apply that changes the release too would fail with
 * "Provider produced inconsistent final plan". Plain references (no function calls), so the
 * values stay valid JSON with the tokens in them; no secret value reaches the annotations.
 */
export function secretVersionAnnotations(secrets: SecretV1[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of secrets) {
    const version = new TerraformData(s.node.scope!, `${s.node.id}Version`, { triggersReplace: { data: s.data } });
    out[`cdktf-langsmith.io/secret-${s.node.id.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}`] = version.id;
  }
  return out;
}
