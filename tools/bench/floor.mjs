#!/usr/bin/env node
/**
 * The same-work floor of `npm run synth` (issue 10).
 *
 * Reads a synthesized cdktf output directory (manifest.json + stacks/<id>/cdk.tf.json) and
 * rebuilds every stack with nothing of this project: one cdktf App with the same stacks, and
 * in each stack the same providers (same count per provider, aliases included), resources and
 * data sources (same types, same counts), constructed straight from the provider bindings by
 * deep path, with only the required top-level arguments set to dummy values. Then it
 * synthesizes. What it costs (node start, loading cdktf and the bindings, constructing,
 * resolving, writing JSON) is the least any cdktf app producing these stacks can cost; the
 * benchmark (tools/bench/bench.mjs) compares `npm run synth` against it.
 *
 * Plain Node on purpose (no tsx, no TypeScript): run it with `node tools/bench/floor.mjs`.
 *
 *   node tools/bench/floor.mjs [--in cdktf.out] [--out <dir>] [--describe]
 *
 *   --in DIR     the synthesized output to mirror (default: cdktf.out)
 *   --out DIR    where the floor app synthesizes (default: a fresh directory under the OS temp dir,
 *                removed afterwards)
 *   --describe   print what would be built (stacks, providers, types, counts, binding paths) as JSON
 *                and exit without building
 *
 * Mapping a Terraform type to its binding: the provider is the local name in the stack's
 * `required_providers` whose `<name>_` prefixes the type (longest wins); the package is
 * `@cdktf/provider-<name>`; the module is `lib/<type without the prefix, kebab-case>` (data
 * sources: `lib/data-<full type, kebab-case>`); the class is the module's export whose static
 * `tfResourceType` equals the type, which also covers classes renamed by the generator. Remote
 * state data sources (cross-stack references) come from cdktf itself, by backend.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(process.cwd(), 'package.json'));

/** Parses `--flag value` / `--flag` arguments. */
function parseArgs(argv) {
  const args = { in: 'cdktf.out', out: undefined, describe: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--in') args.in = argv[++i];
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--describe') args.describe = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node tools/bench/floor.mjs [--in cdktf.out] [--out DIR] [--describe]\n');
      process.exit(0);
    } else throw new Error(`floor: unknown argument ${a}`);
  }
  return args;
}

const kebab = (s) => s.replace(/_/g, '-');

/** The provider local name whose `<name>_` prefixes `type` (longest match). */
function providerOf(type, providerNames) {
  let best;
  for (const p of providerNames) if (type.startsWith(`${p}_`) && (!best || p.length > best.length)) best = p;
  if (!best) throw new Error(`floor: no provider in required_providers prefixes type ${type} (providers: ${providerNames.join(', ')})`);
  return best;
}

/**
 * The deep module path of a resource or data source type. The generator renames a few
 * (a reserved word gets `-resource`, e.g. random_string -> lib/string-resource); those are
 * found by trying that suffix, then any module of the package whose name starts the same.
 */
export function bindingPath(kind, type, provider) {
  const pkg = `@cdktf/provider-${provider}`;
  const base = kind === 'data' ? `data-${kebab(type)}` : kebab(type.slice(provider.length + 1));
  const candidates = [base, `${base}-resource`, `${base}-data-source`];
  for (const c of candidates) {
    try {
      require.resolve(`${pkg}/lib/${c}`);
      return `${pkg}/lib/${c}`;
    } catch {
      // next candidate
    }
  }
  const lib = dirname(require.resolve(`${pkg}/package.json`));
  const dirs = readdirSync(join(lib, 'lib')).filter((d) => d.startsWith(base));
  for (const d of dirs) {
    const mod = `${pkg}/lib/${d}`;
    if (Object.values(require(mod)).some((v) => typeof v === 'function' && v.tfResourceType === type)) return mod;
  }
  throw new Error(`floor: no binding for ${kind} ${type} in ${pkg} (tried lib/${candidates.join(', lib/')})`);
}

/** Reads one synthesized output directory into a plan: per stack, what to build and how many. */
export function describe(inDir) {
  const manifest = JSON.parse(readFileSync(join(inDir, 'manifest.json'), 'utf8'));
  const stacks = [];
  for (const [id, s] of Object.entries(manifest.stacks)) {
    const json = JSON.parse(readFileSync(join(inDir, s.synthesizedStackPath), 'utf8'));
    const required = json.terraform?.required_providers ?? {};
    const names = Object.keys(required);
    const providers = Object.entries(json.provider ?? {}).map(([name, blocks]) => ({
      name,
      module: `@cdktf/provider-${name}/lib/provider`,
      type: name,
      count: Array.isArray(blocks) ? blocks.length : 1,
    }));
    const items = [];
    for (const [kind, block] of [['resource', json.resource], ['data', json.data]]) {
      for (const [type, byName] of Object.entries(block ?? {})) {
        const count = Object.keys(byName).length;
        if (kind === 'data' && type === 'terraform_remote_state') {
          const backends = {};
          for (const d of Object.values(byName)) backends[d.backend ?? 'remote'] = (backends[d.backend ?? 'remote'] ?? 0) + 1;
          for (const [backend, n] of Object.entries(backends)) items.push({ kind, type, backend, module: 'cdktf', count: n });
          continue;
        }
        if (kind === 'resource' && type === 'terraform_data') {
          // Built into Terraform (no provider): a plain TerraformResource, as lib/core/terraform-data.ts
          // writes it (cdktf's DataResource spawns `terraform version` per instance: ~0.5 s each).
          items.push({ kind, type, module: 'cdktf', count });
          continue;
        }
        const provider = providerOf(type, names);
        items.push({ kind, type, module: bindingPath(kind, type, provider), count });
      }
    }
    stacks.push({ id, providers, items });
  }
  return { stacks };
}

