// A portal user as the API shows it: in a session (POST/GET /v1/session) and on the users page
// (GET/POST /v1/users). An ops user's rooftop_ids are every rooftop, as of the answer.
import Type, { type Static } from 'typebox';
import { formatInstant } from '../../../lib/instant.ts';
import type { PortalUser } from './users.repository.ts';

export const SessionUserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String({ description: 'Lower-cased' }),
  name: Type.String(),
  role: Type.Union([Type.Literal('dealer'), Type.Literal('ops')], { description: 'dealer: its rooftops; ops: every rooftop (a dispatch desk)' }),
  rooftop_ids: Type.Array(Type.Integer(), { description: "A dealer's rooftops; for ops, every rooftop" }),
});
export type SessionUserDocument = Static<typeof SessionUserSchema>;

export const PortalUserSchema = Type.Object({
  ...SessionUserSchema.properties,
  disabled: Type.Boolean({ description: 'A disabled user cannot sign in; its sessions ended when it was disabled' }),
  created_at: Type.String({ format: 'date-time' }),
});
export type PortalUserDocument = Static<typeof PortalUserSchema>;

/** `allRooftops`: every rooftop id, for an ops user. */
export function sessionUserDocument(user: PortalUser, allRooftops: readonly number[]): SessionUserDocument {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    rooftop_ids: user.role === 'ops' ? [...allRooftops] : user.rooftopIds,
  };
}

export function portalUserDocument(user: PortalUser, allRooftops: readonly number[]): PortalUserDocument {
  return { ...sessionUserDocument(user, allRooftops), disabled: user.disabled, created_at: formatInstant(user.createdAt) };
}
