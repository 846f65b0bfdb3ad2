// The four bookings (spec §5.1–§5.4) as the form lays them out: sections of fields a service advisor
// fills in their own order (customer, time, vehicles, places). Each field has a form key; body.ts
// turns the keys into the booking body's paths and the API's error paths back into keys.

export type BookType = 'concierge-loaner' | 'concierge' | 'one-way' | 'round-trip';

export type InputKind = 'text' | 'tel' | 'datetime' | 'action' | 'manual' | 'textarea';

export interface FieldDef {
  key: string;
  label: string;
  kind: InputKind;
  autocomplete?: string;
  hint?: string;
  /** Marked required (the API decides; this only tells the advisor before they send). */
  required?: boolean;
  /** Narrow fields share a row on a wide screen. */
  narrow?: boolean;
}

/** An address group: name, street, unit, city, state, ZIP under `prefix`, with the rooftop's known places suggested. */
export interface AddressDef {
  prefix: string;
  legend: string;
}

export interface SectionDef {
  id: string;
  title: string;
  fields?: FieldDef[];
  address?: AddressDef;
}

export interface BookKind {
  type: BookType;
  path: '/v1/concierge-loaner-moves' | '/v1/concierge-moves' | '/v1/one-way-moves' | '/v1/round-trip-moves';
  title: string;
  tab: string;
  /** A customer appointment (§11 availability applies), or a plain ready-by time. */
  appointment: boolean;
  sections: SectionDef[];
  /** The move whose page the advisor lands on after booking. */
  landing: string;
}

const vehicle = (prefix: string, required: boolean): FieldDef[] => [
  { key: `${prefix}.vehicle.stock`, label: 'Stock number', kind: 'text', narrow: true },
  { key: `${prefix}.vehicle.vin`, label: 'VIN', kind: 'text', hint: '17 letters and digits (no I, O or Q)', narrow: true },
  { key: `${prefix}.vehicle.year`, label: 'Year', kind: 'text', narrow: true },
  { key: `${prefix}.vehicle.make`, label: 'Make', kind: 'text', required, narrow: true },
  { key: `${prefix}.vehicle.model`, label: 'Model', kind: 'text', required, narrow: true },
  { key: `${prefix}.vehicle.color`, label: 'Color', kind: 'text', narrow: true },
  ...(required ? [{ key: `${prefix}.vehicle.manual`, label: 'Manual transmission', kind: 'manual' as const }] : []),
];

const moveNotes = (prefix: string, withReference: boolean): FieldDef[] => [
  ...(withReference ? [{ key: `${prefix}.reference_id`, label: 'RO / reference', kind: 'text' as const, narrow: true }] : []),
  { key: `${prefix}.dealer_contact`, label: 'Dealer contact', kind: 'text', autocomplete: 'name', narrow: true },
  { key: `${prefix}.special_instructions`, label: 'Instructions for the driver', kind: 'textarea' },
];

const customer: SectionDef = {
  id: 'customer',
  title: 'Customer',
  fields: [
    { key: 'customer_name', label: 'Name', kind: 'text', autocomplete: 'off', required: true, narrow: true },
    { key: 'customer_phone', label: 'Mobile phone', kind: 'tel', autocomplete: 'off', required: true, narrow: true, hint: 'Text updates go to this number' },
  ],
};

const appointment = (action: boolean): SectionDef => ({
  id: 'time',
  title: 'Appointment',
  fields: [
    ...(action ? [{ key: 'customer_action', label: 'The customer’s car is', kind: 'action' as const }] : []),
    { key: 'time', label: 'Appointment time', kind: 'datetime', required: true, hint: 'When the driver meets the customer' },
  ],
});

const readyBy: SectionDef = {
  id: 'time',
  title: 'Ready by',
  fields: [{ key: 'time', label: 'Ready-by time', kind: 'datetime', required: true, hint: 'When the vehicle is ready at its pickup' }],
};

