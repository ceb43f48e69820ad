/**
 * Tests of the rehearsal itself: a defect that only Terraform would find must make it fail.
 * Each defect is written into the synthesized JSON exactly as the construct-level mistake would
 * write it (an escape hatch `addOverride('instance_clas', ...)` on a data store, a reference to
 * a resource that does not exist, a state file the other stack does not read), then the real
 * cdktf CLI deploys with --skip-synth.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Rehearsal } from '../rehearsal';

type R = InstanceType<typeof Rehearsal>;

// A two-stack deployment (the misplaced state path needs the cross-stack remote state).
const NAME = 'gcp-obs-dev';
const INFRA = `${NAME}-infra`;
const APP = `${NAME}-app`;

describe('the rehearsal fails on', () => {
  let r: R;
  let pristine: Record<string, string>;
  beforeAll(async () => {
    r = await new Rehearsal('catches').start();
    r.useDeployments('deployments.yaml', `deployments:
  - name: ${NAME}
    mode: observability
    cloud: gcp
    region: us-central1
    project: acme-langsmith-dev
    size: dev
    backend: { type: local, directory: ${r.stateDir} }
`);
    const synth = r.cdktf('synth');
    if (synth.status !== 0) throw new Error(synth.output);
    r.supplyVariables([INFRA, APP]);
    pristine = { [INFRA]: JSON.stringify(r.stackJson(INFRA)), [APP]: JSON.stringify(r.stackJson(APP)) };
    // Jest gives hooks the global 60 s, not the project's testTimeout (a fresh clone extracts the schemas first).
  }, 15 * 60 * 1000);
  afterEach(() => {
    // Back to the pristine configuration, no Terraform working folder, no state.
    for (const [stack, json] of Object.entries(pristine)) {
      r.editStackJson(stack, (j: any) => Object.assign(j, JSON.parse(json)));
      fs.rmSync(path.join(r.stackDir(stack), '.terraform'), { recursive: true, force: true });
    }
    fs.rmSync(r.stateDir, { recursive: true, force: true });
  });
  afterAll(async () => r && r.stop());

  const summaries = (stack: string) => r.planMessages(stack).diagnostics.filter((d: { severity: string }) => d.severity === 'error').map((d: { summary: string }) => d.summary);

  /** The first resource with prevent_destroy (a data store), as [type, name]. */
  const dataStore = (j: any): [string, string] => {
    for (const [type, byName] of Object.entries(j.resource as Record<string, Record<string, any>>)) {
      for (const [name, body] of Object.entries(byName)) if (body.lifecycle?.prevent_destroy) return [type, name];
    }
    throw new Error('no data store');
  };

  test('a misplaced state path (the app stack reads remote state the infra stack never wrote)', () => {
    r.editStackJson(INFRA, (j: any) => {
      j.terraform.backend.local.path = `${r.stateDir}/misplaced/${INFRA}.tfstate`;
    });
    const d = r.cdktf('deploy', `${NAME}-*`, '--auto-approve', '--skip-synth');
    expect(d.status).not.toBe(0);
    // The infra stack applied (into the misplaced file); the app stack cannot plan.
    const written = JSON.parse(fs.readFileSync(`${r.stateDir}/misplaced/${INFRA}.tfstate`, 'utf8'));
    expect(written.resources.length).toBeGreaterThan(0);
    expect(summaries(APP).filter((x: string) => ['Unable to find remote state', 'Unsupported attribute'].includes(x)).length).toBeGreaterThan(0);
  });

  test('a wrong attribute name in an escape hatch (addOverride on a data store)', () => {
    r.editStackJson(INFRA, (j: any) => {
      const [type, name] = dataStore(j);
      j.resource[type][name].instance_clas = 'db-custom-2-7680';
    });
    expect(r.cdktf('deploy', `${NAME}-*`, '--auto-approve', '--skip-synth').status).not.toBe(0);
    // Terraform's JSON syntax reports an unknown argument as an extraneous property.
    expect(summaries(INFRA).filter((x: string) => ['Unsupported argument', 'Extraneous JSON object property'].includes(x)).length).toBeGreaterThan(0);
  });

  test('a broken reference', () => {
    r.editStackJson(INFRA, (j: any) => {
      // The first argument anywhere in the stack that is a reference to another resource.
      const ref = /^\$\{([a-z0-9_]+)\.[A-Za-z0-9_-]+\./;
      for (const byName of Object.values(j.resource as Record<string, Record<string, any>>)) {
        for (const body of Object.values(byName)) {
          const key = Object.keys(body).find((k) => typeof body[k] === 'string' && ref.test(body[k]) && !body[k].startsWith('${data.') && !body[k].startsWith('${var.'));
          if (key) {
            body[key] = body[key].replace(ref, '${$1.NoSuchResource.');
            return;
          }
        }
      }
      throw new Error('no reference found');
    });
    expect(r.cdktf('deploy', `${NAME}-*`, '--auto-approve', '--skip-synth').status).not.toBe(0);
    expect(summaries(INFRA)).toContain('Reference to undeclared resource');
  });

});
