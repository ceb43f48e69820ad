/**
 * What the stand-ins plan and apply for the Azure rehearsal, over a real gRPC connection: an
 * optional+computed block (AKS kubelet_identity) planned unknown and filled at apply under
 * Terraform's legacy type system, kept from the prior state on the next plan; ARM resource ids
 * built from the configuration; Entra GUIDs; random results with the configured length and
 * characters; the provider schema encoded once and answered identically.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import { decode, encode, ExtData } from '@msgpack/msgpack';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadProvider } = require('../schema');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startStandIns, loadProto } = require('../server');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const V = require('../values');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';

type Obj = Record<string, any>;
const mp = (v: unknown) => ({ msgpack: Buffer.from(encode(v)) });
const unmp = (dv: { msgpack: Buffer }) => decode(dv.msgpack) as Obj;

describe('azurerm and random stand-ins over gRPC', () => {
  let dir: string;
  let close: () => Promise<void>;
  const clients: Record<string, any> = {};
  const call = (provider: string, method: string, req: unknown) =>
    new Promise<any>((resolve, reject) => clients[provider][method](req, (err: Error | null, res: any) => (err ? reject(err) : resolve(res))));
  const schemas: Record<string, any> = {};
  /** A full configuration object of a resource type: the given values, every other attribute null, blocks empty. */
  const object = (provider: string, type: string, values: Obj) => {
    const block = schemas[provider].resources[type];
    return V.emptyBlocks(block, V.conform(values, V.blockType(block)));
  };
  const plan = (provider: string, type: string, prior: Obj | null, proposed: Obj) =>
    call(provider, 'PlanResourceChange', { type_name: type, prior_state: mp(prior), proposed_new_state: mp(proposed), config: mp(proposed) });
  const apply = async (provider: string, type: string, config: Obj) => {
    const p = await plan(provider, type, null, config);
    const a = await call(provider, 'ApplyResourceChange', { type_name: type, prior_state: mp(null), planned_state: p.planned_state, config: mp(config) });
    expect(a.diagnostics).toEqual([]);
    return unmp(a.new_state);
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rh-values-'));
    const s = await startStandIns(path.join(dir, 's'), ['azurerm', 'random']);
    close = s.close;
    const Provider = loadProto().Provider;
    for (const p of ['azurerm', 'random']) {
      schemas[p] = loadProvider(p);
      clients[p] = new Provider(`unix:${s.reattach[`registry.terraform.io/hashicorp/${p}`].Addr.String}`, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': -1 });
    }
  });
  afterAll(async () => {
    for (const c of Object.values(clients)) c.close();
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the provider schema is answered identically every time (encoded once)', async () => {
    const a = await call('random', 'GetProviderSchema', {});
    const b = await call('random', 'GetProviderSchema', {});
    expect(b).toEqual(a);
    expect(Object.keys(a.resource_schemas)).toContain('random_string');
  });

  test('AKS kubelet_identity: optional+computed, unknown at create, filled at apply, kept on the next plan', async () => {
    const aks = schemas.azurerm.resources.azurerm_kubernetes_cluster;
    expect(aks.blocks.kubelet_identity).toMatchObject({ nesting: 'list', minItems: 0, maxItems: 1, computed: true });
    const config = object('azurerm', 'azurerm_kubernetes_cluster', {
      name: 'acme-aks', location: 'swedencentral', resource_group_name: 'acme-rg', dns_prefix: 'acme',
      default_node_pool: [{ name: 'system', vm_size: 'Standard_D4s_v5' }],
    });
    config.default_node_pool = [V.conform(config.default_node_pool[0], V.blockType(aks.blocks.default_node_pool.block))];

    const created = await plan('azurerm', 'azurerm_kubernetes_cluster', null, config);
    expect(created.diagnostics).toEqual([]);
    // An SDKv2 provider: Terraform tolerates a planned block the configuration does not have.
    expect(created.legacy_type_system).toBe(true);
    const planned = unmp(created.planned_state);
    expect(planned.kubelet_identity).toBeInstanceOf(ExtData);

    const state = await apply('azurerm', 'azurerm_kubernetes_cluster', config);
    expect(state.kubelet_identity).toHaveLength(1);
    expect(state.kubelet_identity[0].object_id).toMatch(GUID);
    expect(state.kubelet_identity[0].client_id).toMatch(GUID);
    expect(state.id).toBe(`${SUB}/resourceGroups/acme-rg/providers/Microsoft.ContainerService/managedClusters/acme-aks`);
    const kube = state.kube_config[0];
    expect(kube.host).toMatch(/^https:\/\//);
    expect(Buffer.from(kube.cluster_ca_certificate, 'base64').toString()).toMatch(/^-----BEGIN CERTIFICATE-----\n/);

    // The next plan: Terraform proposes the configuration's (no block); the stand-in keeps the state's.
    const again = await plan('azurerm', 'azurerm_kubernetes_cluster', state, { ...state, kubelet_identity: [] });
    expect(unmp(again.planned_state).kubelet_identity).toEqual(state.kubelet_identity);
  });

  test('a resource without optional+computed blocks answers with the current type system', async () => {
    const rg = object('azurerm', 'azurerm_resource_group', { name: 'acme-rg', location: 'swedencentral' });
    expect((await plan('azurerm', 'azurerm_resource_group', null, rg)).legacy_type_system).toBe(false);
    expect((await apply('azurerm', 'azurerm_resource_group', rg)).id).toBe(`${SUB}/resourceGroups/acme-rg`);
  });

  test('ARM ids: a child under its parent, an extension under its scope, a Key Vault key as its versioned URL', async () => {
    const subnet = await apply('azurerm', 'azurerm_subnet', object('azurerm', 'azurerm_subnet', { name: 'nodes', resource_group_name: 'acme-rg', virtual_network_name: 'acme-vnet', address_prefixes: ['10.0.0.0/22'] }));
    expect(subnet.id).toBe(`${SUB}/resourceGroups/acme-rg/providers/Microsoft.Network/virtualNetworks/acme-vnet/subnets/nodes`);
    const scope = `${SUB}/resourceGroups/acme-rg/providers/Microsoft.ContainerService/managedClusters/acme-aks`;
    const grant = await apply('azurerm', 'azurerm_role_assignment', object('azurerm', 'azurerm_role_assignment', { scope, principal_id: '6bb4ea55-d774-45a7-ade2-9d9991c4c941', role_definition_name: 'Reader' }));
    expect(grant.id).toMatch(new RegExp(`^${scope}/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`));
    const key = await apply('azurerm', 'azurerm_key_vault_key', object('azurerm', 'azurerm_key_vault_key', { name: 'aks-secrets', key_vault_id: `${SUB}/resourceGroups/acme-rg/providers/Microsoft.KeyVault/vaults/acme-kv`, key_type: 'RSA', key_opts: ['wrapKey'] }));
    expect(key.id).toMatch(/^https:\/\/acme-kv\.vault\.azure\.net\/keys\/aks-secrets\/[0-9a-f]{32}$/);
  });

  test('random_string: the configured length and character classes', async () => {
    for (let i = 0; i < 5; i++) {
      const s = await apply('random', 'random_string', object('random', 'random_string', { length: 6, special: false, upper: false }));
      expect(s.result).toMatch(/^[a-z0-9]{6}$/);
    }
    const pw = await apply('random', 'random_password', object('random', 'random_password', { length: 32, override_special: '-_' }));
    expect(pw.result).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
