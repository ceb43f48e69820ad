'use strict';
// Provider schemas read from our own provider bindings (@cdktf/provider-*), the same schemas
// those bindings were generated from. Each binding's lib/<name>/index.js holds, per resource,
// data source and provider configuration:
//   - `<Class>.tfResourceType = "aws_eks_cluster"` and the base class (resource, data source,
//     provider);
//   - `synthesizeHclAttributes()` with every configurable attribute: its Terraform name, block
//     or attribute, kind (simple / list / set / map / struct) and element type;
//   - `// name - computed: true, optional: false, required: false` before every computed-only
//     attribute, with its getter (getStringAttribute, getListAttribute, a generated List class)
//     telling its type;
//   - a `reset<Name>()` method for every optional attribute (none for a required one).
// The bindings do not say which optional attributes are also computed, which are sensitive,
// or which force a replacement; see README.md for what the stand-ins do about each.
//
// A schema is { block: Block } with Block = { attributes: {name: Attr}, blocks: {name: NestedBlock} },
// Attr = { type, required, optional, computed }, NestedBlock = { nesting: 'single'|'list'|'set'|'map',
// minItems, maxItems, block }. `type` is the cty type in Terraform's JSON type notation.
const fs = require('fs');
const path = require('path');

const PROVIDERS = ['aws', 'google', 'azurerm', 'kubernetes', 'helm', 'random'];

/** Splits a generated module into its top-level functions and classes (they start at column 0). */
function topLevel(src) {
  const fns = new Map();
  const classes = new Map();
  const re = /^(function|class) ([A-Za-z0-9_$]+)/gm;
  const starts = [];
  let m;
  while ((m = re.exec(src))) starts.push({ kind: m[1], name: m[2], at: m.index });
  starts.forEach((s, i) => {
    const body = src.slice(s.at, i + 1 < starts.length ? starts[i + 1].at : src.length);
    (s.kind === 'function' ? fns : classes).set(s.name, body);
  });
  return { fns, classes };
}

const ATTR_ENTRY = /^\s+"?([A-Za-z0-9_]+)"?: \{\n\s+value: (.*),\n\s+isBlock: (true|false),\n\s+type: "(\w+)",\n\s+storageClassType: "(\w+)",\n\s+\},?$/gm;
const PRIM = { string: 'string', number: 'number', boolean: 'bool', any: 'dynamic' };

/**
 * `stringMapList` with outer kind `set` -> ["set", ["map", "string"]]. cdktf's generator renders
 * Terraform's `dynamic` as a map of `any` (provider-generator resource-parser.js,
 * renderAttributeType): `anyMap` is `dynamic`, `anyMapList` is ["list", "dynamic"].
 */
function collectionType(storage, kind) {
  const m = /^(string|number|boolean|any)((?:List|Map)*)$/.exec(storage);
  if (!m) throw new Error(`unknown storage class ${storage}`);
  let t = PRIM[m[1]];
  const wrappers = m[2].match(/List|Map/g) || [];
  if (m[1] === 'any' && wrappers[0] === 'Map') wrappers.shift();
  if (wrappers.length === 0) return t;
  wrappers.forEach((w, i) => {
    const outer = i === wrappers.length - 1;
    if (w === 'Map') t = ['map', t];
    else t = [outer && kind === 'set' ? 'set' : 'list', t];
  });
  return t;
}

const GETTER_TYPES = {
  getStringAttribute: 'string',
  getNumberAttribute: 'number',
  getBooleanAttribute: 'bool',
  getListAttribute: ['list', 'string'],
  getNumberListAttribute: ['list', 'number'],
  getStringMapAttribute: ['map', 'string'],
  getNumberMapAttribute: ['map', 'number'],
  getBooleanMapAttribute: ['map', 'bool'],
  getAnyMapAttribute: 'dynamic', // Terraform's dynamic, rendered by cdktf as a map of any (collectionType)
  interpolationForAttribute: 'dynamic',
};
const CDKTF_MAPS = {
  StringMap: ['map', 'string'], NumberMap: ['map', 'number'], BooleanMap: ['map', 'bool'], AnyMap: 'dynamic',
  StringListMap: ['map', ['list', 'string']], NumberListMap: ['map', ['list', 'number']],
  BooleanListMap: ['map', ['list', 'bool']], AnyListMap: ['map', ['list', 'dynamic']],
  StringMapList: ['list', ['map', 'string']], NumberMapList: ['list', ['map', 'number']],
  BooleanMapList: ['list', ['map', 'bool']], AnyMapList: ['list', 'dynamic'],
};

