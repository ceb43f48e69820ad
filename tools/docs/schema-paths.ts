import { z } from 'zod';
import { deploymentSchema } from '../../stacks/config';

/**
 * Every field path of a deployment entry (`clickhouse.type`, `backend.bucket`, ...), read
 * from the schema itself. The README's field reference is checked against this list by a
 * test, so the docs cannot drift from what the loader accepts.
 */
export function deploymentFieldPaths(): string[] {
  const out = new Set<string>();
  walk(deploymentSchema, '', out);
  return [...out].sort();
}

function unwrap(s: any): any {
  while (s && ['default', 'prefault', 'optional', 'nullable'].includes(s._zod?.def?.type)) s = s._zod.def.innerType;
  return s;
}

function walk(schema: z.ZodTypeAny, prefix: string, out: Set<string>): void {
  const s = unwrap(schema);
  const type = s?._zod?.def?.type;
  if (type === 'object') {
    for (const [k, child] of Object.entries(s._zod.def.shape)) {
      const path = prefix ? `${prefix}.${k}` : k;
      const inner = unwrap(child);
      const t = inner?._zod?.def?.type;
      if (t === 'object' || t === 'union') walk(inner, path, out);
      else out.add(path);
    }
  } else if (type === 'union') {
    for (const option of s._zod.def.options) walk(option, prefix, out);
  } else {
    out.add(prefix);
  }
}
