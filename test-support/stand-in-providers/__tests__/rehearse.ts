/**
 * The offline deploy rehearsal of one deployment, shared by the rehearsal test files (one file
 * per case or group of cases, so jest's workers run them in parallel): the real cdktf CLI
 * deploys every stack with real Terraform against the stand-in providers, then outputs, diffs,
 * deploys again (no changes), diffs a size change, is refused a destroy by prevent_destroy, and
 * deploys another deployments file. Assertions read Terraform's own JSON (plan, state).
 */
import * as fs from 'fs';
import { Rehearsal, changes } from '../rehearsal';

export type R = InstanceType<typeof Rehearsal>;
/** A deployments file for a rehearsal folder and a size. */
export type Deployment = (r: R, size: string) => string;

/** The local backend in the rehearsal's temp folder. */
export const backend = (r: R) => `    backend: { type: local, directory: ${r.stateDir} }\n`;

/** A deployment's stacks in deploy order, as synthesized: `<name>-infra` (when there is one), `<name>-app`. */
function stacksOf(r: R, name: string): string[] {
  return fs.existsSync(r.stackDir(`${name}-infra`)) ? [`${name}-infra`, `${name}-app`] : [`${name}-app`];
}

/** Addresses of the managed resources in a stack's state (Terraform's `show -json`). */
export function stateAddresses(r: R, stack: string): string[] {
  const s = r.showState(stack);
  return ((s.values?.root_module?.resources ?? []) as { address: string; mode: string }[]).filter((x) => x.mode === 'managed').map((x) => x.address).sort();
}

/** Addresses of the resources a stack configures, and those with prevent_destroy. */
function configured(r: R, stack: string): { all: string[]; protectedAddrs: string[] } {
  const j = r.stackJson(stack);
  const all: string[] = [];
  const protectedAddrs: string[] = [];
  for (const [type, byName] of Object.entries((j.resource ?? {}) as Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>>)) {
    for (const [name, body] of Object.entries(byName)) {
      all.push(`${type}.${name}`);
      if (body.lifecycle?.prevent_destroy) protectedAddrs.push(`${type}.${name}`);
    }
  }
  return { all: all.sort(), protectedAddrs: protectedAddrs.sort() };
}

/** A standalone agent server on an existing cluster (one stack): the default "other deployments file". */
export const K8S_AGENT: { name: string; deployment: Deployment } = {
  name: 'demo-k8s-agent',
  deployment: (r, size) => `deployments:
  - name: demo-k8s-agent
    mode: standalone
    cloud: kubernetes
    size: ${size}
    namespace: agents
    agentServer:
      image: registry.example.com/acme/support-agent:1.4.2
      replicas: 2
      autoscaling: { minReplicas: 2, maxReplicas: 6 }
    postgres: { host: agents-pg.databases.svc.cluster.local, database: agents, user: agents }
    redis: { host: agents-redis.databases.svc.cluster.local }
${backend(r)}`,
};

/**
 * Terraform's plan JSON of a stack's synthesized configuration against its state: `terraform plan`
 * in the stack's working folder, as `cdktf diff` runs it (saved as `plan`, where cdktf saves it).
 */
function planOf(r: R, stack: string) {
  const p = r.terraform(stack, 'plan', '-input=false', '-no-color', '-out=plan');
  if (p.status !== 0) throw new Error(`terraform plan ${stack}: ${p.stderr.slice(-3000)}`);
  return r.showPlan(stack, 'plan');
}

/** Each planned change with the top-level attributes it changes, e.g. "update: default_node_pool, sku_name". */
function changeReport(plan: { resource_changes?: { address: string; change: { actions: string[]; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null } }[] }) {
  const out: Record<string, string> = {};
  for (const rc of plan.resource_changes ?? []) {
    const action = rc.change.actions.join('+');
    if (action === 'no-op' || action === 'read') continue;
    const { before, after } = rc.change;
    const keys = before && after ? Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])) : [];
    out[rc.address] = keys.length ? `${action}: ${keys.join(', ')}` : action;
  }
  return out;
}

/**
 * Registers the rehearsal of one deployment: `sizes[0]` deployed, `sizes[1]` the size change,
 * `other` the deployment of another deployments file deployed last in the same project.
 * `afterDeploy` declares the case's own tests, run right after the first deploy.
 */
