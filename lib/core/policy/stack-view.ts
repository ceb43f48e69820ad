import { DefaultTokenResolver, StringConcat, TerraformDataSource, TerraformElement, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { PolicyContext, PolicySubject } from './rule';
import { Json, refersTo } from './values';

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Whether a construct is a block the policy reads (resource, data source, output, variable). */
export function isPolicyElement(c: IConstruct): c is TerraformElement {
  return TerraformResource.isTerraformResource(c) || TerraformDataSource.isTerraformDataSource(c)
    || TerraformOutput.isTerraformOutput(c) || c instanceof TerraformVariable;
}

/** The synthesized blocks of one element, resolved as they will appear in cdk.tf.json. */
export function subjectsOf(stack: TerraformStack, element: TerraformElement): PolicySubject[] {
  const tf = Tokenization.resolve(element.toTerraform(), { scope: stack, preparing: false, resolver: RESOLVER }) as Json;
  const out: PolicySubject[] = [];
  const strip = (config: Json): Json => {
    const { ['//']: _comment, ...rest } = config ?? {};
    return rest;
  };
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries((tf[kind] ?? {}) as Record<string, Json>)) {
      for (const [name, config] of Object.entries(byName)) {
        out.push({ kind, type, name, address: kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`, path: element.node.path, config: strip(config), construct: element });
      }
    }
  }
  for (const [name, config] of Object.entries((tf.output ?? {}) as Record<string, Json>)) {
    out.push({ kind: 'output', type: 'output', name, address: `output.${name}`, path: element.node.path, config: strip(config), construct: element });
  }
  for (const [name, config] of Object.entries((tf.variable ?? {}) as Record<string, Json>)) {
    out.push({ kind: 'variable', type: 'variable', name, address: `var.${name}`, path: element.node.path, config: strip(config), construct: element });
  }
  return out;
}

/** The subjects of a whole stack from its resolved JSON, each mapped back to its construct. */
function subjectsOfStackJson(stack: TerraformStack, tf: Json): PolicySubject[] {
  const byId = new Map<string, TerraformElement>();
  for (const e of stack.node.findAll()) if (isPolicyElement(e)) byId.set(e.friendlyUniqueId, e);
  const out: PolicySubject[] = [];
  const add = (kind: PolicySubject['kind'], type: string, name: string, address: string, config: Json) => {
    const construct = byId.get(name);
    if (!construct) return; // a block written by a raw override, not by a construct
    const { ['//']: _comment, ...rest } = config ?? {};
    out.push({ kind, type, name, address, path: construct.node.path, config: rest, construct });
  };
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries((tf[kind] ?? {}) as Record<string, Json>)) {
      for (const [name, config] of Object.entries(byName)) add(kind, type, name, kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`, config);
    }
  }
  for (const [name, config] of Object.entries((tf.output ?? {}) as Record<string, Json>)) add('output', 'output', name, `output.${name}`, config);
  for (const [name, config] of Object.entries((tf.variable ?? {}) as Record<string, Json>)) add('variable', 'variable', name, `var.${name}`, config);
  return out;
}

/** All policy subjects of a stack, indexed for rules that need facts about other blocks. */
export class StackView implements PolicyContext {
  public readonly subjects: PolicySubject[];
  private readonly byTypeIndex = new Map<string, PolicySubject[]>();
  private readonly byAddressIndex = new Map<string, PolicySubject>();

  /**
   * @param tf the stack's resolved `toTerraform()` output, when the caller has it (the aspect
   * checks the very JSON synth writes, so nothing is resolved twice); without it each element
   * is resolved here.
   */
  constructor(public readonly stack: TerraformStack, tf?: Json) {
    this.subjects = tf ? subjectsOfStackJson(stack, tf) : stack.node.findAll().filter(isPolicyElement).flatMap((e) => subjectsOf(stack, e));
    for (const s of this.subjects) {
      const list = this.byTypeIndex.get(s.type) ?? [];
      list.push(s);
      this.byTypeIndex.set(s.type, list);
      this.byAddressIndex.set(s.address, s);
    }
  }

  public ofType(type: string): PolicySubject[] {
    return this.byTypeIndex.get(type) ?? [];
  }

  public byAddress(address: string): PolicySubject | undefined {
    return this.byAddressIndex.get(address);
  }

  public referencing(type: string, target: PolicySubject): PolicySubject[] {
    return this.ofType(type).filter((s) => s !== target && refersTo(s.config, target.address));
  }
}
