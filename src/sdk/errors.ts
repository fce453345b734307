/** An error answered by the server, with the catalogue code (docs/errors.md). */
export class ModelryApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ModelryApiError';
  }
}
