/**
 * No secret value ever reaches cdktf.out. The shared synth of the demo deployments
 * (global-setup.ts) runs with a sentinel in every secret variable (`TF_VAR_<name>`) and every
 * other secret-looking environment variable; no file under its output may contain a sentinel,
 * and every variable the demos declare must have been among them. Kubernetes Secrets hold only
 * references, and outputs that carry secrets are sensitive.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { TerraformOutput } from 'cdktf';
import { NON_SECRET_SECRET_KEYS } from '../lib/core/policy';
import { buildApp, DEFAULT_DEPLOYMENTS_FILE, synthesize } from '../stacks/app';
import { SECRET_ENV, SENTINEL_ENV, sentinel } from './global-setup';
import { demoOutdir, tempDir } from './helpers';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function stackJsons(outdir: string): Record<string, any> {
  const dir = join(outdir, 'stacks');
  return Object.fromEntries(readdirSync(dir).map((s) => [s, JSON.parse(readFileSync(join(dir, s, 'cdk.tf.json'), 'utf8'))]));
}

/** This run's sentinel tag (global-setup.ts). */
function tag(): string {
  const t = process.env.LANGSMITH_TEST_SENTINEL;
  if (!t) throw new Error('LANGSMITH_TEST_SENTINEL is not set: run the tests with jest and jest.config.js (its globalSetup synthesizes the demos)');
  return t;
}

/** Every file under `dir` that contains the sentinel tag, with the first matching line. */
function leaks(dir: string): string[] {
  return files(dir).flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    if (!text.includes(tag())) return [];
    return [`${f.slice(dir.length + 1)}: ${text.split('\n').find((l) => l.includes(tag()))!.trim().slice(0, 160)}`];
  });
}

let variables: Record<string, Record<string, any>>;
let outdir: string;

beforeAll(() => {
  // The shared synth of the demo file, made with the sentinels set (global-setup.ts).
  outdir = demoOutdir();
  variables = {};
  for (const [stack, json] of Object.entries(stackJsons(outdir))) for (const [name, v] of Object.entries((json.variable ?? {}) as Record<string, any>)) variables[`${stack}.${name}`] = v;
});

describe('secret hygiene of the demo deployments', () => {
  test('the demos declare the user-supplied secret variables, all sensitive', () => {
    const names = new Set(Object.keys(variables).map((k) => k.split('.')[1]));
    expect([...names]).toEqual(expect.arrayContaining(['langsmith_license_key', 'postgres_password', 'redis_password', 'clickhouse_password', 'langsmith_api_key']));
    for (const [where, v] of Object.entries(variables)) {
      if (/password|secret|key|token|license/i.test(where.split('.')[1])) expect({ where, sensitive: v.sensitive, default: v.default }).toEqual({ where, sensitive: true, default: undefined });
    }
  });

  test('the synth had a sentinel in every variable the demos declare (TF_VAR_*) and in every secret-looking env var', () => {
    const declared = [...new Set(Object.keys(variables).map((k) => `TF_VAR_${k.split('.')[1]}`))];
    expect(declared.filter((n) => !SENTINEL_ENV.includes(n))).toEqual([]);
    expect(SENTINEL_ENV).toEqual(expect.arrayContaining(SECRET_ENV));
    // The workers run with the real environment again.
    expect(SENTINEL_ENV.filter((n) => process.env[n]?.includes(tag()))).toEqual([]);
  });

  test('no sentinel from TF_VAR_* or secret-looking env vars appears anywhere in cdktf.out', () => {
    expect(files(outdir).length).toBeGreaterThan(5);
    expect(leaks(outdir)).toEqual([]);
  });

  test('the sentinel scan does find a leak (control)', () => {
    const dir = join(tempDir('hygiene-leak-'), 'cdktf.out');
    const secret = sentinel(tag(), 'TF_VAR_langsmith_license_key');
    synthesize(DEFAULT_DEPLOYMENTS_FILE, dir, (app, ds) => {
      const stacks = buildApp(app, ds.slice(0, 1)); // one deployment is enough for the control
      new TerraformOutput(Object.values(stacks)[0].app, 'oops', { value: secret, sensitive: true });
      return stacks;
    });
    expect(leaks(dir)).toEqual([expect.stringContaining(secret)]);
  });

  test('Kubernetes Secrets hold only references, except connection coordinates and public CAs', () => {
    const literals: string[] = [];
    let secrets = 0;
    for (const [stack, json] of Object.entries(stackJsons(outdir))) {
      for (const type of ['kubernetes_secret', 'kubernetes_secret_v1']) {
        for (const [name, secret] of Object.entries((json.resource?.[type] ?? {}) as Record<string, any>)) {
          secrets++;
          for (const [key, value] of Object.entries((secret.data ?? {}) as Record<string, string>)) {
            const passwordlessUrl = /^[a-z]+:\/\/[^:@/]+(:\d+)?(\/|$)/.test(value);
            if (!value.includes('${') && !NON_SECRET_SECRET_KEYS.test(key) && !passwordlessUrl) literals.push(`${stack} ${type}.${name} data.${key}`);
          }
        }
      }
    }
    expect(secrets).toBeGreaterThan(4);
    expect(literals).toEqual([]);
  });

  test('outputs that carry generated or variable secrets are sensitive', () => {
    const plain: string[] = [];
    for (const [stack, json] of Object.entries(stackJsons(outdir))) {
      const sensitiveVars = Object.entries((json.variable ?? {}) as Record<string, any>).filter(([, v]) => v.sensitive).map(([n]) => n);
      for (const [name, output] of Object.entries((json.output ?? {}) as Record<string, any>)) {
        const text = JSON.stringify(output.value);
        const secret = /random_password\.|random_bytes\.|auth_string|auth_token|access_key|kube_config_raw|\.password\b/.test(text) || sensitiveVars.some((v) => text.includes(`var.${v}`));
        if (secret && output.sensitive !== true) plain.push(`${stack} output.${name}`);
      }
    }
    expect(plain).toEqual([]);
  });
});
