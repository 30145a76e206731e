/**
 * The one error type of Kabinet, shared by server and client.
 * Every failure the server answers with is an AppError; its code picks the HTTP status in one place.
 */

/** Every error code the API can answer with. The HTTP status of each lives in {@link appErrorStatus}. */
export type AppErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'access_revoked'
  | 'not_found'
  | 'last_owner'
  | 'already_member'
  | 'invitation_expired'
  | 'document_refused'
  | 'payload_too_large'
  | 'validation_failed'
  | 'protocol_outdated'
  | 'rate_limited'
  | 'internal';

/** Thrown when an exhaustive switch meets a value its type says cannot exist. */
export function assertUnreachable(value: never): never {
  throw new Error(`Unreachable value: ${JSON.stringify(value)}`);
}

/**
 * HTTP status for each {@link AppErrorCode}.
 * 404 is used both for "does not exist" and "not a member" so a clinic's existence never leaks (DESIGN.md).
 */
export function appErrorStatus(code: AppErrorCode): 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 426 | 429 | 500 {
  switch (code) {
    case 'bad_request':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
    case 'document_refused':
    case 'access_revoked':
      return 403;
    case 'last_owner':
    case 'already_member':
      return 409;
    case 'invitation_expired':
      return 410;
    case 'not_found':
      return 404;
    case 'payload_too_large':
      return 413;
    case 'validation_failed':
      return 422;
    case 'protocol_outdated':
      return 426;
    case 'rate_limited':
      return 429;
    case 'internal':
      return 500;
    default:
      return assertUnreachable(code);
  }
}

/** The JSON body of every error response: `{error: {code, message, field?}}`. */
export interface AppErrorBody {
  error: { code: AppErrorCode; message: string; field?: string };
}

/** An expected failure with a code from {@link AppErrorCode}; `field` names the offending input field, if any. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field: string | undefined;

  constructor(code: AppErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }

  toBody(): AppErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}
