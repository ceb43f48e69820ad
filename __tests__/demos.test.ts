import { DeploymentConfig, SUPPORTED_CLOUDS } from '../stacks/config';
import { readStackJson } from '../stacks/summary';
import { unknownLangGraphCloudKeys, unknownLangSmithKeys } from './chart-keys';
import { demoDeployments, demoOutdir, readManifestStacks } from './helpers';

/** The demo file everyone starts from: it must synthesize whole, and stay correct. */
describe('stacks/deployments.yaml demos', () => {
  // The shared synth of the demo file (global-setup.ts), read as the cdktf CLI reads it.
  let outdir: string;
  let deployments: DeploymentConfig[];
  let manifest: Map<string, string[]>;

  beforeAll(() => {
    outdir = demoOutdir();
    deployments = demoDeployments();
    manifest = new Map(readManifestStacks(outdir).map((s) => [s.id, s.dependencies]));
  });

  test('cover every mode on every cloud the library builds, and on an existing cluster', () => {
    for (const cloud of SUPPORTED_CLOUDS) {
      const modes = new Set(deployments.filter((d) => d.cloud === cloud).map((d) => d.mode));
      expect({ cloud, modes: [...modes].sort() }).toEqual({ cloud, modes: ['full-platform', 'observability', 'standalone'] });
    }
    expect([...SUPPORTED_CLOUDS].sort()).toEqual(['aws', 'azure', 'gcp', 'kubernetes']);
  });

  test('each deployment has <name>-app, and <name>-infra on a cloud, the app depending on the infra (manifest.json)', () => {
    const expected = new Map<string, string[]>();
    for (const d of deployments) {
      if (d.cloud === 'kubernetes') expected.set(`${d.name}-app`, []);
      else {
        expected.set(`${d.name}-infra`, []);
        expected.set(`${d.name}-app`, [`${d.name}-infra`]);
      }
    }
    expect(new Map([...manifest].sort())).toEqual(new Map([...expected].sort()));
  });

  test('every Helm values key emitted exists in the pinned chart', () => {
    for (const d of deployments) {
      const json = readStackJson(outdir, `${d.name}-app`);
      for (const r of Object.values(json.resource?.helm_release ?? {}) as any[]) {
        if (!r.values) continue;
        const values = JSON.parse(r.values[0]);
        if (r.chart === 'langsmith') expect({ d: d.name, unknown: unknownLangSmithKeys(values) }).toEqual({ d: d.name, unknown: [] });
        if (r.chart === 'langgraph-cloud') expect({ d: d.name, unknown: unknownLangGraphCloudKeys(values) }).toEqual({ d: d.name, unknown: [] });
      }
    }
  });
});
