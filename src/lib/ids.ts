// Random identifiers behind a port, so tests can make them predictable when they need to.
import { randomBytes, randomUUID } from 'node:crypto';

export interface IdGenerator {
  uuid(): string;
  /** An unguessable URL-safe token (client ids, secrets, tracking links). */
  token(bytes?: number): string;
}

export const cryptoIds: IdGenerator = {
  uuid: () => randomUUID(),
  token: (bytes = 24) => randomBytes(bytes).toString('base64url'),
};
