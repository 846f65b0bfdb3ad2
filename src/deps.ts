// The composition root: the one place that chooses implementations — database, clock, ids,
// geocoder, router — and wires services from them. Tests pass overrides for the ports.
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { Authenticator } from './modules/auth/authenticator.ts';
import { type Clock, systemClock } from './lib/clock.ts';
import { cryptoIds, type IdGenerator } from './lib/ids.ts';
import { resolveAuthSecret } from './modules/auth/auth-secret.ts';
import { ProviderMetrics } from './http/observability/metrics.ts';
import { type RouteEstimator, StraightLineEstimator } from './modules/lanes/route-estimator.ts';
import { createRouter, FallbackRouter } from './modules/lanes/routers/index.ts';
import type { Geocoder } from './modules/locations/geocoder.ts';
import { createGeocoder, FallbackGeocoder } from './modules/locations/geocoders/index.ts';
import { type ZipDirectory, zipDirectory } from './modules/locations/zip-directory.ts';
import { BookingService } from './modules/moves/booking/booking.service.ts';
import { MoveEditService } from './modules/moves/move-edit.service.ts';
import { EventLog } from './modules/events/event-log.ts';
import { CANCEL_DECIDE_JOB, LifecycleService } from './modules/moves/lifecycle/lifecycle.service.ts';
import { createWorker, type Worker, type WorkerLogger } from './jobs/worker.ts';
import { SANDBOX_STEP_JOB, type SandboxJob, SandboxService } from './modules/sandbox/sandbox.service.ts';
import { RescheduleService } from './modules/scheduling/reschedule/reschedule.service.ts';
import { AvailabilityService } from './modules/scheduling/availability/availability.service.ts';
import { HoldsService } from './modules/scheduling/holds/holds.service.ts';
import { AppointmentService } from './modules/scheduling/appointments/appointments.service.ts';
import { DriverAppService } from './modules/driver-app/driver-app.service.ts';
import { createWebhooks, type Webhooks } from './modules/webhooks/webhooks.ts';
import { TrackingService } from './modules/tracking/tracking.service.ts';
import { setUpSms, type Sms } from './modules/sms/sms.ts';
import { InspectionService } from './modules/workflows/inspection/inspection.service.ts';
import { WorkflowSetService } from './modules/workflows/sets/workflow-sets.service.ts';
import { RegionService } from './modules/scheduling/regions/regions.service.ts';
import { PayerService } from './modules/billing/payers/payers.service.ts';
import { QuoteService } from './modules/billing/quotes/quotes.service.ts';
import { EligibilityService } from './modules/scheduling/regions/eligibility.service.ts';
import { PhotosService } from './modules/workflows/photos/photos.service.ts';
import { PhotoReads } from './modules/workflows/photos/photo-reads.ts';
import { ConditionService } from './modules/workflows/reports/condition.service.ts';
import { createPhotoStore, type PhotoStore } from './modules/workflows/photo-store/index.ts';
import { RETENTION_PURGE_JOB, type PurgeJob, RetentionService } from './modules/retention/retention.service.ts';
import { InvoiceService } from './modules/billing/invoices/invoices.service.ts';
import { BILLING_SWEEP_JOB, BillingSweep, type SweepJob } from './modules/billing/settlement/billing-sweep.service.ts';
import { ChargeDeskService } from './modules/billing/charge-desk/charge-desk.service.ts';
import { SessionService } from './modules/portal/sessions/sessions.service.ts';

export interface Ports {
  clock: Clock;
  ids: IdGenerator;
  zips: ZipDirectory;
  geocoder: Geocoder;
  router: RouteEstimator;
}

