// Password hashes with scrypt, the memory-hard KDF built into Node (node:crypto, OpenSSL's
// implementation: maintained, no native module to build). Parameters default to OWASP's minimum for
// scrypt (N = 2^17, r = 8, p = 1: 128 MiB and a few hundred milliseconds per hash) and travel inside
// the stored string, so a hash made with other parameters still verifies and can be upgraded at the
// next sign-in. Hashing runs on libuv's thread pool: the event loop is not held.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  logN: number;
  r: number;
  p: number;
}

const keyLength = 32;
const saltLength = 16;

function derive(password: string, salt: Buffer, params: ScryptParameters): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r * params.p + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function defaultParameters(logN: number): ScryptParameters {
  return { logN, r: 8, p: 1 };
}

/** '$scrypt$ln=17,r=8,p=1$<salt base64>$<hash base64>' */
export async function hashPassword(password: string, params: ScryptParameters): Promise<string> {
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const hashPattern = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

export function parametersOf(hash: string): ScryptParameters | null {
  const m = hashPattern.exec(hash);
  return m ? { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) } : null;
}

/** True when `password` is the one `hash` was made from; a malformed hash verifies nothing. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const m = hashPattern.exec(hash);
  if (!m) return false;
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.logN < 10 || params.logN > 22 || params.r < 1 || params.p < 1) return false;
  const expected = Buffer.from(m[5], 'base64');
  const key = await derive(password, Buffer.from(m[4], 'base64'), params);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Spends the time of one verification, for unknown names, so timing does not tell which names exist. */
export async function verifyNothing(password: string, params: ScryptParameters): Promise<false> {
  await derive(password, Buffer.alloc(saltLength), params);
  return false;
}

export const minPasswordLength = 10;
export const maxPasswordLength = 256;
