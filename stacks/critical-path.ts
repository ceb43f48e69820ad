/**
 * The critical path of a deploy, computed from synthesized stacks (issue 10).
 *
 * Terraform creates a resource as soon as everything it depends on exists (up to its
 * `-parallelism`, default 10, which this model ignores), and `cdktf deploy` starts a stack
 * when the stacks it depends on have finished. So a deploy takes as long as its longest chain
 * of dependent resources, each weighted by its typical create time (stacks/provisioning-times.ts).
 *
 * Edges within a stack: `depends_on`, every `${type.name...}` / `${data.type.name...}`
 * reference in a resource's, data source's or its provider's arguments (a resource waits for
 * what its provider configuration references). Edges between stacks: every node of a stack
 * waits for every node of the stacks it depends on (manifest.json `dependencies`, plus the
 * producers of its `cross-stack-reference-input-<stack>` remote-state data sources).
 *
 * The comparison is the longest unavoidable chain: network -> cluster -> node group ->
 * release, taking at most one resource per step, each depending (transitively) on the one
 * before. A deploy is as parallel as it can be when its critical path is that chain; the
 * target is within 10%.
 *
 * Pure functions over the stacks' JSON; {@link readSynthesizedStacks} reads cdktf.out.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { CHAIN_CATEGORIES, CHAIN_ORDER, ChainCategory, provisioningSeconds } from './provisioning-times';

/** A synthesized stack: its id, its cdk.tf.json, and the stacks it depends on. */
export interface SynthesizedStack {
  /** Stack id (the `<name>-infra` / `<name>-app`). */
  readonly id: string;
  /** The parsed cdk.tf.json. */
  readonly json: Record<string, any>;
  /**
   * Stacks deployed before this one (manifest.json `dependencies`).
   * @default - the producers of its cross-stack remote-state data sources only
   */
  readonly dependencies?: readonly string[];
}

/** Options of {@link criticalPath}. */
export interface CriticalPathOptions {
  /**
   * Seconds per resource type (or `helm_release:<chart>`), overriding stacks/provisioning-times.ts.
   * @default - the table
   */
  readonly seconds?: Readonly<Record<string, number>>;
  /**
   * Fixed seconds per stack for `terraform init` + plan before its first resource starts.
   * @default 0
   */
  readonly stackOverheadSeconds?: number;
}

/** One resource (or data source) on a path. */
export interface PathStep {
  /** Stack id. */
  readonly stack: string;
  /** Terraform address in the stack: `type.name` or `data.type.name`. */
  readonly address: string;
  /** Resource or data source type. */
  readonly type: string;
  /** Typical create seconds. */
  readonly seconds: number;
  /** Seconds after the deploy starts when it finishes, when everything starts as early as it can. */
  readonly finishSeconds: number;
  /** Its step of the unavoidable chain, if any. */
  readonly category?: ChainCategory;
}

/** Result of {@link criticalPath}. */
export interface CriticalPathResult {
  /** Seconds of the whole deploy: the finish of the last resource. */
  readonly totalSeconds: number;
  /** The longest chain of dependent resources, first to last. */
  readonly path: PathStep[];
  /** The longest unavoidable chain (network -> cluster -> node group -> release) and its seconds. */
  readonly unavoidable: { readonly totalSeconds: number; readonly chain: PathStep[] };
  /** totalSeconds / unavoidable.totalSeconds (1 when there is no unavoidable chain). */
  readonly ratio: number;
  /** Resources and data sources in the graph. */
  readonly nodes: number;
  /** Dependency edges in the graph (cross-stack edges counted once per stack pair). */
  readonly edges: number;
}

interface Node {
  readonly key: string;
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly seconds: number;
  readonly deps: Set<string>;
  readonly category?: ChainCategory;
}

const REF = /\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;
const ADDRESS = /(?<![\w.-])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)/g;
const REMOTE_STATE_PREFIX = 'cross-stack-reference-input-';

/** Every string inside a value, depth first (the cdktf "//" metadata skipped). */
function strings(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== '//') strings(v, out);
  return out;
}

/** Addresses (`type.name`, `data.type.name`) referenced by `${...}` expressions in a value. */
export function referencedAddresses(value: unknown): Set<string> {
  const found = new Set<string>();
  for (const s of strings(value, [])) {
    if (!s.includes('${')) continue;
    for (const m of s.matchAll(REF)) {
      for (const a of m[1].matchAll(ADDRESS)) found.add(`${a[1] ?? ''}${a[2]}.${a[3]}`);
    }
  }
  return found;
}

