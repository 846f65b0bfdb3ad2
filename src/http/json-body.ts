// The JSON body parser: Fastify's own (prototype-poisoning refusals included), except that an
// empty body is no body at all. `curl -X POST …/webhooks/1/test -H 'Content-Type: application/json'`
// with nothing after it is a POST that takes no body, not invalid JSON; an endpoint that needs a
// body still refuses the missing one (bodyObject → invalid_json "must be a JSON object").
import type { FastifyInstance } from 'fastify';

export function registerJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
}