export interface Deps extends Ports {
  /** GEOCODER behind its fallback (the ZIP centroid), or the override behind the same policy. */
  geocoder: FallbackGeocoder;
  /** ROUTER behind its fallback (the straight-line estimate), or the override. */
  router: FallbackRouter;
  /** The geocoder's and router's calls by provider and outcome (GET /metrics). */
  providerMetrics: ProviderMetrics;
  config: Config;
  database: Database;
  auth: Authenticator;
  /** Portal sign-in and sessions; the authenticator accepts their cookie on /v1. */
  sessions: SessionService;
  /** The server secret (AUTH_SECRET or the generated one): signs tokens, seals stored secrets. */
  secret: string;
  /** Where every event is written; webhooks and SMS subscribe to it. */
  events: EventLog;
  booking: BookingService;
  /** POST /v1/quotes: a booking priced, not made (spec §12.2). */
  quotes: QuoteService;
  edits: MoveEditService;
  lifecycle: LifecycleService;
  /** Ops: give up an attempted move and book it again for another time (spec §11.5). */
  reschedule: RescheduleService;
  /** Which slots of a day can take a trip (spec §11.3). */
  availability: AvailabilityService;
  /** Holding a slot for a few minutes (spec §11.3). */
  holds: HoldsService;
  /** Appointments: staged service appointments; a valet becomes a booked Concierge (spec §11.4). */
  appointments: AppointmentService;
  /** Inspection slots: the workflows' reads and data writes (spec §10.2). */
  inspections: InspectionService;
  /** Workflow sets: the ops desk's and the CLI's create/edit, the dealers' list (spec §10.1). */
  workflowSets: WorkflowSetService;
  /** Service regions: the ops desk's and the CLI's create/edit (spec §11.1). */
  regions: RegionService;
  /** Third-party payers and each rooftop's payer setting (spec §12.4). */
  payers: PayerService;
  /** POST /v1/confirm-move-eligibility (spec §11.1). */
  eligibility: EligibilityService;
  /** Where photos and signatures are kept (PHOTO_STORE). */
  photoStore: PhotoStore;
  /** Photo and signature uploads, and photo reads (spec §10.3). */
  photos: PhotosService;
  photoReads: PhotoReads;
  /** Condition reports, the vehicle's history and the evidence pack (spec §10.4). */
  conditions: ConditionService;
  /** The driver app's reads and reports, over the lifecycle service. */
  driverApp: DriverAppService;
  sandbox: SandboxService;
  /** Ops' lines, dry runs, discounts and dispute resolutions; the dealers' disputes (spec §12.2). */
  chargeDesk: ChargeDeskService;
  webhooks: Webhooks;
  /** The public tracking page's reads (GET /track/:token). */
  tracking: TrackingService;
  /** Runs the durable jobs; started by the process that runs jobs (main.ts), driven by hand in tests. */
  worker: Worker;
  /** Customer texts (spec §8): the sender, and the inbound webhook's auth token. */
  sms: Sms;
  /** The recurring purge of what only grows; schedule() at start-up, by the processes that run jobs. */
  retention: RetentionService;
  /** Weekly invoices (spec §12.3): the readers' lists, CSV and PDF, the ops desk's payments. */
  invoices: InvoiceService;
  /** The recurring billing sweep (settle, invoice, close); schedule() at start-up, like retention. */
  billingSweep: BillingSweep;
  close(): Promise<void>;
}

