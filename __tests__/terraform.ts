/**
 * Runs the real `terraform` on synthesized stacks, for the tests that prove Terraform accepts
 * what we synthesize (terraform-init.test.ts, deploy-flow.test.ts).
 *
 * - `terraform init -backend=false` against an EMPTY filesystem mirror: Terraform decodes the
 *   whole configuration before it looks for providers, so any diagnostic other than "provider
 *   not found" is a defect of the configuration.
 * - `terraform validate` with the image's hashicorp/aws provider (a filesystem mirror at
 *   /opt/tf-plugins, AWS_MIRROR): for stacks whose providers are only aws and random, see
 *   {@link forAwsValidation}.
 *
 * Everything runs in a throwaway folder (its own CLI config, mirror, plugin cache and working
 * dirs) that {@link TerraformSandbox.dispose} removes. Where `terraform` is not on PATH,
 * {@link describeTerraform} says so loudly: a failing test when CI=true, a skipped test named
 * "SKIPPED: terraform is not on PATH" (and a console.warn) otherwise.
 */
import { spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** The image's provider mirror (hashicorp/aws 5.100.0 only). */
export const AWS_MIRROR = '/opt/tf-plugins';
/** The aws provider version in {@link AWS_MIRROR}. */
export const AWS_MIRROR_VERSION = '5.100.0';

/** `terraform version` when terraform is on PATH, else undefined. */
export const TERRAFORM_VERSION: string | undefined = (() => {
  const r = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (r.error || r.status !== 0) return undefined;
  try {
    return JSON.parse(r.stdout).terraform_version as string;
  } catch {
    return undefined;
  }
})();

/** True when the aws provider mirror exists, so `terraform validate` can run on AWS stacks. */
export const HAS_AWS_MIRROR = existsSync(join(AWS_MIRROR, 'registry.terraform.io', 'hashicorp', 'aws', AWS_MIRROR_VERSION));

/**
 * `describe` for tests that need the terraform binary. Without it: in CI (CI=true) one failing
 * test says why; elsewhere a console.warn and one skipped test named so that nobody mistakes
 * the run for a pass.
 */
export function describeTerraform(name: string, body: () => void): void {
  if (TERRAFORM_VERSION) {
    describe(`${name} (terraform ${TERRAFORM_VERSION})`, body);
    return;
  }
  const message = `terraform is not on PATH: "${name}" did not run. Install terraform >= 1.10 to run these tests.`;
  // eslint-disable-next-line no-console
  console.warn(`WARNING: ${message}`);
  describe(name, () => {
    if (process.env.CI === 'true') test('terraform is required in CI (CI=true)', () => { throw new Error(message); });
    else test.skip(`SKIPPED: terraform is not on PATH (${name})`, () => undefined);
  });
}

/** One diagnostic of `terraform ... -json`. */
export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail: string;
  readonly address?: string;
  readonly range?: { filename: string; start: { line: number } };
}

/** The outcome of one terraform command. */
export interface TerraformRun {
  readonly code: number;
  readonly diagnostics: Diagnostic[];
  readonly output: string;
}

/** A throwaway home for terraform runs: CLI configs, an empty mirror, a plugin cache, working dirs. */
export class TerraformSandbox {
  public readonly root = mkdtempSync(join(tmpdir(), 'tf-'));
  /** CLI config whose only provider source is an empty filesystem mirror. */
  public readonly emptyMirrorConfig = join(this.root, 'empty.tfrc');
  /** CLI config that installs hashicorp/aws from {@link AWS_MIRROR}, linked (not copied, it is 675 MB) through a plugin cache. */
  public readonly awsMirrorConfig = join(this.root, 'aws.tfrc');
  private next = 0;
  /** Terraform runs still going (each its own process group), ended by {@link dispose}. */
  private readonly running = new Set<number>();

