/** Turns a failed save into `{field, message}` for the form: a zod issue names its field. */
import { ZodError } from 'zod';

export interface FormError {
  field?: string;
  message: string;
}

export function toFormError(error: unknown): FormError {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join('.');
    return { field, message: `${field}: ${issue?.message ?? ''}` };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
