/**
 * The stand-in providers themselves: schemas agree with our bindings, and the plugin protocol
 * round trip (schema, validate, plan with unknowns, apply with plausible values, import,
 * upgrade) works over a real gRPC connection.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import { decode, encode, ExtData } from '@msgpack/msgpack';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadProvider, extractProvider, PROVIDERS, bindingPackage } = require('../schema');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startStandIns, loadProto } = require('../server');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CERT_B64 } = require('../values');

const NODE_MODULES = path.resolve(__dirname, '../../../node_modules');

describe('schemas from the bindings', () => {
  test('every provider: the version the binding was generated from, every resource and data source class', () => {
    for (const p of PROVIDERS) {
      const s = loadProvider(p);
      const b = bindingPackage(p, NODE_MODULES);
      expect(s.source).toBe(b.source);
      expect(s.providerVersion).toBe(b.providerVersion);
      // Count the generated classes independently: one tfResourceType per class.
      const libDir = path.join(b.dir, 'lib');
      let resources = 0;
      let data = 0;
      for (const entry of fs.readdirSync(libDir)) {
        const f = path.join(libDir, entry, 'index.js');
        if (!fs.existsSync(f)) continue;
        const src = fs.readFileSync(f, 'utf8');
        resources += (src.match(/extends cdktf\.TerraformResource\b/g) ?? []).length;
        data += (src.match(/extends cdktf\.TerraformDataSource\b/g) ?? []).length;
      }
      expect({ p, resources: Object.keys(s.resources).length, data: Object.keys(s.dataSources).length }).toEqual({ p, resources, data });
    }
  });

  test('the cache holds exactly what a fresh extraction reads', () => {
    expect(loadProvider('helm')).toEqual(JSON.parse(JSON.stringify(extractProvider('helm', NODE_MODULES))));
  });

  test('aws_eks_cluster: required, optional, computed-only, blocks and their nesting as in the binding', () => {
    const eks = loadProvider('aws').resources.aws_eks_cluster;
    expect(eks.attributes.name).toMatchObject({ type: 'string', required: true });
    expect(eks.attributes.role_arn).toMatchObject({ required: true });
    expect(eks.attributes.version).toMatchObject({ optional: true, required: false });
    expect(eks.attributes.enabled_cluster_log_types.type).toEqual(['set', 'string']);
    expect(eks.attributes.endpoint).toMatchObject({ type: 'string', computed: true, optional: false, required: false });
    // Declared one after the other in the constructor: each one counts.
    expect(eks.attributes.identity).toMatchObject({ type: ['list', ['object', { oidc: ['list', ['object', { issuer: 'string' }]] }]], computed: true });
    expect(eks.attributes.certificate_authority).toMatchObject({ type: ['list', ['object', { data: 'string' }]], computed: true, optional: false });
    expect(eks.blocks.vpc_config).toMatchObject({ nesting: 'list', minItems: 1, maxItems: 1 });
    expect(eks.blocks.vpc_config.block.attributes.subnet_ids).toMatchObject({ type: ['set', 'string'], required: true });
    expect(eks.blocks.vpc_config.block.attributes.cluster_security_group_id).toMatchObject({ computed: true, optional: false });
    expect(eks.blocks.timeouts.nesting).toBe('single');
    expect(eks.attributes.instance_clas).toBeUndefined();
  });

  test('helm_release: list blocks, a single block, computed object and map', () => {
    const rel = loadProvider('helm').resources.helm_release;
    expect(rel.blocks.set).toMatchObject({ nesting: 'list', minItems: 0, maxItems: 0 });
    expect(rel.blocks.set.block.attributes.name).toMatchObject({ required: true });
    expect(rel.blocks.postrender.nesting).toBe('single');
    expect(rel.attributes.metadata.type[0]).toBe('object');
    expect(rel.attributes.resources.type).toEqual(['map', 'string']);
    expect(rel.attributes.values.type).toEqual(['list', 'string']);
  });
});

describe('plugin protocol 6 round trip', () => {
  let dir: string;
  let close: () => Promise<void>;
  let client: grpc.Client & Record<string, (req: unknown, cb: (err: Error | null, res: any) => void) => void>;
  const call = (method: string, req: unknown) => new Promise<any>((resolve, reject) => client[method](req, (err, res) => (err ? reject(err) : resolve(res))));
  const mp = (v: unknown) => ({ msgpack: Buffer.from(encode(v, { extensionCodec: undefined })) });
  const unmp = (dv: { msgpack: Buffer }) => decode(dv.msgpack);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rh-proto-'));
    const s = await startStandIns(path.join(dir, 's'), ['random']);
    close = s.close;
    const addr = s.reattach['registry.terraform.io/hashicorp/random'].Addr.String;
    const Provider = loadProto().Provider;
    client = new Provider(`unix:${addr}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('schema, validation, plan with unknowns, apply with values, import, upgrade', async () => {
    const schema = await call('GetProviderSchema', {});
    expect(Object.keys(schema.resource_schemas)).toContain('random_password');
    const pw = schema.resource_schemas.random_password.block;
    const attr = (n: string) => pw.attributes.find((a: { name: string }) => a.name === n);
    expect(JSON.parse(attr('length').type.toString())).toBe('number');
    expect(attr('length').required).toBe(true);
    expect(attr('result').computed).toBe(true);

    const names: string[] = pw.attributes.map((a: { name: string }) => a.name);
    const obj = (over: Record<string, unknown>) => Object.fromEntries(names.map((n) => [n, over[n] ?? null]));
    const missing = await call('ValidateResourceConfig', { type_name: 'random_password', config: mp(obj({})) });
    expect(missing.diagnostics.map((d: { summary: string }) => d.summary)).toContain('Missing required argument');

    const planned = await call('PlanResourceChange', { type_name: 'random_password', prior_state: mp(null), proposed_new_state: mp(obj({ length: 16 })), config: mp(obj({ length: 16 })) });
    expect(planned.diagnostics).toEqual([]);
    const plannedState = unmp(planned.planned_state) as Record<string, unknown>;
    expect(plannedState.result).toBeInstanceOf(ExtData);
    expect((plannedState.result as ExtData).type).toBe(0);
    expect(plannedState.length).toBe(16);

    const applied = await call('ApplyResourceChange', { type_name: 'random_password', prior_state: mp(null), planned_state: planned.planned_state, config: mp(obj({ length: 16 })) });
    const state = unmp(applied.new_state) as Record<string, unknown>;
    expect(typeof state.result).toBe('string');
    expect(typeof state.id).toBe('string');
    expect(state.length).toBe(16);

    const imported = await call('ImportResourceState', { type_name: 'random_password', id: 'abc' });
    const importedState = unmp(imported.imported_resources[0].state) as Record<string, unknown>;
    expect(importedState.id).toBe('abc');
    expect(Object.keys(importedState).sort()).toEqual([...names].sort());

    const upgraded = await call('UpgradeResourceState', { type_name: 'random_password', version: 3, raw_state: { json: Buffer.from(JSON.stringify({ id: 'x', length: 8 })) } });
    expect(unmp(upgraded.upgraded_state)).toMatchObject({ id: 'x', length: 8, result: null });
    expect((await call('StopProvider', {})).Error).toBe('');
  });

  test('certificates are base64 of a PEM certificate', () => {
    const pem = Buffer.from(CERT_B64, 'base64').toString('utf8');
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { X509Certificate } = require('crypto');
    expect(new X509Certificate(pem).subject).toContain('stand-in-cluster-ca');
  });
});

describe('Terraform itself', () => {
  test('accepts every provider schema (terraform providers schema -json through the reattached stand-ins)', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Rehearsal } = require('../rehearsal');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawnSync } = require('child_process');
    const r = await new Rehearsal('schemas').start();
    try {
      const cfg = path.join(r.dir, 'cfg');
      fs.mkdirSync(cfg);
      const required = Object.fromEntries(PROVIDERS.map((p: string) => [p, { source: `hashicorp/${p}` }]));
      fs.writeFileSync(path.join(cfg, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: required } }));
      const run = (...args: string[]) => spawnSync('terraform', args, { cwd: cfg, env: r.env(), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
      expect(run('init', '-input=false', '-no-color').status).toBe(0);
      const out = run('providers', 'schema', '-json');
      expect(out.stderr).toBe('');
      const schemas = JSON.parse(out.stdout).provider_schemas;
      for (const p of PROVIDERS) {
        const s = loadProvider(p);
        const got = schemas[s.source];
        expect(Object.keys(got.resource_schemas ?? {}).length).toBe(Object.keys(s.resources).length);
        expect(Object.keys(got.data_source_schemas ?? {}).length).toBe(Object.keys(s.dataSources).length);
      }
    } finally {
      await r.stop();
    }
  });
});
