import { readFileSync } from 'fs';
import { join } from 'path';
import { DeploymentConfig } from './config';
import { DeploymentStacks } from './deployment';
import { approvalSubject, needsClickHouseApproval } from './phases';
import { LANGSMITH_CHART_VERSION } from '../lib/k8s/langsmith-release';

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

/** `TF_VAR_<name>` of every variable without a default in these stacks: what Terraform will ask for. */
export function requiredTfVars(jsons: Record<string, any>[]): string[] {
  const names = new Set<string>();
  for (const j of jsons) for (const [n, v] of Object.entries(j.variable ?? {})) if ((v as any)?.default === undefined) names.add(`TF_VAR_${n}`);
  return [...names].sort();
}

/** How the app stack reaches the cluster API, when the cluster is created here. */
function clusterApiStep(d: DeploymentConfig): string | undefined {
  if (d.cloud === 'kubernetes') return undefined;
  const app = `${d.name}-app`;
  const cidrs = d.cluster.apiAllowedCidrs;
  if (cidrs.length) return `cluster API: public endpoint open only to ${cidrs.join(', ')} (cluster.apiAllowedCidrs): run the deploy of ${app} (the Helm and Kubernetes providers call the API) from one of those ranges`;
  const inside = d.cloud === 'aws' ? 'VPC' : d.cloud === 'gcp' ? 'VPC network' : 'VNet';
  const awsNote = d.cloud === 'aws' ? `; aws.privateApiAccessCidrs must list the runner's, VPN's or peered network's CIDRs (${d.aws.privateApiAccessCidrs.length ? d.aws.privateApiAccessCidrs.join(', ') : 'none listed yet'})` : '';
  return `cluster API: private endpoint only (cluster.apiAllowedCidrs is empty): ${app} (the Helm and Kubernetes providers) must reach it from inside the ${inside}: a CI runner in the network, a VPN or a peered network${awsNote}; or list your runner's public CIDRs in cluster.apiAllowedCidrs`;
}

/**
 * What the user must do, in order, to deploy what was synthesized. `jsons` are the deployment's
 * stacks (infra first); the variables and outputs are read from them.
 */
export function nextSteps(d: DeploymentConfig, jsons: Record<string, any>[]): string[] {
  const steps: string[] = [];
  const first = d.cloud === 'kubernetes' ? `${d.name}-app` : `${d.name}-infra`;
  const vars = requiredTfVars(jsons);
  if (vars.length) steps.push(`secrets: export ${vars.map((v) => `${v}=...`).join(' ')} (sensitive, from your secret store, never the deployments file); Terraform refuses (TF_INPUT=0) or asks for a missing one at the plan of ${first}, before anything is created`);
  const api = clusterApiStep(d);
  if (api) steps.push(api);
  const gated = needsClickHouseApproval(d) && d.clickhouse.approved !== true;
  if (!gated) {
    steps.push(`deploy: CHECKPOINT_DISABLE=1 npx cdktf deploy '${d.name}-*'`);
  } else if (d.cloud === 'kubernetes') {
    steps.push(`ClickHouse, before deploying: ask LangChain to put ${approvalSubject(d)}; when they confirm, set clickhouse.approved: true for ${d.name} in the deployments file (until then ${d.name}-app stops at plan)`);
    steps.push(`deploy: CHECKPOINT_DISABLE=1 npx cdktf deploy '${d.name}-app'`);
  } else {
    steps.push(`deploy, phase 1 of 2: CHECKPOINT_DISABLE=1 npx cdktf deploy '${d.name}-infra'`);
    steps.push(`ClickHouse: ask LangChain to approve ${approvalSubject(d)}; when they confirm, set clickhouse.approved: true for ${d.name} in the deployments file`);
    steps.push(`deploy, phase 2 of 2: CHECKPOINT_DISABLE=1 npx cdktf deploy '${d.name}-*' (until clickhouse.approved is true, ${d.name}-app stops at plan, so '${d.name}-*' deploys the infra and stops there)`);
  }
  if (d.hostname) steps.push(`DNS: point ${d.hostname} at the ingress load balancer (${d.cloud === 'aws' ? 'output load_balancer_dns_command of the infra stack, or ' : ''}kubectl -n ${d.namespace} get ingress)`);
  if (d.cloud === 'aws' && d.hostname && d.exposure.type === 'ingress' && !d.aws.certificateArn && !d.exposure.tlsSecretName && !d.exposure.certManagerIssuer) {
    steps.push(`warning: no TLS: the ${d.aws.albScheme} ALB serves plain HTTP, so logins and API keys cross the network unencrypted; set aws.certificateArn (an ACM certificate for ${d.hostname}) for HTTPS`);
  }
  if (jsons.some((j) => j.output?.egress_ips)) {
    steps.push(`egress: allow-list the ${d.egress.staticIps} IP(s) of output egress_ips at your egress filter (beacon.langchain.com)`);
  }
  if (d.offline) steps.push(offlineStep(d));
  const frozen = frozenOperatorTemplates(jsons);
  if (frozen) steps.push(frozen);
  return steps;
}

