// POSTing a body the form built. The typed client checks bodies it can see at compile time; a
// booking body is assembled from the form at run time, so it goes through as it is and the API —
// the one place its rules live — answers with the document or every problem (spec §4).
import { api, asProblem, type Problem } from '../api.ts';

export type Posted = { ok: true; data: unknown } | { ok: false; problem: Problem };

type Path = '/v1/booking-previews' | '/v1/quotes' | '/v1/concierge-loaner-moves' | '/v1/concierge-moves' | '/v1/one-way-moves' | '/v1/round-trip-moves';

export async function postJson(path: Path, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Posted> {
  try {
    const { data, error, response } = await api.POST(path, { body: body as never, headers });
    return data !== undefined ? { ok: true, data } : { ok: false, problem: asProblem(error, response.status) };
  } catch {
    return { ok: false, problem: asProblem(null) };
  }
}
