// buildApp: the HTTP application as a value. It never listens — main.ts does, tests inject.
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Deps } from './deps.ts';
import { clientErrorHandler, registerErrorHandling } from './http/error-handler.ts';
import { registerJsonParser } from './http/json-body.ts';
import { registerIdempotency } from './http/idempotency/idempotency.hooks.ts';
import { requestIdFrom } from './http/request-id.ts';
import { healthRoutes } from './http/observability/health.routes.ts';
import { registerMetrics } from './http/observability/metrics.ts';
import { registerRateLimit } from './http/rate-limit.ts';
import { authorizeRoute } from './modules/auth/authorize.route.ts';
import { errorDocsRoute, registerOpenApi } from './modules/docs/docs.routes.ts';
import { driverAppRoutes } from './modules/driver-app/driver-app.routes.ts';
import { driversRoutes } from './modules/drivers/drivers.routes.ts';
import { eventsRoutes } from './modules/events/events.routes.ts';
import { timelineRoutes } from './modules/timeline/timeline.routes.ts';
import { lifecycleRoutes } from './modules/moves/lifecycle/lifecycle.routes.ts';
import { pendingCancelationsRoutes } from './modules/pending-cancelations/pending-cancelations.routes.ts';
import { sandboxRoutes } from './modules/sandbox/sandbox.routes.ts';
import { rescheduleRoutes } from './modules/scheduling/reschedule/reschedule.routes.ts';
import { availabilityRoutes } from './modules/scheduling/availability/availability.routes.ts';
import { holdsRoutes } from './modules/scheduling/holds/holds.routes.ts';
import { appointmentsRoutes } from './modules/scheduling/appointments/appointments.routes.ts';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.ts';
import { trackingRoutes } from './modules/tracking/tracking.routes.ts';
import { lanesRoutes } from './modules/lanes/lanes.routes.ts';
import { locationsRoutes } from './modules/locations/locations.routes.ts';
import { bookingRoutes } from './modules/moves/booking/booking.routes.ts';
import { moveListRoutes } from './modules/moves/move-list.routes.ts';
import { movesRoutes } from './modules/moves/moves.routes.ts';
import { smsRoutes } from './modules/sms/sms.routes.ts';
import { inspectionRoutes } from './modules/workflows/inspection/inspection.routes.ts';
import { workflowSetsRoutes } from './modules/workflows/sets/workflow-sets.routes.ts';
import { regionsRoutes } from './modules/scheduling/regions/regions.routes.ts';
import { payersRoutes } from './modules/billing/payers/payers.routes.ts';
import { eligibilityRoutes } from './modules/scheduling/regions/eligibility.routes.ts';
import { shiftsRoutes } from './modules/scheduling/shifts/shifts.routes.ts';
import { driversOnShiftRoutes } from './modules/drivers-on-shift/on-shift.routes.ts';
import { dispatchSuggestRoutes } from './modules/scheduling/dispatch-suggest/dispatch-suggest.routes.ts';
import { dispatchBoardRoutes } from './modules/dispatch-board/board.routes.ts';
import { photoRoutes } from './modules/workflows/photos/photos.routes.ts';
import { conditionRoutes } from './modules/workflows/reports/condition.routes.ts';
import { contractsRoutes } from './modules/billing/contracts/contracts.routes.ts';
import { ContractService } from './modules/billing/contracts/contracts.service.ts';
import { RooftopDirectory } from './modules/billing/contracts/rooftop-directory.service.ts';
import { rooftopsRoutes } from './modules/billing/contracts/rooftops.routes.ts';
import { invoicesRoutes } from './modules/billing/invoices/invoices.routes.ts';
import { quotesRoutes } from './modules/billing/quotes/quotes.routes.ts';
import { bookingPreviewRoutes } from './modules/booking-preview/booking-preview.routes.ts';
import { chargeDeskRoutes } from './modules/billing/charge-desk/charge-desk.routes.ts';
import { sessionsRoutes } from './modules/portal/sessions/sessions.routes.ts';
import { usersRoutes } from './modules/portal/accounts/users.routes.ts';
import { defaultPortalDir } from './modules/portal/web/portal-build.ts';
import { portalWebRoutes } from './modules/portal/web/portal-web.routes.ts';

export interface AppOptions {
  /** false for no logs (tests); otherwise the process's pino logger, or one at the configured level. */
  logger?: false | FastifyBaseLogger;
  /** The built portal it serves under /portal/ (default: the build's own, see defaultPortalDir). */
  portalDir?: string;
}

