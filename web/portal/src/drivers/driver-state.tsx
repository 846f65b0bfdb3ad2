// Deactivating a driver who left, or reactivating one (PATCH /v1/ops/drivers/:id), from their row of
// the drivers page, after a confirm step: see ConfirmAction.
import { ConfirmAction } from '../confirm-action.tsx';
import { type Driver, setDriverActive } from './drivers-data.ts';

/**
 * The question says only what the API does: deactivating keeps the driver app's credentials but the
 * driver endpoints refuse them (drivers.repository.ts, isDriverActive); dispatch refuses an inactive
 * driver, and they drop out of who is on shift and of the capacity bookings are offered from, their
 * shifts kept. Nothing unassigns their moves: the board puts them under attention (driver_inactive).
 * Reactivating lets the same credentials work again.
 */
const question = (d: Driver) =>
  d.active
    ? `Deactivate ${d.name}? Their driver app stops working at once, and they cannot be given moves or count as on shift. Moves already assigned to them stay theirs and show under Attention on the board, to re-dispatch.`
    : `Reactivate ${d.name}? Their driver app works again with the same sign-in, and they can be given moves.`;

export function DriverStateAction({ driver, onChanged }: { driver: Driver; onChanged(driver: Driver): void }) {
  return (
    <ConfirmAction
      verb={driver.active ? 'Deactivate' : 'Reactivate'}
      subject={driver.name}
      question={question(driver)}
      danger={driver.active}
      id={`driver-${driver.driver_id}-state`}
      send={() => setDriverActive(driver.driver_id, !driver.active)}
      onDone={onChanged}
    />
  );
}