  constructor() {
    mkdirSync(join(this.root, 'empty-mirror'));
    writeFileSync(this.emptyMirrorConfig, `provider_installation {\n  filesystem_mirror {\n    path = "${join(this.root, 'empty-mirror')}"\n  }\n}\n`);
    // A plugin cache whose aws entry is a link to the mirror: init then links .terraform/providers
    // to the cache instead of copying the binary into every working dir.
    const platform = readdirSyncSafe(join(AWS_MIRROR, 'registry.terraform.io', 'hashicorp', 'aws', AWS_MIRROR_VERSION));
    const cached = join(this.root, 'plugin-cache', 'registry.terraform.io', 'hashicorp', 'aws', AWS_MIRROR_VERSION);
    mkdirSync(cached, { recursive: true });
    for (const p of platform) symlinkSync(join(AWS_MIRROR, 'registry.terraform.io', 'hashicorp', 'aws', AWS_MIRROR_VERSION, p), join(cached, p));
    writeFileSync(this.awsMirrorConfig, `plugin_cache_dir = "${join(this.root, 'plugin-cache')}"\nprovider_installation {\n  filesystem_mirror {\n    path = "${AWS_MIRROR}"\n  }\n}\n`);
  }

  /** A new working dir holding `files` (name -> JSON). */
  public workdir(label: string, files: Record<string, unknown>): string {
    const dir = join(this.root, 'work', `${this.next++}-${label.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), JSON.stringify(content, null, 2));
    }
    return dir;
  }

  /** Runs terraform with `-json` in `dir`, with the given CLI config. */
  public run(dir: string, args: string[], cliConfig: string): Promise<TerraformRun> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn('terraform', [...args, '-json'], {
        cwd: dir,
        detached: true,
        env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', TF_DATA_DIR: join(dir, '.terraform') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (child.pid) this.running.add(child.pid);
      let output = '';
      child.stdout.on('data', (c) => (output += c));
      child.stderr.on('data', (c) => (output += c));
      child.on('error', reject);
      child.on('close', (code) => {
        if (child.pid) this.running.delete(child.pid);
        resolvePromise({ code: code ?? -1, diagnostics: parseDiagnostics(output), output });
      });
    });
  }

  /** `terraform init -backend=false` against the empty mirror. */
  public initEmpty(dir: string): Promise<TerraformRun> {
    return this.run(dir, ['init', '-backend=false', '-input=false'], this.emptyMirrorConfig);
  }

  /** Ends the runs still going (a test that timed out leaves them) and removes the sandbox. */
  public dispose(): void {
    for (const pid of this.running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Diagnostics from `-json` output: init prints one JSON object per line, validate one document. */
export function parseDiagnostics(output: string): Diagnostic[] {
  const trimmed = output.trim();
  if (trimmed.startsWith('{') && trimmed.includes('"format_version"')) {
    try {
      return (JSON.parse(trimmed).diagnostics ?? []) as Diagnostic[];
    } catch {
      // fall through to line mode
    }
  }
  const out: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const j = JSON.parse(line);
      if (j.diagnostic) out.push(j.diagnostic);
    } catch {
      // not JSON: ignore
    }
  }
  return out;
}

/** Init's verdict on the empty mirror: a provider it cannot find. Anything else is a configuration defect. */
export function isProviderNotFound(d: Diagnostic): boolean {
  return /Failed to query available provider packages|Failed to install provider|Incomplete lock file/.test(d.summary);
}

/** A diagnostic rendered for a failure message. */
export function describeDiagnostic(d: Diagnostic): string {
  const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : '';
  return `${d.severity}: ${d.summary}${d.address ? ` [${d.address}]` : ''}${where}: ${d.detail.replace(/\s+/g, ' ').slice(0, 300)}`;
}

/** The configuration errors of an init against the empty mirror (the expected provider-not-found errors left out). */
export function initConfigErrors(run: TerraformRun): string[] {
  const errors = run.diagnostics.filter((d) => d.severity === 'error' && !isProviderNotFound(d));
  // The closing summary of an init that stopped on configuration errors carries no detail of its own.
  const real = errors.filter((d) => !/Terraform encountered problems during initiali[sz]ation/.test(d.summary) || errors.length === 1);
  if (run.code !== 0 && run.diagnostics.every((d) => d.severity !== 'error')) return [`terraform exited ${run.code} without a diagnostic: ${run.output.slice(0, 500)}`];
  return real.map(describeDiagnostic);
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function inParallel<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Every `depends_on` entry of a synthesized stack that is not a static reference
 * (`type.name`, `data.type.name` or `module.name`). Terraform refuses anything else
 * ("A single static variable reference is required"), an interpolation `${...}` included.
 */
export function nonStaticDependsOn(json: Record<string, any>): string[] {
  const bad: string[] = [];
  const check = (where: string, deps: unknown): void => {
    if (deps === undefined) return;
    if (!Array.isArray(deps)) {
      bad.push(`${where}: depends_on is not a list: ${JSON.stringify(deps)}`);
      return;
    }
    for (const d of deps) if (typeof d !== 'string' || !STATIC_REFERENCE.test(d)) bad.push(`${where}: ${JSON.stringify(d)}`);
  };
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const [name, r] of Object.entries(byName as Record<string, any>)) check(`${type}.${name}`, r.depends_on);
  for (const [type, byName] of Object.entries(json.data ?? {})) for (const [name, r] of Object.entries(byName as Record<string, any>)) check(`data.${type}.${name}`, r.depends_on);
  for (const [name, m] of Object.entries(json.module ?? {})) check(`module.${name}`, (m as any).depends_on);
  for (const [name, o] of Object.entries(json.output ?? {})) check(`output.${name}`, (o as any).depends_on);
  return bad;
}

const STATIC_REFERENCE = /^(data\.[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*|module\.[A-Za-z_][\w-]*|[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)$/;

/** The provider names a stack requires. */
export function providersOf(json: Record<string, any>): string[] {
  return Object.keys(json.terraform?.required_providers ?? {}).sort();
}

/**
 * Arguments of the aws provider 6.x the stacks pin (6.25.0) that the mirrored 5.100.0 does not
 * know: {@link withoutAws6xArguments} removes them from the copy that is validated, and nothing
 * else is set aside. terraform-init.test.ts checks that each entry is in the 6.x binding and set
 * by some stack, so the list cannot hide a typo or outlive its use.
 */
export const AWS_6X_ONLY_ARGUMENTS: ReadonlyArray<{ readonly type: string; readonly argument: string; readonly why: string }> = [
  // 5.100.0: 'No argument or block type is named "deletion_protection"'; @cdktf/provider-aws 21.x
  // (aws 6.x) lib/eks-cluster has it. lib/aws/eks-cluster.ts sets it (secure by default).
  { type: 'aws_eks_cluster', argument: 'deletion_protection', why: 'EKS cluster deletion protection, added in aws provider 6.x' },
];

/** A copy of a stack without the {@link AWS_6X_ONLY_ARGUMENTS} (top-level arguments of resources). */
export function withoutAws6xArguments(json: Record<string, any>): Record<string, any> {
  const resource = { ...(json.resource ?? {}) };
  for (const a of AWS_6X_ONLY_ARGUMENTS) {
    if (!resource[a.type]) continue;
    resource[a.type] = Object.fromEntries(Object.entries(resource[a.type] as Record<string, any>).map(([name, r]) => {
      const { [a.argument]: _removed, ...rest } = r;
      return [name, rest];
    }));
  }
  return { ...json, resource };
}

/**
 * A copy of a stack that `terraform validate` can check with only the aws provider, scoped to
 * these tests:
 * - the backend is dropped (validate ignores it anyway) and the aws version constraint is relaxed
 *   to the mirrored 5.100.0 (the stacks pin 6.x; {@link withoutAws6xArguments} removes the
 *   6.x-only arguments);
 * - each `random_*` resource becomes a `terraform_data` (built into Terraform) whose `input` holds
 *   the resource's own arguments, so their references are still checked; every reference to it
 *   (`random_password.X.result`) becomes `terraform_data.random_password_X.output.result`, and a
 *   `depends_on` entry `random_password.X` becomes `terraform_data.random_password_X`. `output` is
 *   typed `any`, so validate accepts any attribute of it: the random attributes' own types are
 *   not checked, everything that consumes them is.
 * Throws when a stack uses a provider other than aws and random.
 */
export function forAwsValidation(json: Record<string, any>): Record<string, any> {
  const others = providersOf(json).filter((p) => p !== 'aws' && p !== 'random');
  if (others.length) throw new Error(`forAwsValidation: the stack also needs ${others.join(', ')}`);
  const randomTypes = Object.keys(json.resource ?? {}).filter((t) => t.startsWith('random_'));
  const rename = (type: string, name: string): string => `${type}_${name}`;
  const refPattern = randomTypes.length ? new RegExp(`\\b(${randomTypes.join('|')})\\.([A-Za-z_][\\w-]*)(\\.[A-Za-z_][\\w]*)?`, 'g') : undefined;
  const rewriteExpr = (s: string): string => {
    if (!refPattern || !s.includes('${')) return s;
    // Only inside ${...}: a plain string mentioning random_password is not a reference.
    return s.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => `\${${inner.replace(refPattern, (_m, t: string, n: string, attr?: string) => `terraform_data.${rename(t, n)}.output${attr ?? ''}`)}}`);
  };
  const rewriteDeps = (deps: unknown): unknown => (Array.isArray(deps) ? deps.map((d) => {
    if (typeof d !== 'string') return d;
    const m = /^(random_\w+)\.([\w-]+)$/.exec(d);
    return m ? `terraform_data.${rename(m[1], m[2])}` : d;
  }) : deps);
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return rewriteExpr(v);
    if (Array.isArray(v)) return key === 'depends_on' ? rewriteDeps(v) : v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === '//' ? x : walk(x, k)]));
    return v;
  };
  const out = walk(json) as Record<string, any>;
  const tf = { ...out.terraform };
  delete tf.backend;
  tf.required_providers = { aws: { ...tf.required_providers.aws, source: 'hashicorp/aws', version: AWS_MIRROR_VERSION } };
  out.terraform = tf;
  if (out.provider) {
    out.provider = { ...out.provider };
    delete out.provider.random;
  }
  if (randomTypes.length) {
    const resources = { ...out.resource };
    const data: Record<string, any> = { ...(resources.terraform_data ?? {}) };
    for (const t of randomTypes) {
      for (const [name, r] of Object.entries(resources[t] as Record<string, any>)) {
        const { count, for_each: forEach, depends_on: dependsOn, lifecycle, provider: _provider, '//': meta, ...args } = r;
        const kept: Record<string, any> = { input: args };
        if (meta) kept['//'] = meta;
        if (count !== undefined) kept.count = count;
        if (forEach !== undefined) kept.for_each = forEach;
        if (dependsOn !== undefined) kept.depends_on = dependsOn;
        // ignore_changes names the random resource's own arguments, which terraform_data does not have.
        if (lifecycle) {
          const { ignore_changes: _ignored, ...rest } = lifecycle;
          if (Object.keys(rest).length) kept.lifecycle = rest;
        }
        data[rename(t, name)] = kept;
      }
      delete resources[t];
    }
    resources.terraform_data = data;
    out.resource = resources;
  }
  return out;
}

/** Validate diagnostics that count: every error and warning (the 6.x-only arguments were removed before, not filtered after). */
export function validateFindings(run: TerraformRun): string[] {
  return run.diagnostics.filter((d) => !isExpectedWarning(d)).map(describeDiagnostic);
}

/** Warnings that say nothing about the configuration itself. */
function isExpectedWarning(d: Diagnostic): boolean {
  return d.severity === 'warning' && /Incomplete lock file information/.test(d.summary);
}
