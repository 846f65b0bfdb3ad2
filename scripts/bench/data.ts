// Request data for the benchmark: concierge-loaner bookings whose customer lives at a made-up
// street address in one of the real ZIPs of VA, NC, MD and DC within 150 miles of the service lot
// (Richmond, VA 23236), with appointments spread over the next weeks. Seeded, so every run books
// the same sequence.
import { parseUsPhone } from '../../src/lib/us-phone.ts';
import { greatCircleMiles } from '../../src/modules/lanes/route-estimator.ts';
import { type ZipRecord, zipDirectory } from '../../src/modules/locations/zip-directory.ts';
import { computeCheckDigit } from '../../src/modules/moves/vin.ts';
import { mulberry32 } from '../../test/support/corruption.ts';

export const SERVICE_LOT = {
  name: "Denny's Automobiles",
  address_one: '11161 Research Plaza Way',
  city: 'Richmond',
  state: 'VA',
  zip: '23236',
};

const STATES = new Set(['VA', 'NC', 'MD', 'DC']);

/** Real ZIPs in VA/NC/MD/DC within `miles` (straight line) of the service lot. */
export function customerZips(miles = 150): ZipRecord[] {
  const zips = zipDirectory();
  const lot = zips.lookup(SERVICE_LOT.zip)!;
  return [...zips.records()].filter(
    (z) => STATES.has(z.state) && z.zip !== SERVICE_LOT.zip && greatCircleMiles(lot, z) <= miles,
  );
}


const STREETS = [
  'Main St', 'Broad St', 'Cary St', 'Monument Ave', 'Patterson Ave', 'Hull Street Rd', 'Forest Hill Ave',
  'Oak Ave', 'Maple Dr', 'Church St', 'Market St', 'Franklin St', 'Grove Ave', 'Park Ave', 'Lee St',
  'Jefferson Davis Hwy', 'Midlothian Tpke', 'River Rd', 'Pine St', 'Cedar Ln', 'Chestnut St', 'Elm St',
];
const FIRST = ['Harry', 'Ana', 'Marcus', 'Priya', 'Lee', 'Sofia', 'James', 'Mia', 'Omar', 'Grace', 'Diego', 'Ruth'];
const LAST = ['Stevens', 'Nguyen', 'Johnson', 'Patel', 'Kim', 'Garcia', 'Brown', 'Davis', 'Okafor', 'Miller'];
const CARS = [
  ['Buick', 'Enclave'], ['Honda', 'Accord'], ['Toyota', 'Camry'], ['Ford', 'F-150'], ['Subaru', 'Outback'],
  ['Chevrolet', 'Malibu'], ['Nissan', 'Altima'], ['Hyundai', 'Tucson'], ['Kia', 'Sorento'], ['Mazda', 'CX-5'],
] as const;
const COLORS = ['white', 'black', 'silver', 'gray', 'blue', 'red'];
const AREA_CODES = ['804', '757', '540', '434', '703', '919', '252', '410', '202'];
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

export interface BookingBodies {
  /** A new booking body (a JSON string) per call. */
  next(): string;
  zipCount: number;
}

export function bookingBodies(seed = 1, now = Date.now()): BookingBodies {
  const zips = customerZips();
  const draw = randomParts(seed, now);
  let n = 0;
  return { zipCount: zips.length, next: () => bookingBody((n += 1), zips, draw) };
}

type RandomParts = ReturnType<typeof randomParts>;

/** The seeded draws a booking is made of (seeded, so runs are repeatable). */
function randomParts(seed: number, now: number) {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const phone = (): string => {
    for (;;) {
      const p = `${pick(AREA_CODES)}-${int(200, 999)}-${String(int(0, 9999)).padStart(4, '0')}`;
      // The API's own rule (valid US, not premium-rate: 976 exchanges are refused).
      if ('e164' in parseUsPhone(p)) return p;
    }
  };
  const vin = (year: number): string => {
    const chars = Array.from({ length: 17 }, () => pick([...VIN_CHARS]));
    // Position 10: the model-year code (the 2010–2030 cycle), so the VIN agrees with the year.
    chars[9] = 'ABCDEFGHJKLMNPRSTVWXY'[year - 2010] ?? 'A';
    chars[8] = computeCheckDigit(chars.join(''));
    return chars.join('');
  };
  // Appointments on the next 60 days, 13:00–21:45 UTC (business hours on the East Coast).
  const day0 = Math.floor(now / 86_400_000) * 86_400_000;
  const appointment = () => new Date(day0 + int(2, 60) * 86_400_000 + int(13 * 4, 21 * 4 + 3) * 15 * 60_000).toISOString();
  return { random, pick, int, phone, vin, appointment };
}

/** The n-th booking. The draws happen in a fixed order (the object's): keep it, or every run books others. */
function bookingBody(n: number, zips: ZipRecord[], { random, pick, int, phone, vin, appointment }: RandomParts): string {
  const z = pick(zips);
  const name = `${pick(FIRST)} ${pick(LAST)}`;
  const [make, model] = pick(CARS);
  const year = int(2012, 2025);
  const home = { name, address_one: `${int(1, 9999)} ${pick(STREETS)}`, city: z.city, state: z.state, zip: z.zip };
  const pickup = random() < 0.7;
  return JSON.stringify({
    appointment_time_utc: appointment(),
    customer_name: name,
    customer_phone: phone(),
    customer_action: pickup ? 'pickup' : 'return',
    loaner_move: {
      dealer_contact: 'Jane Smith',
      special_instructions: 'Loaner will be issued on arrival',
      vehicle: { stock: `LOAN${String(int(1, 40)).padStart(2, '0')}` },
      // The loaner starts at the lot when collecting the customer's car, at the customer's when returning it.
      pickup_location: pickup ? SERVICE_LOT : home,
    },
    customer_move: {
      reference_id: `RO# ${100000 + n}`,
      dealer_contact: 'Jane Smith',
      special_instructions: 'Vehicle parked in spot 13C',
      vehicle: {
        stock: `BK${String(n).padStart(5, '0')}`,
        vin: vin(year),
        year: String(year),
        make,
        model,
        color: pick(COLORS),
        manual: random() < 0.05,
      },
      pickup_location: pickup ? home : SERVICE_LOT,
    },
  });
}