/** The stack ids a stack's remote-state data sources read (cdktf cross-stack references). */
function remoteStateProducers(json: Record<string, any>): string[] {
  return Object.keys(json.data?.terraform_remote_state ?? {})
    .filter((n) => n.startsWith(REMOTE_STATE_PREFIX))
    .map((n) => n.slice(REMOTE_STATE_PREFIX.length));
}

/** Provider configuration key of a resource: its `provider` ("aws.alias"), else the type's prefix. */
function providerKey(type: string, body: Record<string, any>, providers: string[]): string | undefined {
  if (typeof body.provider === 'string') return body.provider.replace(/^\$\{|\}$/g, '');
  return providers.filter((p) => type.startsWith(`${p}_`)).sort((a, b) => b.length - a.length)[0];
}

/** Nodes of one stack with their in-stack dependencies. */
function stackNodes(stack: SynthesizedStack, options: CriticalPathOptions): Node[] {
  const json = stack.json;
  const providerRefs = new Map<string, Set<string>>();
  for (const [name, blocks] of Object.entries(json.provider ?? {})) {
    for (const block of (Array.isArray(blocks) ? blocks : [blocks]) as Record<string, any>[]) {
      providerRefs.set(block.alias ? `${name}.${block.alias}` : name, referencedAddresses(block));
    }
  }
  const providerNames = Object.keys(json.provider ?? {});
  const raw: { address: string; type: string; kind: 'resource' | 'data'; body: Record<string, any> }[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName as Record<string, any>)) raw.push({ address: `${type}.${name}`, type, kind: 'resource', body });
  }
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    for (const [name, body] of Object.entries(byName as Record<string, any>)) raw.push({ address: `data.${type}.${name}`, type, kind: 'data', body });
  }
  const known = new Set(raw.map((r) => r.address));
  return raw.map((r) => {
    const deps = new Set<string>();
    const add = (a: string) => {
      if (a !== r.address && known.has(a)) deps.add(`${stack.id}/${a}`);
    };
    for (const a of referencedAddresses({ ...r.body, depends_on: undefined, provider: undefined })) add(a);
    for (const d of (r.body.depends_on ?? []) as string[]) add(d.replace(/^\$\{|\}$/g, ''));
    const pk = providerKey(r.type, r.body, providerNames);
    for (const a of (pk && providerRefs.get(pk)) || []) add(a);
    const category = r.kind === 'resource' ? CHAIN_CATEGORIES[r.type] : undefined;
    return {
      key: `${stack.id}/${r.address}`,
      stack: stack.id,
      address: r.address,
      type: r.type,
      seconds: provisioningSeconds(r.type, r.kind, options.seconds, typeof r.body.chart === 'string' ? r.body.chart : undefined, r.body),
      deps,
      category,
    };
  });
}

