import { IConstruct } from 'constructs';

/**
 * The one error class for configuration mistakes, in a deployments file or in a
 * construct's props. Its message always names where (deployment or construct path),
 * the field, the bad value and what is allowed, so a user can fix it without reading
 * a stack trace.
 */
export class ConfigurationError extends Error {
  /** Where the mistake is: a construct path or `deployments[i] (name)`. */
  public readonly where: string;
  /** The field path, e.g. `clickhouse.connectivity`. */
  public readonly field: string;
  /** The value that was given. */
  public readonly value: unknown;
  /** What is allowed instead. */
  public readonly allowed: string;

  constructor(where: string, field: string, value: unknown, allowed: string) {
    super(`${where}: field '${field}' ${describeValue(value)}; ${allowed}`);
    this.name = 'ConfigurationError';
    this.where = where;
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }

  /** A configuration error raised by a construct, naming its construct path. */
  public static forConstruct(scope: IConstruct, field: string, value: unknown, allowed: string): ConfigurationError {
    return new ConfigurationError(scope.node.path, field, value, allowed);
  }
}

/**
 * Stands in for a value an error message must not print (a secret-looking or unknown field):
 * the message says the field is set, never what it holds.
 */
export const HIDDEN_VALUE: unique symbol = Symbol.for('cdktf-langsmith/hidden-value');

/** Renders a value for an error message: short, quoted, never multi-line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'is missing';
  if (value === HIDDEN_VALUE) return 'is set (value not shown)';
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length > 80) text = `${text.slice(0, 77)}...`;
  return `has value ${text}`;
}
