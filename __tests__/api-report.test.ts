import { readFileSync } from 'fs';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { apiReport, exportsOf, ENTRY_POINTS, REPORT } = require('../tools/api/api-report.js');

/**
 * The public API is an explicit, checked list: api/cdktf-langsmith.api.txt names everything each
 * entry point exports. Changing the surface means editing an entry point and that file together
 * (`npm run api`), on purpose.
 */
describe('public API report', () => {
  test('api/cdktf-langsmith.api.txt is what the entry points export (run `npm run api` after a deliberate change)', () => {
    expect(apiReport()).toBe(readFileSync(REPORT, 'utf8'));
  });

  test.each(Object.entries(ENTRY_POINTS) as [string, string][])('%s exports at run time exactly the values of the report', (_entry, file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtime = Object.keys(require(join('..', file))).filter((k) => k !== '__esModule').sort();
    const listed = (exportsOf(file) as [string, string][]).filter(([, kind]) => kind === 'value').map(([n]) => n).sort();
    expect(runtime).toEqual(listed);
  });

  test('internals, duplicates and removed machinery are not public', () => {
    const all = readFileSync(REPORT, 'utf8');
    for (const name of ['StackView', 'isHarmlessLiteral', 'refersTo', 'isComputed', 'BLOB_COMPONENTS', 'ResolveOnceStack', 'READ_ONLY_ASPECT', 'checkAllowList', 'ClickHousePrivateLink']) {
      expect(all).not.toMatch(new RegExp(`^(value|type) ${name}$`, 'm'));
    }
    expect(all).toMatch(/^value AzureClickHousePrivateLink$/m);
  });

  test('the root entry point loads no cloud: it is core and k8s only', () => {
    expect(readFileSync(join(__dirname, '..', 'lib', 'index.ts'), 'utf8').split('\n').filter((l) => l.startsWith('export'))).toEqual(["export * from './core';", "export * from './k8s';"]);
  });
});