class ModuleReader {
  constructor(src, file) {
    this.src = src;
    this.file = file;
    const { fns, classes } = topLevel(src);
    this.fns = fns;
    this.classes = classes;
  }

  /** The block described by an attrs object (`synthesizeHclAttributes` or a `<x>ToHclTerraform` function). */
  blockFrom(attrsSource, ownerClass, inSet) {
    const block = { attributes: {}, blocks: {} };
    const cls = ownerClass ? this.classes.get(ownerClass) || '' : '';
    const start = attrsSource.indexOf('const attrs = {');
    const text = start >= 0 ? attrsSource.slice(start) : '';
    const entries = new RegExp(ATTR_ENTRY.source, 'gm'); // own lastIndex: blockFrom recurses
    let m;
    while ((m = entries.exec(text))) {
      const [, name, value, isBlock, kind, storage] = m;
      const fields = [...value.matchAll(/(?:this\._|struct\.)([A-Za-z0-9_$]+)/g)];
      const field = fields.length ? fields[fields.length - 1][1] : '';
      const pascal = field.charAt(0).toUpperCase() + field.slice(1);
      // Without an owner class (a struct only ever used in a list) nothing says required: optional.
      const required = cls ? !cls.includes(`reset${pascal}() {`) : false;
      if (isBlock === 'false') {
        const type = kind === 'simple' ? PRIM[storage] : collectionType(storage, kind);
        if (!type) throw new Error(`${this.file}: ${name}: unknown simple storage ${storage}`);
        block.attributes[name] = { type, required, optional: !required, computed: false };
        continue;
      }
      const fn = /([a-zA-Z0-9_$]+ToHclTerraform)\b/.exec(value.replace(/cdktf\.(listMapperHcl|hashMapperHcl)/, ''));
      if (!fn) throw new Error(`${this.file}: ${name}: no struct function in ${value}`);
      const structName = fn[1].replace(/ToHclTerraform$/, '');
      const refClass = structName.charAt(0).toUpperCase() + structName.slice(1) + 'OutputReference';
      const mapper = /cdktf\.(listMapperHcl|hashMapperHcl)/.exec(value);
      let nesting = { list: 'list', set: 'set', struct: 'single', map: 'map' }[kind];
      if (mapper && mapper[1] === 'hashMapperHcl') nesting = 'map';
      const nested = this.blockFrom(this.fns.get(fn[1]) || '', refClass, inSet || nesting === 'set');
      this.addComputed(nested, refClass);
      const minItems = required && (nesting === 'list' || nesting === 'set') ? 1 : 0;
      const maxItems = !mapper && (nesting === 'list' || nesting === 'set') ? 1 : 0;
      block.blocks[name] = { nesting, minItems, maxItems, block: nested };
    }
    return block;
  }

  /** Adds the computed-only attributes a class declares (`// x - computed: true, optional: false, required: false`). */
  addComputed(block, className) {
    const cls = this.classes.get(className);
    if (!cls) return;
    const re = /\/\/ ([A-Za-z0-9_]+) - computed: (true|false), optional: (true|false), required: (true|false)\n\s*(.*)\n(?=(.*)\n)/g; // line2 is lookahead: entries follow each other
    let m;
    while ((m = re.exec(cls))) {
      const [, name, computed, optional, required, line1, line2] = m;
      if (block.attributes[name] || block.blocks[name]) {
        // A configurable complex attribute: the comment also says whether it is computed.
        if (computed === 'true' && block.attributes[name]) block.attributes[name].computed = true;
        continue;
      }
      if (computed !== 'true') continue;
      const type = this.computedType(cls, line1, line2);
      if (!type) throw new Error(`${this.file}: ${className}.${name}: cannot tell the type of ${line1} ${line2}`);
      block.attributes[name] = { type, required: required === 'true', optional: optional === 'true', computed: true };
    }
  }

