// Errors a user can cause. The web turns them into a 4xx page or fragment, the CLI into a line on
// stderr and a non-zero exit; either way the transaction they interrupt leaves the database as it was.

export class InputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 413 | 415 | 422 = 400,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export class NotFoundError extends InputError {
  constructor(message: string) {
    super(message, 404);
    this.name = 'NotFoundError';
  }
}
