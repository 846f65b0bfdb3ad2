// Table shapes as Kysely sees them. Instants are epoch milliseconds (bigint), booleans 0/1,
// JSON is text: one representation that SQLite and PostgreSQL store alike. The tables are
// declared by area in tables/; this file puts them together and is what everything imports.
import type { Insertable, Selectable } from 'kysely';
import type { ChargeTable, ContractTable, InvoicePaymentTable, InvoiceTable, PayerTable, QuoteTable } from './tables/billing.ts';
import type { DriverPositionTable, DriverTable, MoveStepTable } from './tables/drivers.ts';
import type { EventTable, LaneTable, LocationTable, MoveTable, ScenarioDocumentTable, ScenarioTable } from './tables/moves.ts';
import type { JobTable, SmsMessageTable, SmsOptOutTable, SmsReplyTable, WebhookDeliveryTable, WebhookTable } from './tables/outbox.ts';
import type { AppointmentTable, AvailabilityHoldTable, DriverShiftTable, RegionTable } from './tables/scheduling.ts';
import type { MoveSlotTable, PhotoTable, WorkflowSetTable, WorkflowTable } from './tables/workflows.ts';
import type { ApiClientTable, ClientRooftopTable, IdempotencyKeyTable, RooftopTable, SettingsTable } from './tables/tenancy.ts';
import type { PortalLoginFailureTable, PortalSessionTable, PortalUserRooftopTable, PortalUserTable } from './tables/portal.ts';

export type * from './tables/billing.ts';
export type * from './tables/drivers.ts';
export type * from './tables/moves.ts';
export type * from './tables/outbox.ts';
export type * from './tables/scheduling.ts';
export type * from './tables/tenancy.ts';
export type * from './tables/portal.ts';
export type * from './tables/workflows.ts';

export interface Schema {
  settings: SettingsTable;
  rooftops: RooftopTable;
  api_clients: ApiClientTable;
  client_rooftops: ClientRooftopTable;
  locations: LocationTable;
  lanes: LaneTable;
  scenarios: ScenarioTable;
  scenario_documents: ScenarioDocumentTable;
  moves: MoveTable;
  events: EventTable;
  idempotency_keys: IdempotencyKeyTable;
  drivers: DriverTable;
  move_steps: MoveStepTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  sms_messages: SmsMessageTable;
  sms_opt_outs: SmsOptOutTable;
  sms_replies: SmsReplyTable;
  driver_positions: DriverPositionTable;
  jobs: JobTable;
  workflow_sets: WorkflowSetTable;
  workflows: WorkflowTable;
  move_slots: MoveSlotTable;
  photos: PhotoTable;
  regions: RegionTable;
  driver_shifts: DriverShiftTable;
  availability_holds: AvailabilityHoldTable;
  appointments: AppointmentTable;
  contracts: ContractTable;
  payers: PayerTable;
  charges: ChargeTable;
  quotes: QuoteTable;
  invoices: InvoiceTable;
  invoice_payments: InvoicePaymentTable;
  portal_users: PortalUserTable;
  portal_user_rooftops: PortalUserRooftopTable;
  portal_sessions: PortalSessionTable;
  portal_login_failures: PortalLoginFailureTable;
}

export type DriverRow = Selectable<DriverTable>;

export type RooftopRow = Selectable<RooftopTable>;
export type LocationRow = Selectable<LocationTable>;
export type LaneRow = Selectable<LaneTable>;
export type ScenarioRow = Selectable<ScenarioTable>;
export type MoveRow = Selectable<MoveTable>;
export type NewMove = Insertable<MoveTable>;
export type NewEvent = Insertable<EventTable>;
export type MoveSlotRow = Selectable<MoveSlotTable>;
export type PhotoRow = Selectable<PhotoTable>;
export type WorkflowSetRow = Selectable<WorkflowSetTable>;
export type WorkflowRow = Selectable<WorkflowTable>;
export type RegionRow = Selectable<RegionTable>;
export type DriverShiftRow = Selectable<DriverShiftTable>;
export type AvailabilityHoldRow = Selectable<AvailabilityHoldTable>;
export type AppointmentRow = Selectable<AppointmentTable>;
export type ContractRow = Selectable<ContractTable>;
export type PayerRow = Selectable<PayerTable>;
export type ChargeRow = Selectable<ChargeTable>;
export type QuoteRow = Selectable<QuoteTable>;
export type InvoiceRow = Selectable<InvoiceTable>;
export type InvoicePaymentRow = Selectable<InvoicePaymentTable>;
