/** Request validation with the shared zod schemas; a failure is AppError `validation_failed` (422) naming the field. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { AppError } from '../../shared/src/errors.js';

/** `zValidator` whose failure throws an AppError naming the first invalid field. */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') || target;
      throw new AppError('validation_failed', `${field}: ${issue?.message ?? 'invalid'}`, field);
    }
  });
}
