import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from './authenticator.ts';
import { errorResponses, PUBLIC } from '../../http/openapi.ts';
import { readBody } from '../../http/body.ts';
import { AuthorizeBody, CREDENTIAL_MAX } from './auth.schemas.ts';

const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  expires_at: Type.String({ format: 'date-time' }),
});

export function authorizeRoute(app: FastifyInstance, auth: Authenticator): void {
  app.post(
    '/v1/authorize',
    {
      config: { rateLimitByAddress: true },
      schema: {
        operationId: 'authorize',
        tags: ['auth'],
        summary: 'Exchange client credentials for a bearer token',
        security: PUBLIC,
        body: AuthorizeBody,
        // 401: unknown client_id or wrong client_secret; 429: per remote address.
        response: { 200: TokenResponse, ...errorResponses(400, 401, 413, 415, 429, 500) },
      },
    },
    async (request) => {
      const { clientId, clientSecret } = readBody(request.body, (body) => ({
        clientId: body.string('client_id', { required: true, max: CREDENTIAL_MAX })!,
        clientSecret: body.string('client_secret', { required: true, max: CREDENTIAL_MAX })!,
      }));
      return auth.issue(clientId, clientSecret);
    },
  );
}
