/** Runs once after every test file (jest.config.js `globalTeardown`): removes the run's scratch root (global-setup.ts). */
import { rmSync } from 'fs';

export default function globalTeardown(): void {
  const root = process.env.LANGSMITH_TEST_ROOT;
  if (root) rmSync(root, { recursive: true, force: true });
}
