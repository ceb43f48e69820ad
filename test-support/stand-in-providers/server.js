'use strict';
// Stand-in providers: one Node process serves every provider we use, each on its own unix
// socket, over Terraform's provider plugin protocol 6 (gRPC, no TLS). Terraform reaches them
// through TF_REATTACH_PROVIDERS (no download, no registry).
//
//   node test-support/stand-in-providers/server.js <socket-dir> [aws,google,...]
// prints one line: the TF_REATTACH_PROVIDERS JSON. Stops on SIGTERM / SIGINT / stdin close.
// STAND_IN_LOG=<file> appends one JSON line per call (provider, method, type).
const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { PROVIDERS, loadProvider } = require('./schema');
const V = require('./values');

const PROTO = path.join(__dirname, 'tfplugin6-subset.proto');
const NESTING = { single: 1, list: 2, set: 3, map: 4 };

function loadProto() {
  const def = protoLoader.loadSync(PROTO, { keepCase: true, longs: Number, enums: Number, defaults: true, oneofs: true });
  return grpc.loadPackageDefinition(def).tfplugin6;
}

function protoBlock(block) {
  return {
    version: 0,
    attributes: Object.keys(block.attributes).sort().map((name) => {
      const a = block.attributes[name];
      return { name, type: Buffer.from(JSON.stringify(a.type)), required: a.required, optional: a.optional, computed: a.computed, description: '' };
    }),
    block_types: Object.keys(block.blocks).sort().map((name) => {
      const nb = block.blocks[name];
      return { type_name: name, nesting: NESTING[nb.nesting], min_items: nb.minItems, max_items: nb.maxItems, block: protoBlock(nb.block) };
    }),
  };
}

const error = (summary, detail = '') => ({ severity: 1, summary, detail });

/** The gRPC handlers of one provider. */
function providerHandlers(name, schema, log) {
  const resources = schema.resources;
  const dataSources = schema.dataSources;
  const schemaResponse = {
    provider: { version: 0, block: protoBlock(schema.provider) },
    resource_schemas: Object.fromEntries(Object.entries(resources).map(([k, b]) => [k, { version: 0, block: protoBlock(b) }])),
    data_source_schemas: Object.fromEntries(Object.entries(dataSources).map(([k, b]) => [k, { version: 0, block: protoBlock(b) }])),
    diagnostics: [],
    server_capabilities: { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false },
  };
  // The provider's own configuration (google's project and region): what computed values default to.
  let providerConfig = null;
  const ctx = (typeName, config) => ({ provider: name, typeName, config, providerConfig });

  function handler(method, fn) {
    return (call, callback) => {
      const req = call.request;
      if (log) log({ provider: name, method, type: req.type_name || undefined });
      try {
        callback(null, fn(req));
      } catch (e) {
        callback(null, { diagnostics: [error(`stand-in ${name}: ${method} failed`, String(e && e.stack ? e.stack : e))] });
      }
    };
  }
  function resourceSchema(typeName) {
    const b = resources[typeName];
    if (!b) throw new Error(`no resource type ${typeName} in the ${name} schema`);
    return b;
  }
  /** Required attributes that are null in a configuration (Terraform core checks this too). */
  function validate(block, value, where) {
    const diags = [];
    if (!value || value === V.UNKNOWN) return diags;
    for (const [k, a] of Object.entries(block.attributes)) {
      if (a.required && value[k] === null) diags.push(error(`Missing required argument`, `${where}: "${k}" is required`));
    }
    for (const [k, nb] of Object.entries(block.blocks)) {
      const v = value[k];
      if (v && v !== V.UNKNOWN && Array.isArray(v) && nb.minItems && v.length < nb.minItems) diags.push(error('Insufficient blocks', `${where}: at least ${nb.minItems} "${k}" block required`));
      if (v && v !== V.UNKNOWN && Array.isArray(v) && nb.maxItems && v.length > nb.maxItems) diags.push(error('Too many blocks', `${where}: at most ${nb.maxItems} "${k}" block allowed`));
    }
    return diags;
  }

  return {
    GetMetadata: handler('GetMetadata', () => ({
      server_capabilities: schemaResponse.server_capabilities,
      diagnostics: [],
      resources: Object.keys(resources).map((type_name) => ({ type_name })),
      data_sources: Object.keys(dataSources).map((type_name) => ({ type_name })),
    })),
    GetProviderSchema: handler('GetProviderSchema', () => schemaResponse),
    GetFunctions: handler('GetFunctions', () => ({ functions: {}, diagnostics: [] })),
    ValidateProviderConfig: handler('ValidateProviderConfig', (req) => ({ diagnostics: validate(schema.provider, V.decodeDynamic(req.config), `provider "${name}"`) })),
    ConfigureProvider: handler('ConfigureProvider', (req) => {
      providerConfig = V.decodeDynamic(req.config);
      return { diagnostics: [] };
    }),
    ValidateResourceConfig: handler('ValidateResourceConfig', (req) => ({ diagnostics: validate(resourceSchema(req.type_name), V.decodeDynamic(req.config), req.type_name) })),
    ValidateDataResourceConfig: handler('ValidateDataResourceConfig', (req) => {
      const b = dataSources[req.type_name];
      if (!b) return { diagnostics: [error(`no data source ${req.type_name} in the ${name} schema`)] };
      return { diagnostics: validate(b, V.decodeDynamic(req.config), `data.${req.type_name}`) };
    }),
    UpgradeResourceState: handler('UpgradeResourceState', (req) => {
      const block = resourceSchema(req.type_name);
      const raw = req.raw_state && req.raw_state.json && req.raw_state.json.length ? JSON.parse(Buffer.from(req.raw_state.json).toString('utf8')) : null;
      const state = V.emptyBlocks(block, V.conform(raw, V.blockType(block)));
      return { upgraded_state: V.encodeDynamic(state), diagnostics: [] };
    }),
    ReadResource: handler('ReadResource', (req) => ({ new_state: V.encodeDynamic(V.decodeDynamic(req.current_state)), diagnostics: [], private: req.private })),
    PlanResourceChange: handler('PlanResourceChange', (req) => {
      const block = resourceSchema(req.type_name);
      const proposed = V.decodeDynamic(req.proposed_new_state);
      if (proposed === null) return { planned_state: V.encodeDynamic(null), requires_replace: [], diagnostics: [] };
      const diags = validate(block, proposed, req.type_name);
      const planned = V.planBlock(block, proposed, V.decodeDynamic(req.prior_state));
      // The bindings carry no ForceNew: a stand-in never asks for a replacement (README.md).
      return { planned_state: V.encodeDynamic(planned), requires_replace: [], planned_private: req.prior_private, diagnostics: diags, legacy_type_system: V.hasComputedBlocks(block) };
    }),
    ApplyResourceChange: handler('ApplyResourceChange', (req) => {
      const block = resourceSchema(req.type_name);
      const planned = V.decodeDynamic(req.planned_state);
      if (planned === null) return { new_state: V.encodeDynamic(null), diagnostics: [] };
      const state = V.fill(V.echoComputed(req.type_name, planned), V.blockType(block), '', ctx(req.type_name, { ...planned }));
      return { new_state: V.encodeDynamic(state), private: req.planned_private, diagnostics: [], legacy_type_system: V.hasComputedBlocks(block) };
    }),
    ImportResourceState: handler('ImportResourceState', (req) => {
      const block = resourceSchema(req.type_name);
      const state = V.emptyBlocks(block, V.conform({ id: req.id }, V.blockType(block)));
      return { imported_resources: [{ type_name: req.type_name, state: V.encodeDynamic(state) }], diagnostics: [] };
    }),
    ReadDataSource: handler('ReadDataSource', (req) => {
      const block = dataSources[req.type_name];
      if (!block) return { diagnostics: [error(`no data source ${req.type_name} in the ${name} schema`)] };
      const config = V.decodeDynamic(req.config);
      const seed = `${req.type_name}:${Buffer.from(req.config.msgpack || req.config.json || '').toString('base64')}`;
      const state = V.withSeed(seed, () => V.fill(V.planBlock(block, config), V.blockType(block), '', ctx(req.type_name, config)));
      return { state: V.encodeDynamic(state), diagnostics: [] };
    }),
    StopProvider: handler('StopProvider', () => ({ Error: '' })),
  };
}

