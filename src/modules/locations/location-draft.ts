// A location of a request, as the booking carries it: read from address parts (location-request.ts),
// or sent as a Google place id and resolved before the booking's transaction to the address Google
// gives. Both end as an AddressDraft; only the booking's first step sees a PlaceIdDraft.
import {
  addressDedupeKey,
  collapseWhitespace,
  formatFullAddress,
  standardizeStreet,
  standardizeUnit,
} from './address-normalization.ts';
import type { StandardAddress } from './geocoder.ts';

export interface AddressDraft {
  kind: 'address';
  /** Dotted request path of the location object, for error messages and warnings. */
  path: string;
  name: string;
  address: StandardAddress;
  dedupeKey: string;
  fullAddress: string;
  /** A google_place_id sent with the address parts: it places them, the parts are its fallback. */
  placeId: string | null;
}

/** A location sent as only a google_place_id: its address is Google's, known once looked up. */
export interface PlaceIdDraft {
  kind: 'place_id';
  path: string;
  name: string;
  placeId: string;
  /** `place:<id>`: the same id twice is the same place before it is looked up. */
  dedupeKey: string;
}

export type LocationInputDraft = AddressDraft | PlaceIdDraft;

/** The draft of a standardized address (its dedupe key and the spec's full_address form). */
export function addressDraft(path: string, name: string, address: StandardAddress, placeId: string | null = null): AddressDraft {
  return { kind: 'address', path, name, address, dedupeKey: addressDedupeKey(address), fullAddress: formatFullAddress(address), placeId };
}

/** The draft a place id resolved to: Google's address parts, standardized like typed ones. */
export function resolvedPlaceDraft(draft: LocationInputDraft, address: StandardAddress): AddressDraft {
  return addressDraft(draft.path, draft.name, {
    address_one: standardizeStreet(address.address_one),
    address_two: standardizeUnit(address.address_two),
    city: collapseWhitespace(address.city),
    state: address.state,
    zip: address.zip,
  });
}

export function placeIdDraft(path: string, name: string, placeId: string): PlaceIdDraft {
  return { kind: 'place_id', path, name, placeId, dedupeKey: `place:${placeId}` };
}
