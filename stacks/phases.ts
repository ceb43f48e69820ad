/**
 * What makes a deployment fail early instead of half-way: every variable the app stack needs is
 * also required by the infra stack (Terraform refuses to plan `<name>-infra` without it), and
 * LangSmith-managed ClickHouse holds `<name>-app` at plan until LangChain's approval is recorded
 * in the deployments file (`clickhouse.approved: true`).
 */
import { TerraformStack, TerraformVariable } from 'cdktf';
import { createsNat, type DeploymentConfig } from './config';

/** The Terraform variable that gates `<name>-app` on LangChain's approval. */
export const CLICKHOUSE_APPROVAL_VARIABLE = 'clickhouse_approved';

/** The variables of a stack that have no default: Terraform needs a value for each before it plans. */
export function requiredVariables(stack: TerraformStack): TerraformVariable[] {
  return stack.node.findAll().filter((c): c is TerraformVariable => c instanceof TerraformVariable && c.default === undefined);
}

/**
 * Declares every required variable of `app` in `infra` as well (sensitive, no default), so a
 * missing `TF_VAR_...` stops the plan of `<name>-infra`, the first stack `cdktf deploy` runs,
 * before anything is created, instead of failing `<name>-app` after a 20-minute infra apply.
 * The infra stack does not use the values.
 */
export function requireAppVariablesFirst(infra: TerraformStack, app: TerraformStack): void {
  for (const v of requiredVariables(app)) {
    if (infra.node.tryFindChild(v.node.id)) continue;
    new TerraformVariable(infra, v.node.id, {
      type: v.type,
      sensitive: true,
      nullable: false,
      description: `${v.description ?? v.node.id} Required here too (unused by this stack) so a missing value stops this plan before anything is created; ${app.node.id} uses it.`,
    });
  }
}

/** Whether the deployment waits for LangChain before its app stack may run. */
export function needsClickHouseApproval(d: DeploymentConfig): boolean {
  return d.clickhouse.type === 'langsmith-managed';
}

/** What LangChain has to approve, in words. */
export function approvalSubject(d: DeploymentConfig): string {
  if (d.clickhouse.connectivity === 'private-link') return `the private endpoint (output clickhouse_private_endpoint_id of ${d.name}-infra)`;
  if (d.cloud === 'kubernetes') return "your cluster's egress IPs on the ClickHouse Cloud IP access list";
  return createsNat(d) ? `the egress IPs (output egress_ips of ${d.name}-infra) on the ClickHouse Cloud IP access list` : "your network's own static egress IPs on the ClickHouse Cloud IP access list";
}

/**
 * The approval gate in `<name>-app`: a variable whose default is `clickhouse.approved` from the
 * deployments file and whose validation fails while it is false. `terraform validate` (and the
 * synth) pass; the plan of `<name>-app` stops with a message saying what to do, so one
 * `cdktf deploy '<name>-*'` creates the infra and never runs the chart's migrations against a
 * ClickHouse that does not accept the connection yet.
 */
export function clickHouseApprovalGate(app: TerraformStack, d: DeploymentConfig): void {
  if (!needsClickHouseApproval(d)) return;
  const message = `${d.name}: LangSmith-managed ClickHouse needs LangChain's approval of ${approvalSubject(d)} before ${d.name}-app can run its migrations. `
    + `Send it to LangChain; when they confirm, set clickhouse.approved: true for ${d.name} in the deployments file and run: npx cdktf deploy '${d.name}-*'.`;
  new TerraformVariable(app, CLICKHOUSE_APPROVAL_VARIABLE, {
    type: 'bool',
    default: d.clickhouse.approved ?? false,
    nullable: false,
    description: `clickhouse.approved from the deployments file (LangChain approved ${approvalSubject(d)}); ${d.name}-app does not plan while it is false.`,
    validation: [{ condition: `\${var.${CLICKHOUSE_APPROVAL_VARIABLE}}`, errorMessage: message }],
  });
}