/**
 * The service definition with GetProviderSchema's response encoded once per provider: Terraform
 * asks for the schema in every command (init, plan, apply, show, output), and encoding google's
 * or aws's (1.3-1.6 MB of protobuf) takes 0.3-2 s of CPU each time on a loaded 2-core machine.
 */
function serviceWithCachedSchema(service) {
  const m = service.GetProviderSchema;
  const encoded = new WeakMap();
  const responseSerialize = (res) => {
    if (!encoded.has(res)) encoded.set(res, m.responseSerialize(res));
    return encoded.get(res);
  };
  return { ...service, GetProviderSchema: { ...m, responseSerialize } };
}

/**
 * Starts the stand-ins for the given providers on unix sockets in socketDir; resolves to
 * { reattach (the TF_REATTACH_PROVIDERS object), close() }.
 */
async function startStandIns(socketDir, providers = PROVIDERS, options = {}) {
  const proto = loadProto();
  const logFile = options.logFile;
  const log = logFile ? (entry) => fs.appendFileSync(logFile, JSON.stringify(entry) + '\n') : null;
  const servers = [];
  const reattach = {};
  fs.mkdirSync(socketDir, { recursive: true });
  for (const name of providers) {
    const schema = loadProvider(name, options.nodeModules);
    const server = new grpc.Server();
    server.addService(serviceWithCachedSchema(proto.Provider.service), providerHandlers(name, schema, log));
    const sock = path.join(socketDir, `${name}.sock`);
    fs.rmSync(sock, { force: true });
    await new Promise((resolve, reject) => server.bindAsync(`unix:${sock}`, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve())));
    servers.push(server);
    reattach[schema.source] = { Protocol: 'grpc', ProtocolVersion: 6, Pid: process.pid, Test: true, Addr: { Network: 'unix', String: sock } };
  }
  return {
    reattach,
    close: () => Promise.all(servers.map((s) => new Promise((resolve) => s.tryShutdown(() => resolve())))),
  };
}

module.exports = { startStandIns, providerHandlers, protoBlock, loadProto };

if (require.main === module) {
  const [socketDir, list] = process.argv.slice(2);
  if (!socketDir) {
    console.error('usage: server.js <socket-dir> [aws,google,azurerm,kubernetes,helm,random]');
    process.exit(2);
  }
  const providers = list ? list.split(',') : PROVIDERS;
  startStandIns(socketDir, providers, { logFile: process.env.STAND_IN_LOG }).then(({ reattach, close }) => {
    process.stdout.write(JSON.stringify(reattach) + '\n');
    const stop = () => close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.stdin.on('end', stop);
    process.stdin.resume();
  }, (e) => {
    console.error(e);
    process.exit(1);
  });
}