const REMOTE_STATE = {
  local: ['DataTerraformRemoteStateLocal', {}],
  s3: ['DataTerraformRemoteStateS3', { bucket: 'floor', key: 'floor' }],
  gcs: ['DataTerraformRemoteStateGcs', { bucket: 'floor' }],
  azurerm: ['DataTerraformRemoteStateAzurerm', { storageAccountName: 'floor', containerName: 'floor', key: 'floor' }],
  remote: ['DataTerraformRemoteState', { organization: 'floor', workspaces: { name: 'floor' } }],
};

/**
 * The binding class of a type, and the dummy config of its required top-level arguments.
 * A binding marks an optional argument with a `resetX()` method; an argument with an
 * `xInput` getter and no `resetX()` is required. Its getter tells the kind of value.
 */
function bindingOf(module, type, cache) {
  const key = `${module}#${type}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const exports = require(module);
  const cls = Object.values(exports).find((v) => typeof v === 'function' && v.tfResourceType === type);
  if (!cls) throw new Error(`floor: ${module} exports no class with tfResourceType ${type}`);
  const proto = cls.prototype;
  const scalars = {};
  const blocks = [];
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (!name.endsWith('Input')) continue;
    const prop = name.slice(0, -'Input'.length);
    // Descriptors only: reading a property of the prototype would run an attribute getter.
    if (!prop || typeof Object.getOwnPropertyDescriptor(proto, `reset${prop[0].toUpperCase()}${prop.slice(1)}`)?.value === 'function') continue;
    const getter = Object.getOwnPropertyDescriptor(proto, prop)?.get;
    const src = getter ? getter.toString() : '';
    if (src.includes('getStringAttribute')) scalars[prop] = 'floor';
    else if (src.includes('getNumberAttribute')) scalars[prop] = 1;
    else if (src.includes('getBooleanAttribute')) scalars[prop] = true;
    else if (src.includes('getNumberListAttribute')) scalars[prop] = [1];
    else if (src.includes('getListAttribute')) scalars[prop] = ['floor'];
    else if (/get\w*MapAttribute/.test(src)) scalars[prop] = { floor: 'floor' };
    else if (src.includes('getAnyMapAttribute')) scalars[prop] = { floor: 'floor' };
    else blocks.push(prop);
  }
  const entry = { cls, scalars, blocks };
  cache.set(key, entry);
  return entry;
}

/** Builds the plan's stacks into one App and synthesizes it. */
export function build(plan, outdir) {
  const cdktf = require('cdktf');
  const app = new cdktf.App({ outdir, skipBackendValidation: true });
  const cache = new Map();
  let resources = 0;
  for (const s of plan.stacks) {
    const stack = new cdktf.TerraformStack(app, s.id);
    for (const p of s.providers) {
      const { cls, scalars } = bindingOf(p.module, p.type, cache);
      for (let i = 0; i < p.count; i++) new cls(stack, `${p.name}${i}`, i === 0 ? { ...scalars } : { ...scalars, alias: `a${i}` });
    }
    for (const it of s.items) {
      if (it.module === 'cdktf' && it.type === 'terraform_data') {
        for (let i = 0; i < it.count; i++) {
          const r = new cdktf.TerraformResource(stack, `${it.kind}-${it.type}-${i}`, { terraformResourceType: 'terraform_data', terraformGeneratorMetadata: { providerName: 'terraform' } });
          r.addOverride('triggers_replace', { floor: 'floor' });
        }
        resources += it.count;
        continue;
      }
      if (it.module === 'cdktf') {
        const [name, config] = REMOTE_STATE[it.backend] ?? REMOTE_STATE.remote;
        for (let i = 0; i < it.count; i++) new cdktf[name](stack, `rs-${it.backend}-${i}`, config);
        continue;
      }
      const { cls, scalars, blocks } = bindingOf(it.module, it.type, cache);
      for (let i = 0; i < it.count; i++) {
        const r = new cls(stack, `${it.kind}-${it.type}-${i}`, { ...scalars });
        for (const b of blocks) {
          const put = r[`put${b[0].toUpperCase()}${b.slice(1)}`];
          if (typeof put !== 'function') continue;
          put.call(r, r[`_${b}`] instanceof cdktf.ComplexList ? [{}] : {});
        }
        if (it.kind === 'resource') resources++;
      }
    }
  }
  app.synth();
  return { stacks: plan.stacks.length, resources };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const inDir = resolve(args.in);
  if (!existsSync(join(inDir, 'manifest.json'))) throw new Error(`floor: ${inDir}/manifest.json not found; run npm run synth first`);
  const plan = describe(inDir);
  if (args.describe) {
    process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    return;
  }
  const outdir = args.out ? resolve(args.out) : mkdtempSync(join(tmpdir(), 'floor-'));
  try {
    const { stacks, resources } = build(plan, outdir);
    process.stdout.write(`floor: synthesized ${stacks} stack(s), ${resources} resource(s) into ${outdir}\n`);
  } finally {
    // A scratch output of our own goes, even when the build failed.
    if (!args.out) rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
