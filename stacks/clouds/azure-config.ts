import { z } from 'zod';

/**
 * The `azure:` block of a deployment: settings only cloud: azure has. Every field optional with a
 * documented default; unknown fields are rejected like everywhere else in the file.
 */
export const azureConfigSchema = z.strictObject({});
