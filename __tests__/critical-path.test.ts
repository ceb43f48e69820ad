import { join } from 'path';
import { synthesize } from '../stacks/app';
import {
  criticalPath,
  criticalPathSummary,
  dependencyGraph,
  formatCriticalPath,
  readSynthesizedStacks,
  referencedAddresses,
  stacksFromJson,
  SynthesizedStack,
  transitiveDependencies,
} from '../stacks/critical-path';
import { CHAIN_CATEGORIES, DEFAULT_RESOURCE_SECONDS, localExecSeconds, PROVISIONING_TIMES, provisioningSeconds } from '../stacks/provisioning-times';
import { demoOutdir, tempDir } from './helpers';

const secs = (type: string) => PROVISIONING_TIMES[type].seconds;

/** A stack from `{ 'type.name': body }`. */
function stack(id: string, resources: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}, dependencies?: string[]): SynthesizedStack {
  const resource: Record<string, Record<string, unknown>> = {};
  const data: Record<string, Record<string, unknown>> = {};
  for (const [address, body] of Object.entries(resources)) {
    const parts = address.split('.');
    const [target, type, name] = parts[0] === 'data' ? [data, parts[1], parts[2]] : [resource, parts[0], parts[1]];
    (target[type] ??= {})[name] = body;
  }
  return { id, json: { '//': { metadata: { stackName: id } }, resource, ...(Object.keys(data).length ? { data } : {}), ...extra }, dependencies };
}

describe('references', () => {
  test('finds resource and data addresses inside expressions, ignoring var/local and attributes', () => {
    const refs = referencedAddresses({
      a: '${aws_eks_cluster.Main_ABC.endpoint}',
      b: ['x-${data.aws_iam_policy_document.Doc.json}', '${var.region}'],
      c: { d: '${base64decode(data.terraform_remote_state.cross-stack-reference-input-x-infra.outputs.cross-stack-output-y)}' },
      e: 'plain aws_vpc.NotAReference',
    });
    expect([...refs].filter((r) => !r.startsWith('var.')).sort()).toEqual([
      'aws_eks_cluster.Main_ABC',
      'data.aws_iam_policy_document.Doc',
      'data.terraform_remote_state.cross-stack-reference-input-x-infra',
    ]);
  });
});

