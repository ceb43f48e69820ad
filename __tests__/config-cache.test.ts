import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { DEFAULT_DEPLOYMENTS_FILE } from '../stacks/app';
import { loadDeployments, parseDeployments } from '../stacks/config';
import { CONFIG_SOURCES, configCacheKey, loadDeploymentsCached } from '../stacks/config-cache';
import { ConfigurationError } from '../lib/core/errors';
import { writeDeploymentsFile } from './helpers';

const root = resolve(__dirname, '..');

/** A parse function that counts its calls. */
function countingParse() {
  const calls: string[] = [];
  const parse = (text: string, file: string) => {
    calls.push(file);
    return parseDeployments(text, file);
  };
  return { calls, parse };
}

describe('the validated-config cache (stacks/config-cache.ts)', () => {
  test('CONFIG_SOURCES lists every module the validation imports, transitively', () => {
    const seen = new Set<string>();
    const visit = (rel: string) => {
      if (seen.has(rel)) return;
      seen.add(rel);
      const text = readFileSync(join(root, rel), 'utf8');
      for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gms)) {
        if (m[1]) continue; // type-only imports run no code
        visit(`${join(dirname(rel), m[2])}.ts`.replace(/\\/g, '/'));
      }
    };
    visit('stacks/config.ts');
    expect([...seen].sort()).toEqual([...CONFIG_SOURCES].sort());
  });

  test('a cached result is the validator\'s result, field for field (undefined fields included)', () => {
    const cache = mkdtempSync(join(tmpdir(), 'cfg-'));
    const { calls, parse } = countingParse();
    const first = loadDeploymentsCached(DEFAULT_DEPLOYMENTS_FILE, { cache, parse });
    const second = loadDeploymentsCached(DEFAULT_DEPLOYMENTS_FILE, { cache, parse });
    expect(calls).toHaveLength(1);
    expect(second).toStrictEqual(loadDeployments(DEFAULT_DEPLOYMENTS_FILE));
    expect(second).toStrictEqual(first);
    expect(readdirSync(join(cache, 'config'))).toHaveLength(1);
  });

  test('an edited file is validated again, and a bad file is never cached', () => {
    const cache = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = writeDeploymentsFile({ deployments: [{ name: 'one', mode: 'observability', cloud: 'kubernetes' }] });
    const { calls, parse } = countingParse();
    expect(loadDeploymentsCached(file, { cache, parse }).map((d) => d.name)).toEqual(['one']);
    writeFileSync(file, 'deployments:\n  - name: two\n    mode: observability\n    cloud: kubernetes\n');
    expect(loadDeploymentsCached(file, { cache, parse }).map((d) => d.name)).toEqual(['two']);
    expect(calls).toHaveLength(2);
    writeFileSync(file, 'deployments:\n  - name: two\n    mode: observabilty\n    cloud: kubernetes\n');
    for (let i = 0; i < 2; i++) expect(() => loadDeploymentsCached(file, { cache, parse })).toThrow(/allowed: observability \| full-platform \| standalone/);
    expect(calls).toHaveLength(4);
    expect(readdirSync(join(cache, 'config'))).toHaveLength(2);
  });

  test('an edited validator source is a different key', () => {
    const fake = mkdtempSync(join(tmpdir(), 'cfg-root-'));
    for (const src of CONFIG_SOURCES) {
      mkdirSync(dirname(join(fake, src)), { recursive: true });
      cpSync(join(root, src), join(fake, src));
    }
    mkdirSync(join(fake, 'node_modules'));
    for (const pkg of ['zod', 'yaml']) cpSync(join(root, 'node_modules', pkg, 'package.json'), join(fake, 'node_modules', pkg, 'package.json'));
    const text = readFileSync(DEFAULT_DEPLOYMENTS_FILE, 'utf8');
    const before = configCacheKey(DEFAULT_DEPLOYMENTS_FILE, text, fake);
    expect(before).toBe(configCacheKey(DEFAULT_DEPLOYMENTS_FILE, text, root));
    writeFileSync(join(fake, 'lib/core/sizing.ts'), `${readFileSync(join(fake, 'lib/core/sizing.ts'), 'utf8')}\n// edited\n`);
    expect(configCacheKey(DEFAULT_DEPLOYMENTS_FILE, text, fake)).not.toBe(before);
    expect(configCacheKey(DEFAULT_DEPLOYMENTS_FILE, `${text}\n`, root)).not.toBe(before);
  });

  test('off, and a missing file, go straight to the validator', () => {
    const { calls, parse } = countingParse();
    loadDeploymentsCached(DEFAULT_DEPLOYMENTS_FILE, { cache: 'off', parse });
    loadDeploymentsCached(DEFAULT_DEPLOYMENTS_FILE, { cache: 'off', parse });
    expect(calls).toHaveLength(2);
    expect(() => loadDeploymentsCached('/nonexistent/deployments.yaml', { cache: mkdtempSync(join(tmpdir(), 'cfg-')) })).toThrow(ConfigurationError);
  });
});

test('the cache directory starts over past 64 entries', () => {
  const cache = mkdtempSync(join(tmpdir(), 'cfg-'));
  mkdirSync(join(cache, 'config'));
  for (let i = 0; i < 64; i++) writeFileSync(join(cache, 'config', `old${i}.bin`), 'x');
  loadDeploymentsCached(DEFAULT_DEPLOYMENTS_FILE, { cache });
  expect(readdirSync(join(cache, 'config'))).toHaveLength(1);
});
