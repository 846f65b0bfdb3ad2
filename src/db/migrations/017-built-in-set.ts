// The built-in default workflow set (spec §10.1, ours) as migration 017 wrote it. Part of that
// migration: once shipped it is never edited; a later change to the built-in set is a new migration
// that updates the rows. Code reads the set from the database like any other.
//
// At each end: the 8 standard angles plus the odometer and the interior, the odometer reading and
// fuel level (required), keys, damages (required, may be empty), notes, and the signer (required at
// delivery; at pickup too for the concierge kinds, where a customer hands over the car). The loaner
// leg's pickup also carries the dealer's `consumer-info-complete`, which gates its delivery.

const ANGLES = ['front', 'front-left', 'left', 'rear-left', 'rear', 'rear-right', 'right', 'front-right'] as const;
const CONCIERGE_KINDS = ['concierge', 'concierge-loaner'];

const label = (id: string) => id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

function photoSteps() {
  return [
    ...ANGLES.map((angle) => ({ id: angle, type: 'photo', config: { allow_server_edits: false, angle, label: `${label(angle)} photo` } })),
    { id: 'odometer-photo', type: 'photo', config: { allow_server_edits: false, angle: 'odometer', label: 'Odometer photo' } },
    { id: 'interior', type: 'photo', config: { allow_server_edits: false, angle: 'interior', label: 'Interior photo' } },
  ];
}

function readingSteps(signatureRequired: boolean | string[]) {
  const required = signatureRequired === true;
  const requiredFor = Array.isArray(signatureRequired) ? { required_for: signatureRequired } : {};
  return [
    { id: 'odometer', type: 'integer', config: { allow_server_edits: false, required: true, label: 'Odometer (miles)', min: 0, max: 10_000_000 } },
    { id: 'fuel-level', type: 'integer', config: { allow_server_edits: false, required: true, label: 'Fuel level or charge (%)', min: 0, max: 100 } },
    { id: 'keys', type: 'integer', config: { allow_server_edits: false, label: 'Keys handed over', min: 0, max: 20 } },
    { id: 'damages', type: 'damages', config: { allow_server_edits: false, required: true, label: 'Damage found' } },
    { id: 'driver-notes', type: 'string', config: { allow_server_edits: false, label: 'Notes' } },
    { id: 'signer-name', type: 'string', config: { allow_server_edits: false, required, ...requiredFor, label: 'Signer name' } },
    { id: 'signature', type: 'signature', config: { allow_server_edits: false, required, ...requiredFor, label: 'Signature' } },
  ];
}

export const BUILT_IN_SET = { name: 'Default', description: 'Captures standard pickup and delivery data' };

export const BUILT_IN_WORKFLOWS = [
  {
    type: 'pickup',
    name: 'Standard Pickup',
    description: 'Default pickup workflow',
    steps: [
      ...photoSteps(),
      ...readingSteps(CONCIERGE_KINDS),
      {
        id: 'consumer-info-complete',
        type: 'boolean',
        config: { allow_server_edits: true, gate: 'delivery_started', legs: ['loaner_move'], label: "Customer's details complete" },
      },
    ],
  },
  {
    type: 'delivery',
    name: 'Standard Delivery',
    description: 'Default delivery workflow',
    steps: [...photoSteps(), ...readingSteps(true)],
  },
];
