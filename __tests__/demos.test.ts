import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DEFAULT_DEPLOYMENTS_FILE, synthesize, SynthResult } from '../stacks/app';
import { SUPPORTED_CLOUDS } from '../stacks/config';
import { readStackJson } from '../stacks/summary';
import { unknownLangGraphCloudKeys, unknownLangSmithKeys } from './chart-keys';

/** The demo file everyone starts from: it must synthesize whole, and stay correct. */
describe('stacks/deployments.yaml demos', () => {
  let result: SynthResult;
  const outdir = join(mkdtempSync(join(tmpdir(), 'demos-')), 'cdktf.out');

  beforeAll(() => {
    result = synthesize(DEFAULT_DEPLOYMENTS_FILE, outdir);
  });

  test('cover every mode on every cloud the library builds, and on an existing cluster', () => {
    for (const cloud of SUPPORTED_CLOUDS) {
      const modes = new Set(result.deployments.filter((d) => d.cloud === cloud).map((d) => d.mode));
      expect({ cloud, modes: [...modes].sort() }).toEqual({ cloud, modes: ['full-platform', 'observability', 'standalone'] });
    }
    expect([...SUPPORTED_CLOUDS].sort()).toEqual(['aws', 'azure', 'gcp', 'kubernetes']);
  });

  test('each deployment has <name>-app, and <name>-infra on a cloud, the app depending on the infra', () => {
    for (const d of result.deployments) {
      const s = result.stacks[d.name];
      expect(s.app.node.id).toBe(`${d.name}-app`);
      if (d.cloud === 'kubernetes') expect(s.infra).toBeUndefined();
      else {
        expect(s.infra!.node.id).toBe(`${d.name}-infra`);
        expect(s.app.dependencies).toContain(s.infra);
      }
    }
  });

  test('every Helm values key emitted exists in the pinned chart', () => {
    for (const d of result.deployments) {
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
