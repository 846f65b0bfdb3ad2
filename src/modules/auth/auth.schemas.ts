// The request schema of POST /v1/authorize, for the OpenAPI document, and the limit it is read with.
import Type from 'typebox';
import { Unchecked } from '../../lib/schema-types.ts';

/** The longest client_id and client_secret taken (ours are far shorter). */
export const CREDENTIAL_MAX = 200;

export const AuthorizeBody = Unchecked(
  Type.Object({
    client_id: Type.String({ maxLength: CREDENTIAL_MAX }),
    client_secret: Type.String({ maxLength: CREDENTIAL_MAX }),
  }),
);
