/**
 * Tests of the rehearsal itself: a defect that only Terraform would find must make it fail.
 * Each defect is written into the synthesized JSON exactly as the construct-level mistake would
 * write it (an escape hatch `addOverride('instance_clas', ...)` on the database, a reference to
 * a resource that does not exist, a state file the other stack does not read), then the real
 * cdktf CLI deploys with --skip-synth.
 */
import { Rehearsal } from '../rehearsal';

const NAME = 'aws-obs-dev';
const INFRA = `${NAME}-infra`;
const APP = `${NAME}-app`;

describe('the rehearsal fails on', () => {
  let r: Rehearsal;
  let pristine: Record<string, string>;
  beforeAll(async () => {
    r = await new Rehearsal('catches').start();
    r.useDeployments('deployments.yaml', `deployments:
  - name: ${NAME}
    mode: observability
    cloud: aws
    region: us-east-1
    size: dev
    clickhouse: { type: in-cluster }
    backend: { type: local, directory: ${r.stateDir} }
`);
    const synth = r.cdktf('synth');
    if (synth.status !== 0) throw new Error(synth.output);
    r.supplyVariables([INFRA, APP]);
    pristine = { [INFRA]: JSON.stringify(r.stackJson(INFRA)), [APP]: JSON.stringify(r.stackJson(APP)) };
  });
  afterEach(() => {
    for (const [stack, json] of Object.entries(pristine)) r.editStackJson(stack, (j) => Object.assign(j, JSON.parse(json)));
  });
  afterAll(async () => r && r.stop());

  const summaries = (stack: string) => r.planMessages(stack).diagnostics.filter((d: { severity: string }) => d.severity === 'error').map((d: { summary: string }) => d.summary);

  test('a wrong attribute name in an escape hatch (addOverride on the database)', () => {
    r.editStackJson(INFRA, (j) => {
      const [name] = Object.keys(j.resource.aws_db_instance);
      j.resource.aws_db_instance[name].instance_clas = 'db.t4g.small';
    });
    expect(r.cdktf('deploy', `${NAME}-*`, '--auto-approve', '--skip-synth').status).not.toBe(0);
    expect(summaries(INFRA)).toContain('Unsupported argument');
  });

  test('a broken reference', () => {
    r.editStackJson(INFRA, (j) => {
      const [name] = Object.keys(j.resource.aws_eks_cluster);
      j.resource.aws_eks_cluster[name].role_arn = '${aws_iam_role.NoSuchRole.arn}';
    });
    expect(r.cdktf('deploy', `${NAME}-*`, '--auto-approve', '--skip-synth').status).not.toBe(0);
    expect(summaries(INFRA)).toContain('Reference to undeclared resource');
  });

  test('a misplaced state path (the app stack reads remote state the infra stack never wrote)', () => {
    r.editStackJson(INFRA, (j) => {
      j.terraform.backend.local.path = `${r.stateDir}/misplaced/${INFRA}.tfstate`;
    });
    const d = r.cdktf('deploy', `${NAME}-*`, '--auto-approve', '--skip-synth');
    expect(d.status).not.toBe(0);
    // The infra stack applied (into the misplaced file); the app stack cannot plan.
    expect(r.showState(INFRA).values?.root_module?.resources?.length).toBeGreaterThan(0);
    expect(summaries(APP)).toContain('Unsupported attribute');
  });
});
