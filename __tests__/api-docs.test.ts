import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

const libDir = join(__dirname, '..', 'lib');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * Every optional field of every exported `...Props` interface carries JSDoc with a
 * `@default`, and every required one carries JSDoc: the package's .d.ts is what users read.
 */
describe('public API docs', () => {
  const problems: string[] = [];
  for (const file of tsFiles(libDir)) {
    const src = readFileSync(file, 'utf8');
    const re = /export interface (\w+Props)\b[^{]*\{([\s\S]*?)\n\}/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(src))) {
      const body = m[2];
      const lines = body.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const field = /^\s{2}readonly (\w+)(\??):/.exec(lines[i]);
        if (!field) continue;
        // The JSDoc block right above the field.
        let j = i - 1;
        const doc: string[] = [];
        while (j >= 0 && /^\s*(\/\*\*|\*|\*\/)/.test(lines[j]) || (j >= 0 && /\*\//.test(lines[j]))) {
          doc.unshift(lines[j]);
          if (/\/\*\*/.test(lines[j])) break;
          j--;
        }
        const text = doc.join('\n');
        const where = `${relative(libDir, file)} ${m[1]}.${field[1]}`;
        if (!text.includes('/**')) problems.push(`${where}: no JSDoc`);
        else if (field[2] === '?' && !text.includes('@default')) problems.push(`${where}: optional without @default`);
      }
    }
  }

  test('every Props field is documented, optional ones with @default', () => {
    expect(problems).toEqual([]);
  });
});