/** Orders nodes so that each comes after its dependencies; throws on a cycle (Terraform would too). */
function topologicalOrder(nodes: Map<string, Node>, stackDeps: Map<string, Set<string>>, byStack: Map<string, Node[]>): Node[] {
  const order: Node[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (n: Node, trail: string[]) => {
    const s = state.get(n.key);
    if (s === 2) return;
    if (s === 1) throw new Error(`dependency cycle: ${[...trail, n.key].join(' -> ')}`);
    state.set(n.key, 1);
    for (const d of n.deps) visit(nodes.get(d)!, [...trail, n.key]);
    for (const producer of stackDeps.get(n.stack) ?? []) for (const p of byStack.get(producer) ?? []) visit(p, [...trail, n.key]);
    state.set(n.key, 2);
    order.push(n);
  };
  for (const n of nodes.values()) visit(n, []);
  return order;
}

/** The dependency graph of some stacks: nodes by `<stack>/<address>`, and each stack's producers. */
export interface DependencyGraph {
  readonly nodes: ReadonlyMap<string, { readonly stack: string; readonly address: string; readonly type: string; readonly seconds: number; readonly deps: ReadonlySet<string> }>;
  readonly stackDependencies: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Builds the dependency graph of `stacks` (see the module comment for what makes an edge). */
export function dependencyGraph(stacks: readonly SynthesizedStack[], options: CriticalPathOptions = {}): DependencyGraph {
  const ids = new Set(stacks.map((s) => s.id));
  const nodes = new Map<string, Node>();
  const stackDependencies = new Map<string, Set<string>>();
  for (const s of stacks) {
    for (const n of stackNodes(s, options)) nodes.set(n.key, n);
    stackDependencies.set(s.id, new Set([...(s.dependencies ?? []), ...remoteStateProducers(s.json)].filter((d) => ids.has(d) && d !== s.id)));
  }
  return { nodes, stackDependencies };
}

/** Every node `key` waits for, directly or not, across stacks too. */
export function transitiveDependencies(graph: DependencyGraph, key: string): Set<string> {
  const seen = new Set<string>();
  const todo = [key];
  while (todo.length) {
    const n = graph.nodes.get(todo.pop()!);
    if (!n) continue;
    const next = [...n.deps];
    for (const producer of graph.stackDependencies.get(n.stack) ?? []) for (const [k, m] of graph.nodes) if (m.stack === producer) next.push(k);
    for (const d of next) if (!seen.has(d)) { seen.add(d); todo.push(d); }
  }
  return seen;
}

/** Stacks from synthesized JSON alone (ids from the cdktf metadata), e.g. the summary's parsed stacks. */
export function stacksFromJson(jsons: readonly Record<string, any>[]): SynthesizedStack[] {
  return jsons.map((json, i) => ({ id: String(json['//']?.metadata?.stackName ?? `stack${i}`), json }));
}

/**
 * The critical path of deploying `stacks` together: the longest chain of dependent resources
 * weighted by typical create times, and the longest unavoidable chain to compare it with.
 */
export function criticalPath(stacks: readonly SynthesizedStack[], options: CriticalPathOptions = {}): CriticalPathResult {
  const overhead = options.stackOverheadSeconds ?? 0;
  const ids = new Set(stacks.map((s) => s.id));
  const nodes = new Map<string, Node>();
  const byStack = new Map<string, Node[]>();
  const stackDeps = new Map<string, Set<string>>();
  let edges = 0;
  for (const s of stacks) {
    const ns = stackNodes(s, options);
    byStack.set(s.id, ns);
    for (const n of ns) {
      nodes.set(n.key, n);
      edges += n.deps.size;
    }
    const deps = new Set([...(s.dependencies ?? []), ...remoteStateProducers(s.json)].filter((d) => ids.has(d) && d !== s.id));
    stackDeps.set(s.id, deps);
    edges += deps.size;
  }

  // Earliest finish of every node, and of every stack (its last node).
  const order = topologicalOrder(nodes, stackDeps, byStack);
  const finish = new Map<string, number>();
  const via = new Map<string, string | undefined>();
  const stackFinish = new Map<string, { seconds: number; last?: string }>();
  const stackDone = (id: string) => {
    let hit = stackFinish.get(id);
    if (!hit) {
      let seconds = overhead;
      let lastKey: string | undefined;
      for (const n of byStack.get(id) ?? []) {
        const f = finish.get(n.key)!;
        if (lastKey === undefined || f > finish.get(lastKey)!) lastKey = n.key;
        seconds = Math.max(seconds, f);
      }
      hit = { seconds, last: lastKey };
      stackFinish.set(id, hit);
    }
    return hit;
  };
  for (const n of order) {
    let start = overhead;
    let from: string | undefined;
    for (const producer of stackDeps.get(n.stack) ?? []) {
      const p = stackDone(producer);
      if (p.seconds + overhead > start) {
        start = p.seconds + overhead;
        from = p.last;
      }
    }
    for (const d of n.deps) {
      const f = finish.get(d)!;
      if (f > start || (f === start && from === undefined)) {
        start = f;
        from = d;
      }
    }
    finish.set(n.key, start + n.seconds);
    via.set(n.key, from);
  }

  let last: string | undefined;
  for (const [k, f] of finish) if (last === undefined || f > finish.get(last)!) last = k;
  const step = (k: string): PathStep => {
    const n = nodes.get(k)!;
    return { stack: n.stack, address: n.address, type: n.type, seconds: n.seconds, finishSeconds: finish.get(k)!, category: n.category };
  };
  const path: PathStep[] = [];
  for (let k = last; k !== undefined; k = via.get(k)) path.unshift(step(k));
  const totalSeconds = last === undefined ? 0 : finish.get(last)!;

  const unavoidable = unavoidableChain(order, nodes, stackDeps, byStack, step);
  return {
    totalSeconds,
    path,
    unavoidable,
    ratio: unavoidable.totalSeconds > 0 ? totalSeconds / unavoidable.totalSeconds : 1,
    nodes: nodes.size,
    edges,
  };
}

/**
 * The longest chain network -> cluster -> node group -> release with at most one resource
 * per step, each depending transitively on the previous one, by typical seconds.
 */
/**
 * Whether `to` may follow `from` in the unavoidable chain. The chain moves forward through
 * the categories; network steps may follow network steps (VPC, subnet, private DNS link) and
 * releases may follow releases (a prerequisite chart such as KEDA or a load balancer
 * controller); a data store follows only the network, so a data store that waits on the
 * cluster is never excused as unavoidable.
 */
function chainStep(from: ChainCategory, to: ChainCategory): boolean {
  if (to === 'datastore') return from === 'network';
  if (from === to) return to === 'network' || to === 'release';
  return CHAIN_ORDER.indexOf(from) < CHAIN_ORDER.indexOf(to);
}

function unavoidableChain(order: Node[], nodes: Map<string, Node>, stackDeps: Map<string, Set<string>>, byStack: Map<string, Node[]>, step: (k: string) => PathStep): { totalSeconds: number; chain: PathStep[] } {
  // Transitive dependencies restricted to chain nodes, in topological order.
  const ancestors = new Map<string, Set<string>>();
  const stackAncestors = new Map<string, Set<string>>();
  const ofStack = (id: string): Set<string> => {
    let a = stackAncestors.get(id);
    if (!a) {
      a = new Set();
      for (const n of byStack.get(id) ?? []) {
        for (const x of ancestors.get(n.key) ?? []) a.add(x);
        if (n.category) a.add(n.key);
      }
      stackAncestors.set(id, a);
    }
    return a;
  };
  for (const n of order) {
    const a = new Set<string>();
    for (const d of n.deps) {
      for (const x of ancestors.get(d)!) a.add(x);
      if (nodes.get(d)!.category) a.add(d);
    }
    for (const producer of stackDeps.get(n.stack) ?? []) for (const x of ofStack(producer)) a.add(x);
    ancestors.set(n.key, a);
  }
  const best = new Map<string, { seconds: number; prev?: string }>();
  for (const n of order) {
    if (!n.category) continue;
    let b: { seconds: number; prev?: string } = { seconds: n.seconds };
    for (const a of ancestors.get(n.key)!) {
      const an = nodes.get(a)!;
      if (!chainStep(an.category!, n.category)) continue;
      const prev = best.get(a)!;
      if (prev.seconds + n.seconds > b.seconds) b = { seconds: prev.seconds + n.seconds, prev: a };
    }
    best.set(n.key, b);
  }
  let end: string | undefined;
  for (const [k, b] of best) if (end === undefined || b.seconds > best.get(end)!.seconds) end = k;
  const chain: PathStep[] = [];
  for (let k = end; k !== undefined; k = best.get(k)!.prev) chain.unshift(step(k));
  return { totalSeconds: end === undefined ? 0 : best.get(end)!.seconds, chain };
}

/** Reads the stacks of a synthesized output directory (all of them, or those named). */
export function readSynthesizedStacks(outdir: string, only?: readonly string[]): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string; dependencies?: string[] }> };
  return Object.entries(manifest.stacks)
    .filter(([id]) => !only || only.includes(id))
    .map(([id, s]) => ({ id, json: JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), 'utf8')), dependencies: s.dependencies ?? [] }));
}

