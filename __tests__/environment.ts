/**
 * The test environment (jest.config.js `testEnvironment`): jest's node environment, with one
 * change to how stack traces are rendered inside a test file.
 *
 * cdktf records where every token was created (`creationStack`, cdktf/lib/tokens/private/
 * stack-trace.js, and constructs' metadata traces likewise): it calls `Error.captureStackTrace`
 * on a plain object `{ stack: '' }` with no depth limit and reads `.stack` at once, for every
 * attribute reference, Lazy and Fn call, thousands per synth. Under jest each of those traces
 * went through jest's source-mapping formatter (@jest/source-map: every frame cloned and looked
 * up in the source map of its file, including the inline maps of cdktf's own files), which was
 * about two thirds of the CPU of a test file that synthesizes a deployment (cpuprofile of
 * secret-hygiene.test.ts: 6.0 s of 9.3 s).
 *
 * Here those plain-object traces are rendered as Node renders them outside jest (the same
 * strings as in a real `npm run synth`), while every Error (a failing assertion, a thrown
 * ConfigurationError, anything a test prints) still goes through jest's formatter, with
 * source-mapped positions.
 */
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';

/** Node's own rendering (lib/internal/errors.js defaultPrepareStackTrace). */
function plainStack(error: object, frames: NodeJS.CallSite[]): string {
  const head = Error.prototype.toString.call(error);
  return frames.length === 0 ? head : `${head}\n    at ${frames.join('\n    at ')}`;
}

export default class LangSmithTestEnvironment extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const ContextError = this.global.Error as ErrorConstructor;
    // Node asks the Error of the realm that created the object first (maybeOverridePrepareStackTrace),
    // then the worker's, where jest has installed its formatter: errors go on to that one.
    ContextError.prepareStackTrace = (error: unknown, frames: NodeJS.CallSite[]): unknown => {
      if (error instanceof ContextError || error instanceof Error) {
        const jestFormatter = Error.prepareStackTrace;
        return jestFormatter ? jestFormatter(error as Error, frames) : plainStack(error as object, frames);
      }
      return plainStack(error as object, frames);
    };
  }
}
