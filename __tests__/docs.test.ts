import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { diagramsMarkdown } from '../tools/docs/diagram';
import { deploymentFieldPaths } from '../tools/docs/schema-paths';
import { buildDeployments, resourcesOf, synthJson } from './helpers';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

function between(start: string, end: string): string {
  const s = readme.indexOf(start);
  const e = readme.indexOf(end);
  if (s < 0 || e < s) throw new Error(`README lacks ${start} ... ${end}`);
  return readme.slice(s + start.length, e);
}

describe('README', () => {
  test('the field reference lists exactly the fields the loader accepts', () => {
    const documented = between('<!-- fields:start -->', '<!-- fields:end -->')
      .split('\n')
      .map((line) => /^\| `([^`]+)` \|/.exec(line)?.[1])
      .filter((x): x is string => !!x);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual(deploymentFieldPaths());
  });

  test('the architecture diagrams are the generated ones', () => {
    expect(between('<!-- diagrams:start -->', '<!-- diagrams:end -->').trim()).toBe(diagramsMarkdown().trim());
  });

  test('the diagrams match what each mode installs', () => {
    const { stacks } = buildDeployments([
      { name: 'oo', mode: 'observability', cloud: 'kubernetes' },
      { name: 'pp', mode: 'full-platform', cloud: 'kubernetes', hostname: 'p.example.com' },
      { name: 'ss', mode: 'standalone', cloud: 'kubernetes', agentServer: { image: 'registry.example/b:1' } },
    ]);
    const charts = (id: string) => Object.values(resourcesOf(synthJson((stacks as any)[id].app), 'helm_release')).map((r: any) => `${r.chart} ${r.version}`).sort();
    const diagram = diagramsMarkdown();
    for (const id of ['oo', 'pp', 'ss']) for (const chart of charts(id)) expect(diagram).toContain(chart.replace('keda ', 'KEDA '));
    expect(charts('pp')).toEqual(['keda 2.19.0', 'langsmith 0.16.11']);
    expect(charts('ss')).toEqual(['langgraph-cloud 0.3.2']);
  });

  test('the commands of the quick start are the ones CI runs (npm ci, then every test)', () => {
    const ci = readFileSync(join(__dirname, '..', '.ci', 'run'), 'utf8');
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toContain('npm test');
    expect(readme).toContain('npm run test:all');
    const commands = ci.split('\n').filter((l) => /^npm /.test(l));
    expect(commands).toEqual(['npm ci', 'npm run test:all']);
  });
});

describe('README links and examples (issue 19.12)', () => {
  const root = join(__dirname, '..');
  test('every relative link points at a file or folder of the repository', () => {
    const links = [...readme.matchAll(/\]\((?!https?:|#|mailto:)([^)\s#]+)[^)]*\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((l) => !existsSync(join(root, l)))).toEqual([]);
  });

  test('the README says those paths are in the repository, not in the npm package', () => {
    const files: string[] = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).files ?? [];
    const shipped = (l: string) => files.some((f) => l === f || l.startsWith(`${f.replace(/\/$/, '')}/`));
    const unshipped = [...readme.matchAll(/\]\((?!https?:|#)((?:lib|examples|stacks)\/[^)\s#]+)\)/g)].map((m) => m[1]).filter((l) => !shipped(l));
    if (unshipped.length) expect(readme).toContain('the npm package ships');
  });

  test('every example has a README', () => {
    for (const dir of readdirSync(join(root, 'examples'))) expect({ dir, readme: existsSync(join(root, 'examples', dir, 'README.md')) }).toEqual({ dir, readme: true });
  });

  test('the demo deployments file carries no internal notes', () => {
    expect(readFileSync(join(root, 'stacks', 'deployments.yaml'), 'utf8')).not.toMatch(/\bissue \d+|TODO|FIXME/i);
  });
});
