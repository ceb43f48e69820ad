/**
 * The Terraform addresses of stateful resources of every demo deployment are recorded in
 * fixtures/stateful-addresses.json; a refactor that changes one fails here, so it can never
 * silently plan a destroy-and-recreate of user data. Data stores keep prevent_destroy.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { STATEFUL_RESOURCE_TYPES } from '../lib/core/policy';
import { FIXTURE, StatefulAddresses, statefulAddresses } from './fixtures/update-stateful-addresses';
import { demoDeployments, demoOutdir } from './helpers';

const UPDATE = 'npx tsx __tests__/fixtures/update-stateful-addresses.ts';

/** Differences between the recorded and current addresses, as messages for a human. */
function describeDrift(recorded: Record<string, string[]>, current: Record<string, string[]>): string[] {
  const problems: string[] = [];
  for (const stack of [...new Set([...Object.keys(recorded), ...Object.keys(current)])].sort()) {
    const before = recorded[stack];
    const after = current[stack];
    if (!after) {
      problems.push(`stack ${stack} is recorded but no longer synthesized: every stateful resource in it would be destroyed (${before.length}: ${before.join(', ')})`);
      continue;
    }
    if (!before) {
      problems.push(`stack ${stack} is new and not recorded yet (${after.length} stateful address(es))`);
      continue;
    }
    for (const a of before.filter((x) => !after.includes(x))) problems.push(`${stack}: ${a} REMOVED: terraform would DESTROY it (and create any renamed copy empty); add a moved block or revert the rename`);
    for (const a of after.filter((x) => !before.includes(x))) problems.push(`${stack}: ${a} added`);
  }
  return problems;
}

let outdir: string;
let deploymentsByStack: Record<string, { deletionProtection: boolean }>;

beforeAll(() => {
  // The shared synth of the demo file (global-setup.ts).
  outdir = demoOutdir();
  deploymentsByStack = {};
  for (const d of demoDeployments()) for (const s of ['infra', 'app']) deploymentsByStack[`${d.name}-${s}`] = d;
});

describe('stable addresses of stateful resources', () => {
  test('the demo deployments synthesize exactly the recorded stateful addresses', () => {
    const recorded = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as StatefulAddresses).stacks;
    const problems = describeDrift(recorded, statefulAddresses(outdir));
    if (problems.length) {
      throw new Error(`Stateful Terraform addresses changed (${FIXTURE}):\n  - ${problems.join('\n  - ')}\n`
        + `If every change is intended (and renames have a migration note or moved block), update the list with: ${UPDATE}`);
    }
  });

  test('the list is not empty and covers clusters, data stores, buckets and NAT IPs of the cloud demos', () => {
    const recorded = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as StatefulAddresses).stacks;
    const all = Object.values(recorded).flat();
    expect(all.some((a) => a.startsWith('random_password.'))).toBe(true);
    expect(all.some((a) => a.startsWith('kubernetes_namespace_v1.'))).toBe(true);
    for (const [stack, addresses] of Object.entries(recorded)) {
      if (!stack.endsWith('-infra')) continue;
      const types = new Set(addresses.map((a) => a.split('.')[0]));
      const cluster = ['aws_eks_cluster', 'google_container_cluster', 'azurerm_kubernetes_cluster'].some((t) => types.has(t));
      const db = ['aws_db_instance', 'aws_rds_cluster', 'google_sql_database_instance', 'azurerm_postgresql_flexible_server'].some((t) => types.has(t));
      expect({ stack, cluster, db }).toEqual({ stack, cluster: true, db: true });
    }
  });

  test('data stores, buckets and clusters keep lifecycle prevent_destroy unless deletionProtection is false', () => {
    const unprotected: string[] = [];
    for (const [stack, addresses] of Object.entries(statefulAddresses(outdir))) {
      const json = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      const expected = deploymentsByStack[stack]?.deletionProtection ?? true;
      for (const address of addresses) {
        const [type, name] = address.split('.');
        if (!STATEFUL_RESOURCE_TYPES.includes(type)) continue;
        const pd = json.resource[type][name].lifecycle?.prevent_destroy;
        if (pd !== expected) unprotected.push(`${stack}: ${address} prevent_destroy=${pd}`);
      }
    }
    expect(unprotected).toEqual([]);
  });

  test('the drift check names removed and added addresses (it can fail)', () => {
    const problems = describeDrift({ a: ['aws_db_instance.Db_1', 'aws_s3_bucket.B_2'], gone: ['aws_eip.Ip'] }, { a: ['aws_db_instance.Db_9', 'aws_s3_bucket.B_2'], fresh: ['aws_eip.X'] });
    expect(problems).toEqual([
      'a: aws_db_instance.Db_1 REMOVED: terraform would DESTROY it (and create any renamed copy empty); add a moved block or revert the rename',
      'a: aws_db_instance.Db_9 added',
      'stack fresh is new and not recorded yet (1 stateful address(es))',
      'stack gone is recorded but no longer synthesized: every stateful resource in it would be destroyed (1: aws_eip.Ip)',
    ]);
  });
});
