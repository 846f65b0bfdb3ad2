// The limits of a hold id as a request field (the booking endpoints' and appointments' hold_id).
// Ours are uuids (36 characters); a little room for any other form an id might take.
export const HOLD_ID_MAX = 64;
