import { hash, verify } from "@node-rs/argon2";

// Argon2id with the library's defaults (19 MiB, 2 passes); hashing runs on
// libuv's thread pool, so the event loop keeps serving other requests.
export const hashPassword = (password: string): Promise<string> => hash(password);

export const verifyPassword = (passwordHash: string, password: string): Promise<boolean> =>
  verify(passwordHash, password).catch(() => false);

// Verified against when the email is unknown, so a wrong email takes as
// long as a wrong password and does not reveal which accounts exist.
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = (): Promise<string> => (decoyHash ??= hash("decoy-password-for-timing"));
