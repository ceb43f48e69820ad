import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { synthesize } from '../stacks/app';
import { writeDeploymentsFile } from './helpers';

const root = join(__dirname, '..');

/** Per stack: provider -> block count, and `resource|data type` -> count. */
function shape(outdir: string): Record<string, Record<string, number>> {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  const out: Record<string, Record<string, number>> = {};
  for (const [id, s] of Object.entries<any>(manifest.stacks)) {
    const j = JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), 'utf8'));
    const counts: Record<string, number> = {};
    for (const [p, blocks] of Object.entries<any>(j.provider ?? {})) counts[`provider ${p}`] = blocks.length;
    for (const [t, byName] of Object.entries<any>(j.resource ?? {})) counts[`resource ${t}`] = Object.keys(byName).length;
    for (const [t, byName] of Object.entries<any>(j.data ?? {})) counts[`data ${t}`] = Object.keys(byName).length;
    out[id] = counts;
  }
  return out;
}

describe('the same-work floor (tools/bench/floor.mjs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'floor-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('rebuilds the same stacks, providers, resource and data-source types and counts, with nothing of ours', () => {
    const file = writeDeploymentsFile({
      deployments: [
        { name: 'floor-obs', mode: 'observability', cloud: 'kubernetes', size: 'small', postgres: { host: 'pg.example.internal', database: 'ls', user: 'ls' }, redis: { host: 'redis.example.internal' } },
        { name: 'floor-agent', mode: 'standalone', cloud: 'kubernetes', agentServer: { image: 'registry.example.com/a:1', replicas: 1 }, postgres: { host: 'pg.example.internal', database: 'a', user: 'a' }, redis: { host: 'redis.example.internal' } },
      ],
    });
    const ours = join(dir, 'ours');
    synthesize(file, ours);
    const floorOut = join(dir, 'floor');
    const r = spawnSync(process.execPath, [join(root, 'tools', 'bench', 'floor.mjs'), '--in', ours, '--out', floorOut], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(shape(floorOut)).toEqual(shape(ours));
    // Nothing of ours: no construct paths or values of this project in the floor's output.
    const floorJson = readFileSync(join(floorOut, 'stacks', 'floor-obs-app', 'cdk.tf.json'), 'utf8');
    expect(floorJson).not.toContain('LangSmith');
    expect(floorJson).not.toContain('pg.example.internal');
  });

  test('--describe maps types to provider bindings by deep path', () => {
    const ours = join(dir, 'ours');
    const r = spawnSync(process.execPath, [join(root, 'tools', 'bench', 'floor.mjs'), '--in', ours, '--describe'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout);
    const modules = plan.stacks.flatMap((s: any) => [...s.providers, ...s.items].map((i: any) => i.module));
    expect(modules).toEqual(expect.arrayContaining(['@cdktf/provider-helm/lib/release', '@cdktf/provider-kubernetes/lib/secret-v1', '@cdktf/provider-random/lib/password', '@cdktf/provider-helm/lib/provider']));
    expect(modules.every((m: string) => m === 'cdktf' || /^@cdktf\/provider-[a-z]+\/lib\/[a-z0-9-]+$/.test(m))).toBe(true);
  });

  test('renamed bindings are found: random_string is lib/string-resource', () => {
    const out = join(dir, 'renamed');
    mkdirSync(join(out, 'stacks', 's'), { recursive: true });
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ stacks: { s: { synthesizedStackPath: 'stacks/s/cdk.tf.json', dependencies: [] } } }));
    writeFileSync(join(out, 'stacks', 's', 'cdk.tf.json'), JSON.stringify({
      terraform: { required_providers: { random: { source: 'hashicorp/random' } } },
      provider: { random: [{}] },
      resource: { random_string: { a: { length: 8 }, b: { length: 8 } }, random_password: { p: { length: 8 } } },
    }));
    const r = spawnSync(process.execPath, [join(root, 'tools', 'bench', 'floor.mjs'), '--in', out, '--describe'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const items = JSON.parse(r.stdout).stacks[0].items;
    expect(items).toEqual([
      { kind: 'resource', type: 'random_string', module: '@cdktf/provider-random/lib/string-resource', count: 2 },
      { kind: 'resource', type: 'random_password', module: '@cdktf/provider-random/lib/password', count: 1 },
    ]);
    const built = spawnSync(process.execPath, [join(root, 'tools', 'bench', 'floor.mjs'), '--in', out, '--out', join(dir, 'renamed-floor')], { cwd: root, encoding: 'utf8' });
    expect(built.status).toBe(0);
    expect(shape(join(dir, 'renamed-floor'))).toEqual({ s: { 'provider random': 1, 'resource random_string': 2, 'resource random_password': 1 } });
  });

  test('a missing output directory is an error that says to synthesize first', () => {
    const r = spawnSync(process.execPath, [join(root, 'tools', 'bench', 'floor.mjs'), '--in', join(dir, 'nope')], { cwd: root, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('manifest.json not found; run npm run synth first');
  });
});
