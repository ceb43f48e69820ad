/**
 * No secret value ever reaches cdktf.out. Every Terraform variable the demo deployments
 * declare, and every other secret-looking environment variable, is set to a sentinel; all demos
 * are synthesized in-process; no file under the output may contain a sentinel. Kubernetes
 * Secrets hold only references, and outputs that carry secrets are sensitive.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { randomBytes } from 'crypto';
import { join } from 'path';
import { TerraformOutput } from 'cdktf';
import { NON_SECRET_SECRET_KEYS } from '../lib/core/policy';
import { buildApp, DEFAULT_DEPLOYMENTS_FILE, synthesize } from '../stacks/app';
import { demoOutdir, tempDir } from './helpers';

/** Environment variables a CI pipeline typically holds secrets in (besides TF_VAR_*). */
const SECRET_ENV = [
  'LANGSMITH_LICENSE_KEY', 'LANGSMITH_API_KEY', 'LANGCHAIN_API_KEY', 'OAUTH_CLIENT_SECRET', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'CLICKHOUSE_PASSWORD',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'GOOGLE_CREDENTIALS', 'GOOGLE_OAUTH_ACCESS_TOKEN', 'ARM_CLIENT_SECRET', 'ARM_ACCESS_KEY',
  'TF_TOKEN_app_terraform_io', 'GITHUB_TOKEN', 'KUBE_TOKEN', 'HELM_REPO_PASSWORD',
];

const TAG = `SENTINEL-${randomBytes(6).toString('hex')}`;

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

/** Every file under `dir` that contains the sentinel tag, with the first matching line. */
function leaks(dir: string): string[] {
  return files(dir).flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    if (!text.includes(TAG)) return [];
    return [`${f.slice(dir.length + 1)}: ${text.split('\n').find((l) => l.includes(TAG))!.trim().slice(0, 160)}`];
  });
}

const saved = { ...process.env };
let variables: Record<string, Record<string, any>>;
let outdir: string;
let sentinelNames: string[];

beforeAll(() => {
  process.env.LANGSMITH_POLICY_QUIET = '1';
  // Pass 1: which variables does the app declare? (the shared synth of the demo file, global-setup.ts)
  variables = {};
  for (const [stack, json] of Object.entries(stackJsons(demoOutdir()))) for (const [name, v] of Object.entries((json.variable ?? {}) as Record<string, any>)) variables[`${stack}.${name}`] = v;
  const names = [...new Set(Object.keys(variables).map((k) => k.split('.')[1]))];
  // Pass 2: the same synth with a sentinel in every variable and secret-looking env var.
  sentinelNames = [...names.map((n) => `TF_VAR_${n}`), ...SECRET_ENV];
  for (const n of sentinelNames) process.env[n] = `${TAG}-${n}`;
  outdir = join(tempDir('hygiene-'), 'cdktf.out');
  synthesize(DEFAULT_DEPLOYMENTS_FILE, outdir);
});

afterAll(() => {
  for (const n of Object.keys(process.env)) if (!(n in saved)) delete process.env[n];
  Object.assign(process.env, saved);
});

describe('secret hygiene of the demo deployments', () => {
  test('the demos declare the user-supplied secret variables, all sensitive', () => {
    const names = new Set(Object.keys(variables).map((k) => k.split('.')[1]));
    expect([...names]).toEqual(expect.arrayContaining(['langsmith_license_key', 'postgres_password', 'redis_password', 'clickhouse_password', 'langsmith_api_key']));
    for (const [where, v] of Object.entries(variables)) {
      if (/password|secret|key|token|license/i.test(where.split('.')[1])) expect({ where, sensitive: v.sensitive, default: v.default }).toEqual({ where, sensitive: true, default: undefined });
    }
  });

  test('no sentinel from TF_VAR_* or secret-looking env vars appears anywhere in cdktf.out', () => {
    expect(sentinelNames.length).toBeGreaterThan(SECRET_ENV.length);
    expect(files(outdir).length).toBeGreaterThan(5);
    expect(leaks(outdir)).toEqual([]);
  });

  test('the sentinel scan does find a leak (control)', () => {
    const dir = join(tempDir('hygiene-leak-'), 'cdktf.out');
    synthesize(DEFAULT_DEPLOYMENTS_FILE, dir, (app, ds) => {
      const stacks = buildApp(app, ds.slice(0, 1)); // one deployment is enough for the control
      new TerraformOutput(Object.values(stacks)[0].app, 'oops', { value: process.env.TF_VAR_langsmith_license_key, sensitive: true });
      return stacks;
    });
    expect(leaks(dir)).toEqual([expect.stringContaining(`${TAG}-TF_VAR_langsmith_license_key`)]);
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