const places: SectionDef[] = [
  { id: 'customer-address', title: 'Customer’s address', address: { prefix: 'customer_address', legend: 'Customer’s address' } },
  { id: 'service-lot', title: 'Service lot', address: { prefix: 'service_lot', legend: 'Service lot' } },
];

export const KINDS: Record<BookType, BookKind> = {
  'concierge-loaner': {
    type: 'concierge-loaner',
    path: '/v1/concierge-loaner-moves',
    title: 'Concierge + Loaner',
    tab: 'Concierge + Loaner',
    appointment: true,
    landing: 'customer_move',
    sections: [
      customer,
      appointment(true),
      { id: 'customer-vehicle', title: 'Customer’s vehicle', fields: [...vehicle('customer_move', true), ...moveNotes('customer_move', true)] },
      { id: 'loaner', title: 'Loaner', fields: [...vehicle('loaner_move', false), ...moveNotes('loaner_move', false)] },
      ...places,
    ],
  },
  concierge: {
    type: 'concierge',
    path: '/v1/concierge-moves',
    title: 'Concierge',
    tab: 'Concierge',
    appointment: true,
    landing: 'customer_move',
    sections: [
      customer,
      appointment(true),
      { id: 'customer-vehicle', title: 'Customer’s vehicle', fields: [...vehicle('customer_move', true), ...moveNotes('customer_move', true)] },
      ...places,
    ],
  },
  'one-way': {
    type: 'one-way',
    path: '/v1/one-way-moves',
    title: 'One-way move',
    tab: 'One-way',
    appointment: false,
    landing: 'move',
    sections: [
      readyBy,
      { id: 'vehicle', title: 'Vehicle', fields: [...vehicle('move', true), ...moveNotes('move', true)] },
      { id: 'pickup', title: 'Pick up at', address: { prefix: 'move.pickup_location', legend: 'Pick up at' } },
      { id: 'delivery', title: 'Deliver to', address: { prefix: 'move.delivery_location', legend: 'Deliver to' } },
    ],
  },
  'round-trip': {
    type: 'round-trip',
    path: '/v1/round-trip-moves',
    title: 'Round trip',
    tab: 'Round trip',
    appointment: false,
    landing: 'move_one',
    sections: [
      readyBy,
      { id: 'vehicle-one', title: 'First vehicle (out)', fields: [...vehicle('move_one', true), ...moveNotes('move_one', true)] },
      { id: 'place-one', title: 'First vehicle starts at', address: { prefix: 'move_one.pickup_location', legend: 'First vehicle starts at' } },
      { id: 'vehicle-two', title: 'Second vehicle (back)', fields: [...vehicle('move_two', true), ...moveNotes('move_two', true)] },
      { id: 'place-two', title: 'Second vehicle starts at', address: { prefix: 'move_two.pickup_location', legend: 'Second vehicle starts at' } },
    ],
  },
};

export const BOOK_TYPES = Object.keys(KINDS) as BookType[];

export const ADDRESS_PARTS = [
  { part: 'name', label: 'Name', autocomplete: 'off', required: true },
  { part: 'address_one', label: 'Street address', autocomplete: 'address-line1', required: true },
  { part: 'address_two', label: 'Unit', autocomplete: 'address-line2', required: false },
  { part: 'city', label: 'City', autocomplete: 'address-level2', required: true },
  { part: 'state', label: 'State', autocomplete: 'address-level1', required: true },
  { part: 'zip', label: 'ZIP', autocomplete: 'postal-code', required: true },
] as const;

/** Every input key of the form of `kind`, in the order they appear. */
export function formKeys(kind: BookKind): string[] {
  return kind.sections.flatMap((s) =>
    s.address ? ADDRESS_PARTS.map((p) => `${s.address!.prefix}.${p.part}`) : (s.fields ?? []).map((f) => f.key),
  );
}

/** The DOM id of a form key's input. */
export const inputId = (key: string): string => `book-${key.replace(/[^\w-]/g, '-')}`;