  computedType(cls, line1, line2) {
    // Either a getter (`get x() {` then `return ...`) or a constructor field (`this._x = new Y(this, "x", wrapsSet);`).
    let expr = line1.startsWith('get ') ? line2.trim() : line1.trim();
    const field = /return this\._([A-Za-z0-9_$]+);/.exec(expr);
    if (field) {
      const decl = new RegExp(`this\\._${field[1].replace(/\$/g, '\\$')} = (new [^;]+);`).exec(cls);
      if (!decl) return undefined;
      expr = decl[1];
    }
    const getter = /this\.(get[A-Za-z]+Attribute|interpolationForAttribute)\(/.exec(expr);
    if (getter) {
      let t = GETTER_TYPES[getter[1]];
      if (!t) return undefined;
      if (expr.includes('Fn.tolist(') && Array.isArray(t) && t[0] === 'list') t = ['set', t[1]];
      return t;
    }
    const builtin = /new cdktf\.([A-Za-z]+)\(/.exec(expr);
    if (builtin) return CDKTF_MAPS[builtin[1]];
    const gen = /new ([A-Za-z0-9_$]+?)(List|Map|OutputReference)\(this, "[^"]*"(?:, (true|false))?\)/.exec(expr);
    if (!gen) return undefined;
    const obj = this.objectType(gen[1] + 'OutputReference');
    if (gen[2] === 'List') return [gen[3] === 'true' ? 'set' : 'list', obj];
    if (gen[2] === 'Map') return ['map', obj];
    return obj;
  }

  /** The object type of a computed nested value: every attribute its OutputReference class declares. */
  objectType(className) {
    const block = { attributes: {}, blocks: {} };
    this.addComputed(block, className);
    const attrs = {};
    for (const [k, a] of Object.entries(block.attributes)) attrs[k] = a.type;
    return ['object', attrs];
  }

  /** Every resource, data source or provider class in this module. */
  schemas() {
    const out = [];
    const re = /^([A-Za-z0-9_$]+)\.tfResourceType = "([^"]+)";$/gm;
    let m;
    while ((m = re.exec(this.src))) {
      const [, className, typeName] = m;
      const cls = this.classes.get(className);
      if (!cls) continue;
      const base = /extends cdktf\.(TerraformResource|TerraformDataSource|TerraformProvider)\b/.exec(cls);
      if (!base) continue;
      const synth = cls.slice(cls.indexOf('synthesizeHclAttributes() {'));
      const block = this.blockFrom(synth, className, false);
      this.addComputed(block, className);
      out.push({ kind: { TerraformResource: 'resource', TerraformDataSource: 'data', TerraformProvider: 'provider' }[base[1]], typeName, block });
    }
    return out;
  }
}

/** The binding package of a provider (aws, google, ...) and the provider it was generated from. */
function bindingPackage(provider, nodeModules) {
  const dir = path.join(nodeModules, '@cdktf', `provider-${provider}`);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const { name: source, version: providerVersion } = pkg.cdktf.provider;
  return { dir, bindingVersion: pkg.version, source, providerVersion };
}

/**
 * One binding module's source: index.js plus, for large resources, the struct files the
 * generator split off into index-structs/ (their references lose the module prefix).
 */
function moduleSource(dir) {
  let src = fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
  const structs = path.join(dir, 'index-structs');
  if (fs.existsSync(structs)) {
    for (const f of fs.readdirSync(structs).filter((n) => /^structs\d+\.js$/.test(n)).sort()) {
      src += '\n' + fs.readFileSync(path.join(structs, f), 'utf8');
    }
  }
  return src.replace(/\b(?:index_structs_1|structs\d+_1)\./g, '');
}

/** Extracts every schema of one provider from its binding package (no cache). */
function extractProvider(provider, nodeModules) {
  const b = bindingPackage(provider, nodeModules);
  const result = { name: provider, source: b.source, providerVersion: b.providerVersion, bindingVersion: b.bindingVersion, provider: null, resources: {}, dataSources: {} };
  const libDir = path.join(b.dir, 'lib');
  for (const entry of fs.readdirSync(libDir).sort()) {
    const file = path.join(libDir, entry, 'index.js');
    if (!fs.existsSync(file)) continue;
    const reader = new ModuleReader(moduleSource(path.join(libDir, entry)), `${provider}/${entry}`);
    for (const s of reader.schemas()) {
      // Optional attributes whose value the cloud may decide are common; the bindings do not
      // mark them, so every optional attribute outside a set block is optional+computed.
      if (s.kind !== 'provider') markOptionalComputed(s.block);
      noDynamicInSets(s.block, false);
      if (s.kind === 'provider') result.provider = s.block;
      else if (s.kind === 'resource') result.resources[s.typeName] = s.block;
      else result.dataSources[s.typeName] = s.block;
    }
  }
  if (!result.provider) throw new Error(`${provider}: no provider configuration class found`);
  return result;
}

