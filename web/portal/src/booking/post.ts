// POSTing a body the form built. The typed client checks bodies it can see at compile time; a
// booking body is assembled from the form at run time, so it goes through as it is and the API —
// the one place its rules live — answers with the document or every problem (spec §4).
import { api, apiCall, type Result } from '../api.ts';

type Path = '/v1/booking-previews' | '/v1/quotes' | '/v1/concierge-loaner-moves' | '/v1/concierge-moves' | '/v1/one-way-moves' | '/v1/round-trip-moves';

export const postJson = (path: Path, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Result<unknown>> =>
  apiCall(() => api.POST(path, { body: body as never, headers }));
