import { readFileSync } from 'fs';
import { join } from 'path';
import { DeploymentConfig } from './config';
import { DeploymentStacks } from './deployment';

/** A synthesized stack's JSON, read back from the output directory. */
export function readStackJson(outdir: string, stackId: string): Record<string, any> {
  return JSON.parse(readFileSync(join(outdir, 'stacks', stackId, 'cdk.tf.json'), 'utf8'));
}

/** Resource counts by type, largest first. */
export function resourcesByKind(json: Record<string, any>): [string, number][] {
  return Object.entries(json.resource ?? {})
    .map(([type, rs]) => [type, Object.keys(rs as object).length] as [string, number])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** What the user must do after `cdktf deploy`. */
export function nextSteps(d: DeploymentConfig, hasEgressOutput: boolean): string[] {
  const steps: string[] = [];
  const deployCmd = `npx cdktf deploy '${d.name}-*'`;
  steps.push(`deploy: export TF_VAR_langsmith_license_key=...; CHECKPOINT_DISABLE=1 ${deployCmd}`);
  if (d.hostname) steps.push(`DNS: point ${d.hostname} at the ingress load balancer (${d.cloud === 'aws' ? 'output load_balancer_dns_command of the infra stack, or ' : ''}kubectl -n ${d.namespace} get ingress)`);
  if (d.cloud === 'aws' && d.hostname && (d.exposure.type ?? 'ingress') === 'ingress' && !d.aws.certificateArn && !d.exposure.tlsSecretName && !d.exposure.certManagerIssuer) {
    steps.push(`warning: no TLS: the ${d.aws.albScheme} ALB serves plain HTTP, so logins and API keys cross the network unencrypted; set aws.certificateArn (an ACM certificate for ${d.hostname}) for HTTPS`);
  }
  if (d.clickhouse.type === 'langsmith-managed' && d.clickhouse.connectivity === 'private-link') {
    steps.push('ClickHouse: send the output clickhouse_private_endpoint_id to LangChain for approval and allow-listing');
  }
  if (hasEgressOutput) {
    const why = d.clickhouse.type === 'langsmith-managed' && d.clickhouse.connectivity === 'public' ? ' and to LangChain for the ClickHouse Cloud IP access list' : '';
    steps.push(`egress: allow-list the ${d.egress.staticIps} IP(s) of output egress_ips at your egress filter (beacon.langchain.com)${why}`);
  }
  if (d.offline) steps.push('offline: telemetry is off; an offline license key from LangChain is needed when beacon.langchain.com is unreachable');
  if (d.cloud === 'kubernetes' && d.size !== 'dev' && (!d.postgres || !d.redis) && d.mode === 'observability') {
    steps.push(`warning: in-cluster ${!d.postgres ? 'Postgres' : 'Redis'} is meant for size dev; give postgres/redis hosts for ${d.size}`);
  }
  return steps;
}

/**
 * The short per-deployment summary `npm run synth` prints. `json` gives a stack's synthesized
 * JSON (by default it is read back from `outdir`).
 */
export function summarize(
  outdir: string,
  deployments: DeploymentConfig[],
  stacks: Record<string, DeploymentStacks>,
  extra?: (d: DeploymentConfig, jsons: Record<string, any>[]) => string[],
  json: (stackId: string) => Record<string, any> = (id) => readStackJson(outdir, id),
): string {
  const out: string[] = [];
  for (const d of deployments) {
    const s = stacks[d.name];
    const ids = [s.infra, s.app].filter(Boolean).map((x) => x!.node.id);
    const jsons = ids.map(json);
    const counts = new Map<string, number>();
    for (const j of jsons) for (const [t, n] of resourcesByKind(j)) counts.set(t, (counts.get(t) ?? 0) + n);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const kinds = sorted.slice(0, 8).map(([t, n]) => `${t} x${n}`);
    if (sorted.length > 8) kinds.push(`and ${sorted.length - 8} more kinds`);
    const hasEgress = jsons.some((j) => j.output?.egress_ips);
    out.push(`${d.name} (${d.mode} on ${d.cloud}${d.region ? ` ${d.region}` : ''}, size ${d.size})`);
    out.push(`  stacks: ${ids.join(', ')}`);
    out.push(`  resources: ${total}: ${kinds.join(', ')}`);
    for (const line of extra?.(d, jsons) ?? []) out.push(`  ${line}`);
    for (const step of nextSteps(d, hasEgress)) out.push(`  next: ${step}`);
  }
  return out.join('\n');
}