export async function buildApp(deps: Deps, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    ...(options.logger === false
      ? { logger: false }
      : options.logger
        ? { loggerInstance: options.logger }
        : { logger: { level: config.logLevel } }),
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdFrom,
    clientErrorHandler: clientErrorHandler(config.publicUrl),
    // Request schemas document the API; the domain readers validate (spec §4 rules), so
    // Fastify's validator is switched off rather than run twice with different messages.
  });
  app.setValidatorCompiler(() => (data) => ({ value: data }));

  // JSON only (spec §2): drop Fastify's text/plain parser so anything but JSON is a 415.
  app.removeContentTypeParser('text/plain');
  registerJsonParser(app);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app, config.publicUrl);
  // Parses the portal's session cookie before any route's guard reads it (and sets it at sign-in).
  await app.register(fastifyCookie);
  registerMetrics(app, { database: deps.database, clock: deps.clock, providers: deps.providerMetrics });
  healthRoutes(app, { database: deps.database });
  // Before idempotency: a client over its limit is refused before it claims a key.
  registerRateLimit(app, { ...config.rateLimit, clock: deps.clock });
  registerIdempotency(app, {
    db: deps.database.db,
    clock: deps.clock,
    sealingSecret: deps.secret,
    waitMs: config.idempotencyWaitMs,
    // Replayed as long as kept: the retention purge deletes records at the same horizon.
    retentionMs: config.retention.idempotencyMs,
    maxStoredBytes: config.idempotencyMaxStoredBytes,
  });
  await registerOpenApi(app, config.publicUrl);
  errorDocsRoute(app);

  const shared = { auth: deps.auth, database: deps.database, publicUrl: config.publicUrl, clock: deps.clock };
  authorizeRoute(app, deps.auth);
  sessionsRoutes(app, { sessions: deps.sessions, publicUrl: config.publicUrl });
  usersRoutes(app, { auth: deps.auth, db: deps.database.db, ids: deps.ids, clock: deps.clock });
  bookingRoutes(app, { auth: deps.auth, booking: deps.booking });
  quotesRoutes(app, { auth: deps.auth, quotes: deps.quotes });
  bookingPreviewRoutes(app, { auth: deps.auth, booking: deps.booking });
  movesRoutes(app, { ...shared, edits: deps.edits });
  moveListRoutes(app, shared);
  lanesRoutes(app, shared);
  locationsRoutes(app, shared);
  driversRoutes(app, { ...shared, clock: deps.clock, ids: deps.ids });
  shiftsRoutes(app, shared);
  driversOnShiftRoutes(app, { auth: deps.auth, db: deps.database.db, clock: deps.clock });
  dispatchSuggestRoutes(app, { auth: deps.auth, database: deps.database, occupancy: config.scheduling });
  dispatchBoardRoutes(app, { auth: deps.auth, db: deps.database.db, clock: deps.clock });
  lifecycleRoutes(app, { auth: deps.auth, lifecycle: deps.lifecycle });
  pendingCancelationsRoutes(app, { auth: deps.auth, db: deps.database.db, decisionDelayMs: config.cancelDecisionDelayMs });
  rescheduleRoutes(app, { auth: deps.auth, clock: deps.clock, reschedule: deps.reschedule });
  availabilityRoutes(app, { auth: deps.auth, availability: deps.availability, zips: deps.zips, clock: deps.clock });
  holdsRoutes(app, { auth: deps.auth, holds: deps.holds, availability: deps.availability, zips: deps.zips, clock: deps.clock });
  appointmentsRoutes(app, { auth: deps.auth, appointments: deps.appointments, clock: deps.clock });
  driverAppRoutes(app, { auth: deps.auth, driverApp: deps.driverApp });
  inspectionRoutes(app, { auth: deps.auth, database: deps.database, inspections: deps.inspections });
  workflowSetsRoutes(app, { auth: deps.auth, workflowSets: deps.workflowSets });
  regionsRoutes(app, { auth: deps.auth, regions: deps.regions, bodyLimitBytes: config.bodyLimitBytes });
  payersRoutes(app, { auth: deps.auth, payers: deps.payers });
  eligibilityRoutes(app, { auth: deps.auth, eligibility: deps.eligibility, zips: deps.zips });
  photoRoutes(app, { auth: deps.auth, database: deps.database, photos: deps.photos, reads: deps.photoReads, maxBytes: config.photos.maxBytes });
  conditionRoutes(app, { auth: deps.auth, conditions: deps.conditions });
  const contracts = new ContractService({ db: deps.database.db, clock: deps.clock, maxDriveMiles: config.routing.maxDriveMiles });
  contractsRoutes(app, { auth: deps.auth, contracts });
  rooftopsRoutes(app, { auth: deps.auth, rooftops: new RooftopDirectory({ db: deps.database.db, clock: deps.clock }) });
  chargeDeskRoutes(app, { auth: deps.auth, chargeDesk: deps.chargeDesk });
  invoicesRoutes(app, { auth: deps.auth, invoices: deps.invoices });
  eventsRoutes(app, shared);
  timelineRoutes(app, shared);
  smsRoutes(app, { ...shared, clock: deps.clock, sms: deps.sms });
  webhooksRoutes(app, { auth: deps.auth, webhooks: deps.webhooks });
  if (config.sandbox) sandboxRoutes(app, { auth: deps.auth, sandbox: deps.sandbox });
  trackingRoutes(app, { tracking: deps.tracking });
  portalWebRoutes(app, { dir: options.portalDir ?? defaultPortalDir(), tileUrl: config.portalWeb.tileUrl });

  await app.ready();
  return app;
}
