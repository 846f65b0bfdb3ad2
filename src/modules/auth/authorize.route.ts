import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from '../../http/auth.ts';
import { FieldReader, Problems } from '../../lib/validation.ts';
import { bodyObject } from '../../http/body.ts';

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
        tags: ['auth'],
        summary: 'Exchange client credentials for a bearer token',
        body: Type.Object({ client_id: Type.String(), client_secret: Type.String() }),
        response: { 200: TokenResponse },
      },
    },
    async (request) => {
      const problems = new Problems();
      const body = new FieldReader(problems, bodyObject(request.body));
      const clientId = body.string('client_id', { required: true, max: 200 });
      const clientSecret = body.string('client_secret', { required: true, max: 200 });
      problems.throwIfAny();
      return auth.issue(clientId!, clientSecret!);
    },
  );
}
