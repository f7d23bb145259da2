import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import { PASSWORD_MAX_LENGTH } from '../domain/password-policy.ts';

/**
 * Password hashing with scrypt (built into Node, memory-hard, OWASP-recommended parameters).
 * Stored as "scrypt$N$r$p$salt$hash" so parameters can be raised later without breaking
 * existing accounts.
 */
const KEY_LENGTH = 32;

/** scrypt's cost as log2 N: 15 (32 MB, OWASP's minimum for scrypt) unless PASSWORD_HASH_COST says otherwise. */
export const DEFAULT_HASH_COST = 15;

/**
 * The cost for new hashes, from PASSWORD_HASH_COST (10–17: 2^17 takes 128 MB a hash, and a burst of
 * sign-ins must not exhaust the memory). Only the test suite lowers it, where
 * hundreds of fixtures hash judges' PINs and sign in: at 15 that alone took minutes. Existing
 * hashes keep the parameters stored in them, so a change never locks anyone out.
 */
export function hashCost(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PASSWORD_HASH_COST;
  if (raw === undefined || raw === '') return DEFAULT_HASH_COST;
  const cost = Number(raw);
  if (!Number.isInteger(cost) || cost < 10 || cost > 17) throw new Error(`PASSWORD_HASH_COST must be a whole number from 10 to 17, got "${raw}"`);
  return cost;
}

let params: { N: number; r: number; p: number } | undefined;
const hashParams = () => (params ??= { N: 2 ** hashCost(), r: 8, p: 1 });

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = hashParams();
  const key = await derive(password, salt, { N, r, p });
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

/**
 * A hash this code made (or could have): scrypt, a cost from 2^10 to 2^17 (PASSWORD_HASH_COST's
 * range), r 8, p 1, a 32-byte key. For a hash that arrives from outside (an event's transfer
 * file), where a made-up cost would make every sign-in against it take gigabytes.
 */
export function isStoredHash(stored: string): boolean {
  const match = /^scrypt\$(\d{1,7})\$(\d{1,2})\$(\d)\$([A-Za-z0-9+/]{16,88}={0,2})\$([A-Za-z0-9+/]{43}=)$/.exec(stored);
  if (!match) return false;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return Number.isInteger(Math.log2(N)) && N >= 2 ** 10 && N <= 2 ** 17 && r === 8 && p === 1;
}
