import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import { PASSWORD_MAX_LENGTH } from '../domain/password-policy.ts';

/**
 * Password hashing with scrypt (built into Node, memory-hard, OWASP-recommended parameters).
 * Stored as "scrypt$N$r$p$salt$hash" so parameters can be raised later without breaking
 * existing accounts.
 */
const DEFAULT_PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: typeof DEFAULT_PARAMS): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, DEFAULT_PARAMS);
  const { N, r, p } = DEFAULT_PARAMS;
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** A message on every verification, decoys included: lets tests count the hashing work done. */
export const passwordVerifications = channel('jiangxin:password-verify');

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  // No stored password is longer (setup refuses them), and hashing 1 MB of input is a lever.
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  passwordVerifications.publish(null);
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), {
    N: Number(N),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A real hash of a random password, so a login for an unknown username costs as much time as
 * one for a known username and does not reveal which usernames exist.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}
