/**
 * An error the emulator answers with, as CloudTrail does over JSON 1.1:
 * HTTP 400 (or the given status) with a body `{"__type": "<ExceptionName>", "message": "..."}`.
 * The SDK maps `__type` to its exception class, so `instanceof TrailNotFoundException` works.
 */
export class CloudTrailError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/** Shorthand for the most common rejection: AWS answers bad arguments with InvalidParameterException. */
export function invalidParameter(message: string): CloudTrailError {
  return new CloudTrailError('InvalidParameterException', message);
}
