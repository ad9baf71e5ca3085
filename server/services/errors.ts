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
    readonly status: 400 | 403 | 404 | 409 | 413 | 415 | 422 = 400,
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

export class NotFoundError extends InputError {
  constructor(message: string, translation?: MessageKey) {
    super(message, 404, undefined, translation);
    this.name = 'NotFoundError';
  }
}