describe('critical path on hand-made stacks', () => {
  test('a chain adds up: network -> cluster -> node group -> release, via references and depends_on', () => {
    const s = stack('one', {
      'aws_vpc.Vpc': {},
      'aws_subnet.Private': { vpc_id: '${aws_vpc.Vpc.id}' },
      'aws_eks_cluster.Cluster': { vpc_config: { subnet_ids: ['${aws_subnet.Private.id}'] } },
      'aws_eks_node_group.Nodes': { cluster_name: '${aws_eks_cluster.Cluster.name}' },
      'helm_release.App': { depends_on: ['aws_eks_node_group.Nodes'] },
    });
    const r = criticalPath([s]);
    const expected = secs('aws_vpc') + secs('aws_subnet') + secs('aws_eks_cluster') + secs('aws_eks_node_group') + secs('helm_release');
    expect(r.totalSeconds).toBe(expected);
    expect(r.path.map((p) => p.address)).toEqual(['aws_vpc.Vpc', 'aws_subnet.Private', 'aws_eks_cluster.Cluster', 'aws_eks_node_group.Nodes', 'helm_release.App']);
    expect(r.path[r.path.length - 1].finishSeconds).toBe(expected);
    expect(r.unavoidable.chain.map((p) => p.category)).toEqual(['network', 'network', 'cluster', 'node-group', 'release']);
    // Network steps chain (the subnet needs the VPC): here the whole path is unavoidable.
    expect(r.unavoidable.totalSeconds).toBe(secs('aws_vpc') + secs('aws_subnet') + secs('aws_eks_cluster') + secs('aws_eks_node_group') + secs('helm_release'));
    expect(r.ratio).toBe(1);
    expect(r.ratio).toBeLessThan(1.1);
  });

  test('independent branches run in parallel: the total is the slowest branch, not the sum', () => {
    const s = stack('one', {
      'aws_vpc.Vpc': {},
      'aws_eks_cluster.Cluster': { x: '${aws_vpc.Vpc.id}' },
      'aws_db_instance.Db': { x: '${aws_vpc.Vpc.id}' },
      'aws_elasticache_replication_group.Redis': { x: '${aws_vpc.Vpc.id}' },
    });
    const r = criticalPath([s]);
    expect(r.totalSeconds).toBe(secs('aws_vpc') + Math.max(secs('aws_eks_cluster'), secs('aws_db_instance'), secs('aws_elasticache_replication_group')));
    expect(r.path).toHaveLength(2);
  });

  test('a data store that waits on the cluster lengthens the path beyond the unavoidable chain', () => {
    const parallel = stack('one', {
      'aws_eks_cluster.Cluster': {},
      'aws_eks_node_group.Nodes': { c: '${aws_eks_cluster.Cluster.name}' },
      'aws_db_instance.Db': {},
    });
    const serial = stack('one', {
      'aws_eks_cluster.Cluster': {},
      'aws_eks_node_group.Nodes': { c: '${aws_eks_cluster.Cluster.name}' },
      'aws_db_instance.Db': { depends_on: ['aws_eks_cluster.Cluster'] },
    });
    expect(criticalPath([parallel]).ratio).toBe(1);
    const r = criticalPath([serial]);
    expect(r.path.map((p) => p.address)).toEqual(['aws_eks_cluster.Cluster', 'aws_db_instance.Db']);
    expect(r.ratio).toBeCloseTo((secs('aws_eks_cluster') + secs('aws_db_instance')) / (secs('aws_eks_cluster') + secs('aws_eks_node_group')));
  });

  test('a stack starts after the stacks it depends on: manifest dependencies', () => {
    const infra = stack('x-infra', { 'google_container_cluster.Gke': {}, 'google_container_node_pool.Pool': { cluster: '${google_container_cluster.Gke.id}' } });
    const app = stack('x-app', { 'kubernetes_namespace_v1.Ns': {}, 'helm_release.LangSmith': { depends_on: ['kubernetes_namespace_v1.Ns'] } }, {}, ['x-infra']);
    const r = criticalPath([infra, app]);
    const expected = secs('google_container_cluster') + secs('google_container_node_pool') + secs('kubernetes_namespace_v1') + secs('helm_release');
    expect(r.totalSeconds).toBe(expected);
    expect(r.path.map((p) => `${p.stack}/${p.address}`)).toEqual([
      'x-infra/google_container_cluster.Gke',
      'x-infra/google_container_node_pool.Pool',
      'x-app/kubernetes_namespace_v1.Ns',
      'x-app/helm_release.LangSmith',
    ]);
    // With terraform init + plan per stack, both stacks pay it.
    expect(criticalPath([infra, app], { stackOverheadSeconds: 20 }).totalSeconds).toBe(expected + 40);
  });

  test('a stack starts after the stacks it depends on: cross-stack remote state, and provider configuration', () => {
    const infra = stack('x-infra', { 'azurerm_kubernetes_cluster.Aks': {} });
    const app = stack('x-app', { 'helm_release.LangSmith': {} }, {
      data: { terraform_remote_state: { 'cross-stack-reference-input-x-infra': { backend: 'local' } } },
      provider: { helm: [{ kubernetes: { host: '${data.terraform_remote_state.cross-stack-reference-input-x-infra.outputs.host}' } }] },
    });
    const r = criticalPath([infra, app]);
    expect(r.path.map((p) => p.address)).toEqual(['azurerm_kubernetes_cluster.Aks', 'data.terraform_remote_state.cross-stack-reference-input-x-infra', 'helm_release.LangSmith']);
    expect(r.totalSeconds).toBe(secs('azurerm_kubernetes_cluster') + provisioningSeconds('terraform_remote_state', 'data') + secs('helm_release'));
    const graph = dependencyGraph([infra, app]);
    expect(transitiveDependencies(graph, 'x-app/helm_release.LangSmith')).toContain('x-infra/azurerm_kubernetes_cluster.Aks');
  });

  test('a resource waits for what its (aliased) provider configuration references', () => {
    const s = stack('one', {
      'google_container_cluster.Gke': {},
      'kubernetes_namespace_v1.Ns': { provider: 'kubernetes.gke' },
      'random_password.P': {},
    }, { provider: { kubernetes: [{ alias: 'gke', host: '${google_container_cluster.Gke.endpoint}' }] } });
    const graph = dependencyGraph([s]);
    expect([...graph.nodes.get('one/kubernetes_namespace_v1.Ns')!.deps]).toEqual(['one/google_container_cluster.Gke']);
    expect([...graph.nodes.get('one/random_password.P')!.deps]).toEqual([]);
  });

  test('times: overrides, defaults for unknown types', () => {
    const s = stack('one', { 'aws_vpc.Vpc': {}, 'acme_widget.W': { v: '${aws_vpc.Vpc.id}' } });
    expect(criticalPath([s]).totalSeconds).toBe(secs('aws_vpc') + DEFAULT_RESOURCE_SECONDS);
    expect(criticalPath([s], { seconds: { acme_widget: 100, aws_vpc: 1 } }).totalSeconds).toBe(101);
  });

  test('a dependency cycle is an error naming the cycle', () => {
    const s = stack('one', { 'aws_vpc.A': { x: '${aws_subnet.B.id}' }, 'aws_subnet.B': { x: '${aws_vpc.A.id}' } });
    expect(() => criticalPath([s])).toThrow(/dependency cycle: .*one\/aws_vpc\.A.*one\/aws_subnet\.B/);
  });

  test('an empty stack has nothing to create', () => {
    const r = criticalPath([stack('empty', {})]);
    expect(r.totalSeconds).toBe(0);
    expect(formatCriticalPath(r)).toEqual(['deploy critical path: nothing to create']);
  });

  test('the summary block names the total, the ratio and the slow steps with durations', () => {
    const s = stack('x-infra', {
      'google_compute_network.Net': {},
      'google_container_cluster.Gke_Cluster_5EC6CD23': { n: '${google_compute_network.Net.id}' },
      'google_container_node_pool.Pool': { c: '${google_container_cluster.Gke_Cluster_5EC6CD23.id}' },
    });
    const lines = formatCriticalPath(criticalPath(stacksFromJson([s.json])));
    expect(lines[0]).toMatch(/^deploy critical path: ~12m20s .*1\.00x the unavoidable chain \(12m20s: network -> cluster -> node-group\)/);
    expect(lines[1]).toBe('  x-infra/google_container_cluster.Gke_Cluster 8m00s -> x-infra/google_container_node_pool.Pool 4m00s (+1 quick step(s), 20s)');
  });
});