/**
 * A warning when a LangSmith release of another chart version than the pinned one gets
 * `operator.templates`: Helm replaces a template's whole text, so the operator would keep the
 * pinned chart's templates (with our lines) instead of the new chart's.
 */
export function frozenOperatorTemplates(jsons: Record<string, any>[]): string | undefined {
  for (const j of jsons) {
    for (const r of Object.values<any>(j.resource?.helm_release ?? {})) {
      if (r.chart !== 'langsmith' || r.version === LANGSMITH_CHART_VERSION) continue;
      const templates = Object.keys(JSON.parse(r.values?.[0] ?? '{}').operator?.templates ?? {});
      if (templates.length) {
        return `warning: chart ${r.version}: operator.templates.${templates.join(', operator.templates.')} are langsmith ${LANGSMITH_CHART_VERSION}'s text with our lines added (Helm replaces a template's whole text); compare them with operator.templates in the values.yaml of chart ${r.version} before deploying (README "Upgrade and teardown")`;
      }
    }
  }
  return undefined;
}

/**
 * What `offline: true` does and does not stop, per mode. The agent servers (langgraph-api: the
 * standalone server; Polly, Insights and the agents the operator creates in the other modes) have no
 * switch: they report usage (run and node counts, versions) to LangChain every 5 minutes with an
 * online license key (`lcl_...`) and skip it with an air-gapped one (langgraph_api/metadata.py).
 */
export function offlineStep(d: DeploymentConfig): string {
  const servers = d.mode === 'standalone' ? 'the agent server' : d.mode === 'full-platform' ? 'Polly, Insights and the agents the operator creates' : 'Polly and Insights';
  const ours = d.mode === 'standalone' ? 'the langgraph-cloud chart has no telemetry switch' : 'config.telemetry.* (metrics, traces, logs) are off';
  const tracing = d.mode === 'standalone' && d.agentServer?.langsmithEndpoint ? `; traces still go to ${d.agentServer.langsmithEndpoint}` : '';
  return `offline: ${ours}; ${servers} report usage (run and node counts) to LangChain unless the license key is an air-gapped one from LangChain (not lcl_...): ask for one before cutting egress to beacon.langchain.com and api.smith.langchain.com${tracing}`;
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
    out.push(`${d.name} (${d.mode} on ${d.cloud}${d.region ? ` ${d.region}` : ''}, size ${d.size})`);
    out.push(`  stacks: ${ids.join(', ')}`);
    out.push(`  resources: ${total}: ${kinds.join(', ')}`);
    for (const line of extra?.(d, jsons) ?? []) out.push(`  ${line}`);
    for (const step of nextSteps(d, jsons)) out.push(`  next: ${step}`);
  }
  return out.join('\n');
}
