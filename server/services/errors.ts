// Errors a user can cause. The web turns them into a 4xx page or fragment, the CLI into a line on
// stderr and a non-zero exit; either way the transaction they interrupt leaves the database as it was.

/** An i18next key (in the 'translation' namespace unless prefixed 'ns:') and its parameters. */
export interface MessageKey {
  key: string;
  params?: Record<string, string | number>;
  /** A message said inside this one, as its {{reason}} ("Concept 'x': <reason>"). */
  inner?: MessageKey;
}

export class InputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 = 400,
    readonly field?: string,
    /** Lets the web interface say the message in the user's language; `message` is the English text. */
    readonly translation?: MessageKey,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** A size limit as people read it: '512 bytes', '2 KB', '10 MB' (binary units, as the decoder reports them). */
export { formatByteSize } from '../text/byte-size.ts';

/** A request or command the acting user's role does not allow (or that needs a user signed in). */
export class AccessDeniedError extends InputError {
  constructor(message: string, translation: MessageKey, status: 401 | 403 = 403) {
    super(message, status, undefined, translation);
    this.name = 'AccessDeniedError';
  }
}

export class NotFoundError extends InputError {
  constructor(message: string, translation?: MessageKey) {
    super(message, 404, undefined, translation);
    this.name = 'NotFoundError';
  }
}