describe('waits of local-exec provisioners', () => {
  const wait = (command: string, interpreter?: string[]) => ({ provisioner: [{ 'local-exec': { command, ...(interpreter ? { interpreter } : {}) } }] });

  test('a terraform_data that sleeps with Node.js or sleep(1) costs its sleep; without a provisioner, nothing', () => {
    expect(localExecSeconds(wait('setTimeout(() => {}, 120000)', ['node', '-e']))).toBe(120);
    expect(localExecSeconds(wait('sleep 45'))).toBe(45);
    expect(localExecSeconds(wait('echo done'))).toBe(0);
    expect(localExecSeconds({ input: 'x' })).toBe(0);
    expect(provisioningSeconds('terraform_data', 'resource', undefined, undefined, wait('setTimeout(() => {}, 90000)', ['node', '-e']))).toBe(90);
  });

  test('the critical path counts the wait of a terraform_data between a grant and what uses it', () => {
    const s = stack('x-infra', {
      'azurerm_role_assignment.Grant': {},
      'terraform_data.Wait': { ...wait('setTimeout(() => {}, 120000)', ['node', '-e']), depends_on: ['azurerm_role_assignment.Grant'] },
      'azurerm_kubernetes_cluster.Aks': { depends_on: ['terraform_data.Wait'] },
    });
    const r = criticalPath([s]);
    expect(r.path.map((p) => [p.type, p.seconds])).toEqual([
      ['azurerm_role_assignment', secs('azurerm_role_assignment')],
      ['terraform_data', 120],
      ['azurerm_kubernetes_cluster', secs('azurerm_kubernetes_cluster')],
    ]);
  });
});

