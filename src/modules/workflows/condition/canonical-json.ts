// Moved to src/lib (a booking body's hash uses it too); kept here so the evidence code reads as before.
export { canonicalJson } from '../../../lib/canonical-json.ts';
