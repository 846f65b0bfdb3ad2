// Who is calling: what authentication establishes and every service takes. It lives with the auth
// module rather than in http/, so services and domain code depend on it without depending on HTTP.
import type { Role } from '../clients/roles.ts';

export interface AuthContext {
  clientId: string;
  role: Role;
  /** For an all-rooftops desk, every rooftop as of the cached client record (≤ 30 s old). */
  rooftopIds: number[];
  /** An ops dispatch desk for every rooftop (`client add --role ops --all-rooftops`): it may manage drivers. */
  allRooftops: boolean;
  driverId: number | null;
}