describe('critical path of the demo deployments', () => {
  let out: string;
  let stacks: SynthesizedStack[];
  beforeAll(() => {
    // The shared synth of the demo file (global-setup.ts), or LANGSMITH_DEPLOYMENTS when set.
    if (process.env.LANGSMITH_DEPLOYMENTS) {
      out = join(tempDir('critical-'), 'cdktf.out');
      synthesize(process.env.LANGSMITH_DEPLOYMENTS, out);
    } else out = demoOutdir();
    stacks = readSynthesizedStacks(out);
  });

  const deployments = () => {
    const byName = new Map<string, SynthesizedStack[]>();
    for (const s of stacks) {
      const name = s.id.replace(/-(infra|app)$/, '');
      byName.set(name, [...(byName.get(name) ?? []), s]);
    }
    return byName;
  };

  test('every deployment has a path ending in its Helm release, never shorter than the unavoidable chain', () => {
    expect(stacks.length).toBeGreaterThan(0);
    for (const [name, ss] of deployments()) {
      const r = criticalPath(ss);
      expect({ name, last: r.path[r.path.length - 1].type }).toEqual({ name, last: 'helm_release' });
      expect(r.totalSeconds).toBeGreaterThanOrEqual(r.unavoidable.totalSeconds);
      expect(r.path.reduce((a, p) => a + p.seconds, 0)).toBe(r.totalSeconds);
      expect(criticalPathSummary(out, ss.map((s) => s.id))[0]).toMatch(/^deploy critical path: ~\d+m\d\ds/);
    }
  });

  /**
   * Known gaps to the 10% target, by the cluster type of the deployment, with the reason; the
   * limit still catches any further regression. Remove a row when its cloud meets the target.
   */
  const KNOWN_GAPS: Record<string, { limit: number; reason: string }> = {
    aws: {
      limit: 1.2,
      reason: 'the vpc-cni add-on before the node group (nodes must start with the managed CNI) and the coredns add-on after it '
        + '(its pods need nodes; the app stack waits for the whole infra stack): ~1.10-1.12x',
    },
  };

  test('cloud deployments: critical path within 10% of the unavoidable chain (network -> cluster or data store -> node group -> release)', () => {
    let checked = 0;
    for (const [name, ss] of deployments()) {
      if (!ss.some((s) => s.id.endsWith('-infra'))) continue;
      const r = criticalPath(ss);
      const categories = r.unavoidable.chain.map((c) => c.category);
      expect({ name, release: categories.includes('release'), compute: categories.includes('cluster') || categories.includes('datastore') }).toEqual({ name, release: true, compute: true });
      const provider = r.unavoidable.chain.find((c) => c.category === 'cluster' || c.category === 'datastore')!.type.split('_')[0];
      const limit = KNOWN_GAPS[provider]?.limit ?? 1.1;
      expect({ name, ratio: r.ratio, withinLimit: r.ratio <= limit }).toEqual({ name, ratio: r.ratio, withinLimit: true });
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  /**
   * The rule of stacks/provisioning-times.ts: a type without a row would be priced at the 10 s
   * default (Azure Managed Redis was, for a ~15 min create). Quick types have a row too, at QUICK.
   */
  test('every resource type of the demo stacks has a row in PROVISIONING_TIMES (or is listed as quick)', () => {
    const types = new Set(stacks.flatMap((s) => Object.keys(s.json.resource ?? {})));
    expect(types.size).toBeGreaterThan(50);
    expect([...types].filter((t) => !(t in PROVISIONING_TIMES)).sort()).toEqual([]);
  });

  test('every data store of the demos is a datastore step of the chain with a row, the Azure Managed Redis included', () => {
    const stores = Object.entries(CHAIN_CATEGORIES).filter(([, c]) => c === 'datastore').map(([t]) => t);
    expect(stores.filter((t) => !(t in PROVISIONING_TIMES))).toEqual([]);
    const types = new Set(stacks.flatMap((s) => Object.keys(s.json.resource ?? {})));
    expect(types.has('azurerm_managed_redis')).toBe(true);
    expect(stores).toContain('azurerm_managed_redis');
    expect(provisioningSeconds('azurerm_managed_redis')).toBeGreaterThanOrEqual(600);
  });

  test('no data store waits on a cluster or node group', () => {
    const stores = new Set(Object.entries(CHAIN_CATEGORIES).filter(([, c]) => c === 'datastore').map(([t]) => t));
    const compute = new Set(['aws_eks_cluster', 'aws_eks_node_group', 'google_container_cluster', 'google_container_node_pool', 'azurerm_kubernetes_cluster', 'azurerm_kubernetes_cluster_node_pool']);
    for (const ss of deployments().values()) {
      const graph = dependencyGraph(ss);
      for (const [key, n] of graph.nodes) {
        if (!stores.has(n.type)) continue;
        const waits = [...transitiveDependencies(graph, key)].filter((k) => compute.has(graph.nodes.get(k)!.type));
        expect({ store: key, waitsOn: waits }).toEqual({ store: key, waitsOn: [] });
      }
    }
  });
});