export async function createDeps(
  config: Config,
  overrides: Partial<Ports> & { database?: Database; logger?: WorkerLogger; photoStore?: PhotoStore } = {},
): Promise<Deps> {
  const database = overrides.database ?? openDatabase(config.database, { checkpointer: true });
  await migrate(database);
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? cryptoIds;
  const zips = overrides.zips ?? zipDirectory();
  const providerMetrics = new ProviderMetrics();
  const logger = overrides.logger;
  const geocoder = overrides.geocoder
    ? asFallbackGeocoder(overrides.geocoder, zips)
    : createGeocoder(config.geocoder, { zips, counter: providerMetrics.geocoder, logger });
  const straightLine = new StraightLineEstimator(config.routing);
  const router = overrides.router
    ? asFallbackRouter(overrides.router)
    : createRouter(config.router, { fallback: straightLine, counter: providerMetrics.router, logger });

  const secret = await resolveAuthSecret(database.db, config.authSecret, ids);
  const sessions = new SessionService({ db: database.db, clock, ids, config: config.portal });
  const auth = new Authenticator(database.db, secret, clock, config.tokenTtlSeconds, sessions);
  const events = new EventLog(ids);
  const booking = new BookingService({
    events,
    database,
    zips,
    geocoder,
    router,
    clock,
    publicUrl: config.publicUrl,
    maxDriveMiles: config.routing.maxDriveMiles,
    serviceRadiusMiles: config.routing.serviceRadiusMiles,
    occupancy: config.scheduling,
    minNoticeMinutes: config.scheduling.minNoticeMinutes,
  });

  const quotes = new QuoteService({ database, ids, booking });

  const edits = new MoveEditService({ database, clock, ids, events, publicUrl: config.publicUrl, occupancy: config.scheduling });

  const lifecycle = new LifecycleService({
    database,
    events,
    ids,
    clock,
    publicUrl: config.publicUrl,
    cancelDecisionDelayMs: config.cancelDecisionDelayMs,
  });

  const inspections = new InspectionService({ database, clock, ids, events, publicUrl: config.publicUrl });
  const workflowSets = new WorkflowSetService({ db: database.db, clock });
  const { maxDriveMiles, serviceRadiusMiles, speedBands } = config.routing;
  const regions = new RegionService({ db: database.db, clock, maxDriveMiles });
  const payers = new PayerService({ db: database.db, clock });
  const eligibility = new EligibilityService({ db: database.db, clock, geocoder, router, maxDriveMiles, serviceRadiusMiles, speedBands });
  const photoStore = overrides.photoStore ?? createPhotoStore(config.photos.store);
  const photos = new PhotosService({ database, clock, ids, events, store: photoStore, publicUrl: config.publicUrl });
  const photoReads = new PhotoReads({ database, clock, store: photoStore });
  const conditions = new ConditionService({ database, clock, store: photoStore, publicUrl: config.publicUrl });
  const driverApp = new DriverAppService({ database, lifecycle, publicUrl: config.publicUrl, clock });
  const availability = new AvailabilityService({
    database,
    clock,
    geocoder,
    router,
    scheduling: config.scheduling,
    serviceRadiusMiles: config.routing.serviceRadiusMiles,
    maxDriveMiles: config.routing.maxDriveMiles,
  });
  const holds = new HoldsService({ database, clock, ids, availability });
  const appointments = new AppointmentService({
    database,
    clock,
    events,
    booking,
    router,
    handoffBufferMinutes: config.scheduling.handoffBufferMinutes,
  });
  const reschedule = new RescheduleService({ database, events, ids, clock, booking, publicUrl: config.publicUrl });
  const chargeDesk = new ChargeDeskService({ database, events, ids, clock, publicUrl: config.publicUrl });
  const sandbox = new SandboxService({ database, clock, ids, lifecycle, reschedule, inspections, photos, chargeDesk });
  // The public tracking page asks for an ETA on every poll: offline, so a link's viewers can
  // neither run up a paid router's bill nor wait on it.
  const trackingRouter = overrides.router ?? straightLine;
  const tracking = new TrackingService({ database, clock, router: trackingRouter, expiryHours: config.trackingExpiryHours });

  const { concurrency, rooftopShare } = config.jobs;
  const worker = createWorker({ database, clock, logger: overrides.logger, concurrency, rooftopShare });
  worker.register<{ scenarioId: number }>(CANCEL_DECIDE_JOB, ({ scenarioId }) => lifecycle.decideCancelByRule(scenarioId));
  // Registered even without SANDBOX=1, so sequences queued before a restart still finish.
  worker.register<SandboxJob>(SANDBOX_STEP_JOB, (job) => sandbox.runStep(job));
  const webhooks = createWebhooks({ config, database, clock, ids, events, worker, secret });
  const sms = setUpSms({ config, database, clock, events, worker, logger: overrides.logger });
  const retention = new RetentionService({ database, clock, config: config.retention });
  worker.register<PurgeJob>(RETENTION_PURGE_JOB, retention.handle);
  const invoices = new InvoiceService({ database, clock, events, publicUrl: config.publicUrl });
  const billingSweep = new BillingSweep({ database, clock, events, publicUrl: config.publicUrl, config: config.billing });
  worker.register<SweepJob>(BILLING_SWEEP_JOB, billingSweep.handle);

  return {
    config,
    database,
    clock,
    ids,
    zips,
    geocoder,
    router,
    providerMetrics,
    auth,
    sessions,
    secret,
    events,
    booking,
    quotes,
    edits,
    lifecycle,
    reschedule,
    availability,
    holds,
    appointments,
    inspections,
    workflowSets,
    regions,
    payers,
    eligibility,
    photoStore,
    photos,
    photoReads,
    conditions,
    driverApp,
    sandbox,
    chargeDesk,
    webhooks,
    tracking,
    worker,
    sms,
    retention,
    invoices,
    billingSweep,
    close: async () => {
      await worker.stop();
      await database.close();
    },
  };
}

/** A geocoder given by a test, behind the booking's fallback policy (unless it is one already). */
function asFallbackGeocoder(geocoder: Geocoder, zips: ZipDirectory): FallbackGeocoder {
  return geocoder instanceof FallbackGeocoder ? geocoder : new FallbackGeocoder({ provider: geocoder, zips });
}

/** A router given by a test, asked as it is (it is its own fallback). */
function asFallbackRouter(router: RouteEstimator): FallbackRouter {
  return router instanceof FallbackRouter ? router : new FallbackRouter({ provider: null, fallback: router });
}