/**
 * Terraform refuses a dynamic type inside a set block. The bindings type as `any` only what the
 * generator could not express (deep nesting, e.g. aws_wafv2_web_acl rule statements); inside set
 * blocks the stand-ins declare those as strings.
 */
function noDynamicInSets(block, inSet) {
  const strip = (t) => (t === 'dynamic' ? 'string' : Array.isArray(t) ? (t[0] === 'object' ? ['object', Object.fromEntries(Object.entries(t[1]).map(([k, v]) => [k, strip(v)]))] : [t[0], strip(t[1])]) : t);
  if (inSet) for (const a of Object.values(block.attributes)) a.type = strip(a.type);
  for (const nb of Object.values(block.blocks)) noDynamicInSets(nb.block, inSet || nb.nesting === 'set');
}

function markOptionalComputed(block) {
  for (const a of Object.values(block.attributes)) if (a.optional) a.computed = true;
  for (const nb of Object.values(block.blocks)) if (nb.nesting !== 'set') markOptionalComputed(nb.block);
}

/**
 * Optional+computed nested blocks: SDKv2 providers let the cloud fill a block the configuration
 * left out (the provider plans it unknown and reports it after apply, with Terraform's legacy type
 * system tolerating the difference from the configuration). The bindings drop `computed` on blocks
 * (cdktf's generator writes `computed: false` for every block), so the stand-ins take these from
 * the providers' own schema source, resource type by resource type, as they are needed:
 * - azurerm_kubernetes_cluster.kubelet_identity: `Type: TypeList, Computed: true, Optional: true,
 *   MaxItems: 1` (hashicorp/terraform-provider-azurerm v4.55.0,
 *   internal/services/containers/kubernetes_cluster_resource.go line 628); AKS creates the kubelet
 *   identity unless one is given, and an AcrPull grant reads `kubelet_identity[0].object_id`.
 */
const COMPUTED_BLOCKS = {
  azurerm: { azurerm_kubernetes_cluster: ['kubelet_identity'] },
};

/** Marks the optional+computed blocks of COMPUTED_BLOCKS (`computed: true` on the nested block). */
function markComputedBlocks(schema) {
  for (const [type, names] of Object.entries(COMPUTED_BLOCKS[schema.name] || {})) {
    const block = schema.resources[type];
    if (!block) throw new Error(`COMPUTED_BLOCKS: no resource ${type} in the ${schema.name} schema`);
    for (const n of names) {
      const nb = block.blocks[n];
      if (!nb || nb.minItems > 0) throw new Error(`COMPUTED_BLOCKS: ${type}.${n} is not an optional block of the ${schema.name} schema`);
      nb.computed = true;
    }
  }
  return schema;
}

const CACHE_FORMAT = 1;

/**
 * The schemas of one provider, from a cache file next to node_modules' other caches when the
 * binding package has not changed since (extraction reads ~270 MB of generated JavaScript for aws).
 */
function loadProvider(provider, nodeModules = path.resolve(__dirname, '../../node_modules')) {
  const b = bindingPackage(provider, nodeModules);
  const cacheDir = path.join(nodeModules, '.cache', 'stand-in-providers');
  const selfStamp = fs.statSync(__filename).mtimeMs;
  const cacheFile = path.join(cacheDir, `${provider}-${b.bindingVersion}.json`);
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    if (cached.format === CACHE_FORMAT && cached.extractor === selfStamp) return markComputedBlocks(cached.schema);
  } catch {
    // no usable cache
  }
  const schema = extractProvider(provider, nodeModules);
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ format: CACHE_FORMAT, extractor: selfStamp, schema }));
  fs.renameSync(tmp, cacheFile);
  return markComputedBlocks(schema);
}

module.exports = { PROVIDERS, COMPUTED_BLOCKS, moduleSource, extractProvider, loadProvider, bindingPackage, ModuleReader, collectionType };