/** `1234` -> `20m34s`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * A short block for the synth summary: the total, the unavoidable chain and the ratio, and
 * the critical path's slow steps (those of 30 s or more; the quick ones are counted).
 */
export function formatCriticalPath(r: CriticalPathResult): string[] {
  if (!r.path.length) return ['deploy critical path: nothing to create'];
  const lines: string[] = [];
  const ratio = r.unavoidable.totalSeconds > 0 ? `, ${r.ratio.toFixed(2)}x the unavoidable chain (${formatDuration(r.unavoidable.totalSeconds)}: ${r.unavoidable.chain.map((s) => s.category).join(' -> ')})` : '';
  lines.push(`deploy critical path: ~${formatDuration(r.totalSeconds)} (typical create times, stacks/provisioning-times.ts)${ratio}`);
  const slow = r.path.filter((s) => s.seconds >= 30);
  const quick = r.path.length - slow.length;
  const quickSeconds = r.path.filter((s) => s.seconds < 30).reduce((a, s) => a + s.seconds, 0);
  lines.push(`  ${slow.map((s) => `${s.stack}/${s.address.replace(/_[0-9A-F]{8}$/, '')} ${formatDuration(s.seconds)}`).join(' -> ')}${quick ? ` (+${quick} quick step(s), ${formatDuration(quickSeconds)})` : ''}`);
  return lines;
}

/** The critical path of some stacks of a synthesized output directory, formatted for the summary. */
export function criticalPathSummary(outdir: string, stackIds: readonly string[], options?: CriticalPathOptions): string[] {
  return formatCriticalPath(criticalPath(readSynthesizedStacks(outdir, stackIds), options));
}