export function rehearse(name: string, deployment: Deployment, sizes: [string, string], other = K8S_AGENT, afterDeploy?: (rehearsal: () => R) => void) {
  describe(`rehearsal: ${name}`, () => {
    let r: R;
    const stacks = () => stacksOf(r, name);
    beforeAll(async () => {
      r = await new Rehearsal(name.slice(0, 12)).start();
      r.useDeployments('deployments.yaml', deployment(r, sizes[0]));
      const synth = r.cdktf('synth');
      if (synth.status !== 0) throw new Error(synth.output);
      r.supplyVariables(stacks());
    });
    afterAll(async () => {
      if (!r) return;
      process.stdout.write(r.timingReport(`rehearsal ${name}`));
      await r.stop();
    });

    test('deploy of every stack creates what the configuration says', () => {
      const d = r.cdktf('deploy', `${name}-*`, '--auto-approve');
      expect({ status: d.status, tail: d.status === 0 ? '' : d.output.slice(-4000) }).toEqual({ status: 0, tail: '' });
      for (const stack of stacks()) expect(stateAddresses(r, stack)).toEqual(configured(r, stack).all);
      // Terraform asked the stand-ins for their schemas and applied through them.
      const methods = new Set(r.calls().map((c: { method: string }) => c.method));
      for (const m of ['GetProviderSchema', 'ValidateResourceConfig', 'PlanResourceChange', 'ApplyResourceChange']) expect(methods).toContain(m);
    });

    // The case's own assertions on what the first deploy left (state, outputs), before anything else runs.
    if (afterDeploy) afterDeploy(() => r);

    test('output reads the app stack outputs', () => {
      const file = `${r.dir}/outputs.json`;
      const o = r.cdktf('output', `${name}-*`, '--outputs-file', file);
      expect(o.status).toBe(0);
      const outputs = JSON.parse(fs.readFileSync(file, 'utf8'));
      const app = `${name}-app`;
      const declared = Object.entries((r.stackJson(app).output ?? {}) as Record<string, { sensitive?: boolean }>).filter(([, v]) => !v.sensitive).map(([k]) => k).sort();
      expect(Object.keys(outputs[app] ?? {}).sort()).toEqual(declared);
    });

    test('diff of one stack and a second deploy plan no changes', () => {
      const app = `${name}-app`;
      expect(r.cdktf('diff', app).status).toBe(0);
      expect(changes(r.showPlan(app))).toEqual({});
      const before = stacks().map((stack) => r.showState(stack).values);
      const d = r.cdktf('deploy', `${name}-*`, '--auto-approve');
      expect(d.status).toBe(0);
      // The second deploy (its own synth) changed nothing in any stack's state.
      stacks().forEach((stack, i) => expect({ stack, values: r.showState(stack).values }).toEqual({ stack, values: before[i] }));
      // What the second deploy left: Terraform's own plan of each stack's configuration as that
      // deploy synthesized it (-detailed-exitcode: 0 = no changes), without a third synth and init.
      for (const stack of stacks()) {
        const p = r.planMessages(stack, '-detailed-exitcode');
        const planned = p.messages.filter((m: { type: string }) => m.type === 'planned_change').map((m: { change: { resource: { addr: string }; action: string } }) => `${m.change.resource.addr}: ${m.change.action}`);
        const summary = p.messages.find((m: { type: string }) => m.type === 'change_summary')?.changes;
        expect({ stack, status: p.status, planned, summary, errors: p.diagnostics.filter((x: { severity: string }) => x.severity === 'error') })
          .toEqual({ stack, status: 0, planned: [], summary: expect.objectContaining({ add: 0, change: 0, remove: 0 }), errors: [] });
      }
    });

    test('a size change plans updates and replaces no data store', () => {
      r.useDeployments('deployments.yaml', deployment(r, sizes[1]));
      try {
        // One synth of the other size, then Terraform's plan of every stack against its state
        // (what `cdktf diff <stack>` runs, without a CLI start and a synth per stack).
        const synth = r.cdktf('synth');
        expect({ status: synth.status, tail: synth.status === 0 ? '' : synth.output.slice(-3000) }).toEqual({ status: 0, tail: '' });
        const planned: Record<string, string> = {};
        const report: Record<string, string> = {};
        for (const stack of stacks()) {
          const plan = planOf(r, stack);
          Object.assign(planned, changes(plan));
          Object.assign(report, changeReport(plan));
          const replaced = Object.entries(changes(plan)).filter(([, a]) => String(a).includes('delete')).map(([k]) => k);
          for (const p of configured(r, stack).protectedAddrs) expect(replaced).not.toContain(p);
        }
        expect(Object.keys(planned).length).toBeGreaterThan(0);
        // What would change (and be replaced: stand-ins never ask for it, see the README), for the log of the run.
        process.stdout.write(`${name} ${sizes[0]} -> ${sizes[1]}: ${JSON.stringify(report, null, 1)}\n`);
      } finally {
        // Back to the deployed size, and cdktf.out with it.
        r.useDeployments('deployments.yaml', deployment(r, sizes[0]));
        expect(r.cdktf('synth').status).toBe(0);
      }
    });

    test('destroy is refused by prevent_destroy on the data stores, which stay in state', () => {
      const infra = stacks()[0];
      const { protectedAddrs } = configured(r, infra);
      const d = r.cdktf('destroy', `${name}-*`, '--auto-approve');
      if (protectedAddrs.length === 0) {
        expect(d.status).toBe(0);
        return;
      }
      expect(d.status).not.toBe(0);
      const plan = r.planMessages(infra, '-destroy');
      expect(plan.status).not.toBe(0);
      const refused = plan.diagnostics.filter((x: { summary: string }) => x.summary === 'Instance cannot be destroyed').map((x: { address?: string; detail: string }) => x.address ?? x.detail);
      expect(refused.length).toBeGreaterThan(0);
      const left = stateAddresses(r, infra);
      for (const p of protectedAddrs) expect(left).toContain(p);
    });

    test('another deployments file deploys in the same project', () => {
      r.useDeployments('other.yaml', other.deployment(r, 'small'));
      const synth = r.cdktf('synth');
      expect({ status: synth.status, tail: synth.status === 0 ? '' : synth.output.slice(-3000) }).toEqual({ status: 0, tail: '' });
      const otherStacks = stacksOf(r, other.name);
      r.supplyVariables(otherStacks);
      const d = r.cdktf('deploy', `${other.name}-*`, '--auto-approve');
      expect({ status: d.status, tail: d.status === 0 ? '' : d.output.slice(-4000) }).toEqual({ status: 0, tail: '' });
      for (const stack of otherStacks) expect(stateAddresses(r, stack)).toEqual(configured(r, stack).all);
    });
  });
}
