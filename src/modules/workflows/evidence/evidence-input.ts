// What the evidence pack shows, as plain data: the caller (the condition service) gathers it from the
// database, photo store and settings, so the renderer stays a pure function of this object.

/** One damage finding as the driver recorded it (§10.4); severity 1 (minor) – 4 (severe). */
export interface EvidenceFinding { panel: string; type: string; severity: number; note: string | null }

/** A photo of a slot: its thumbnail is drawn, its hash printed so the original can be checked. */
export interface EvidencePhoto { stepId: string; name: string; takenAt: string | null; lat: number | null; lon: number | null; sha256: string; thumbnailJpeg: Buffer | null }

/** One end of the move (pickup or delivery) as its condition report recorded it. */
export interface EvidenceSide {
  slot: 'pickup' | 'delivery';
  signedAt: string | null;          // ISO instant, null while the slot is open
  place: { name: string; fullAddress: string };
  driverName: string | null;
  signerName: string | null;
  signaturePng: Buffer | null;
  odometer: number | null; fuelLevel: number | null; keys: number | null; notes: string | null;
  damages: EvidenceFinding[];
  photos: EvidencePhoto[];
  reportSha256: string | null;
  warnings: string[];
}

/** One panel of the damage diff with what each end found on it. */
export interface EvidenceComparison { panel: string; pickup: EvidenceFinding[]; delivery: EvidenceFinding[] }

export interface EvidenceInput {
  generatedAt: string;                // ISO instant
  timeZone: string;                   // IANA zone the times are shown in, e.g. America/New_York
  rooftop: { name: string; address: string };
  move: { id: number; referenceId: string | null; usecaseKey: string; uri: string };
  vehicle: { year: string | null; make: string | null; model: string | null; color: string | null; vin: string | null; stock: string | null };
  pickup: EvidenceSide | null;
  delivery: EvidenceSide | null;
  diff: null | { new: EvidenceComparison[]; worsened: EvidenceComparison[]; unchanged: EvidenceComparison[]; improved: EvidenceComparison[]; not_comparable: EvidenceComparison[] };
  odometerDelta: number | null;
  fuelDelta: number | null;
}
