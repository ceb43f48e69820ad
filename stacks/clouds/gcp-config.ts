import { z } from 'zod';

/**
 * The `gcp:` block of a deployment: settings only cloud: gcp has. Every field optional with a
 * documented default; unknown fields are rejected like everywhere else in the file.
 */
export const gcpConfigSchema = z.strictObject({});
