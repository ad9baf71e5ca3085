// The one error every reader and writer in server/formats throws for input a user can fix: a file
// that is not what it says, markup Triptych does not import, a version that would be empty. Its
// message is written for that user; a service turns it into a 4xx answer or a CLI error line.

export class FormatInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatInputError';
  }
}
