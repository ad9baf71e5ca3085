// Local mode's user (no accounts; the server on loopback, or the CLI): the operating-system user.
import os from 'node:os';

/** The name local mode acts under: the operating-system user running the server (or the CLI). */
export function localUserName(): string {
  try {
    const name = os.userInfo().username.trim();
    return /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(name) ? name : 'local';
  } catch {
    return 'local';
  }
}
