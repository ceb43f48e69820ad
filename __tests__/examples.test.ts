import { readFileSync } from 'fs';
import { join } from 'path';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { build as existingCluster } from '../examples/existing-cluster/main';
import { langsmithValues, onlyResource, synthJson } from './helpers';

describe('examples', () => {
  test('every example imports the package by its name, never a relative path into lib/', () => {
    for (const f of ['existing-cluster/main.ts']) {
      const src = readFileSync(join(__dirname, '..', 'examples', f), 'utf8');
      expect(src).toContain("from 'cdktf-langsmith'");
      expect(src).not.toMatch(/from '\.\.?\/.*lib/);
    }
  });

  test('existing-cluster: LangSmith on a cluster the user manages synthesizes', () => {
    const stack = existingCluster(Testing.app());
    const json = synthJson(stack);
    expect(onlyResource(json, 'helm_release')).toMatchObject({ chart: 'langsmith', version: '0.16.11' });
    expect(json.provider.kubernetes[0]).toMatchObject({ config_context: 'prod' });
    expect(langsmithValues(json).config.telemetry.logs).toBe(false);
  });

  test('the CI workflow: OIDC, secrets as TF_VAR_*, diff on PRs, deploy on main, no long-lived keys', () => {
    const text = readFileSync(join(__dirname, '..', 'examples', 'ci', 'github-actions.yml'), 'utf8');
    const wf = parse(text);
    expect(wf.permissions['id-token']).toBe('write');
    expect(wf.env.TF_VAR_langsmith_license_key).toContain('secrets.');
    const steps = wf.jobs['plan-or-apply'].steps;
    expect(steps.find((s: any) => s.run?.includes('cdktf diff')).if).toContain('pull_request');
    const deploy = steps.find((s: any) => s.run?.includes('cdktf deploy'));
    expect(deploy.run).toContain('--auto-approve');
    expect(deploy.if).toContain('refs/heads/main');
    expect(steps.map((s: any) => s.run).filter(Boolean)).toEqual(expect.arrayContaining(['npm ci', 'npm run synth']));
    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|GOOGLE_CREDENTIALS|ARM_CLIENT_SECRET/);
  });
});
