// /portal/book/:type — a dealer books a move: one form per booking (spec §5.1–§5.4) behind tabs;
// "Review" asks the API what this exact body would be (POST /v1/booking-previews for the times,
// POST /v1/quotes for the price) and "Confirm booking" sends it with the quote_id and an
// Idempotency-Key (a double click books once), then opens the move's page. Every §4 problem, from
// either step, is shown at its input and listed, linked, at the top.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { api, type Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import { useUser } from '../session.tsx';
import { useTitle } from '../title.ts';
import { bookingBody, showProblems, type Values } from '../booking/body.ts';
import { BOOK_TYPES, type BookKind, type BookType, inputId, KINDS } from '../booking/kinds.ts';
import { type KnownPlace } from '../booking/form-fields.tsx';
import { type Held } from '../booking/availability.tsx';
import { BookingForm } from '../booking/booking-form.tsx';
import { Review, type Preview, type Quote } from '../booking/review.tsx';
import { useRooftops } from '../rooftops.ts';
import { utcToZoned } from '../zoned-time.ts';
import { postJson } from '../booking/post.ts';
import '../booking/booking.css';


type Stage = { step: 'edit' } | { step: 'review'; preview: Preview; quote: Quote; body: Record<string, unknown>; key: string };

export default function BookPage() {
  const { params } = useRoute();
  const type = (BOOK_TYPES as string[]).includes(params.type ?? '') ? (params.type as BookType) : null;
  useTitle(type ? `Book: ${KINDS[type].title}` : 'Book a move');
  if (!type) {
    return (
      <>
        <h1>Book a move</h1>
        <TypeTabs current={null} />
      </>
    );
  }
  return <Booking key={type} kind={KINDS[type]} />;
}

function TypeTabs({ current }: { current: BookType | null }) {
  return (
    <nav aria-label="Kind of move" class="book-tabs">
      <ul>
        {BOOK_TYPES.map((t) => (
          <li key={t}>
            <a href={`/portal/book/${t}`} aria-current={t === current ? 'page' : undefined}>
              {KINDS[t].tab}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function useRooftopsAndPlaces() {
  const { rooftops, problem } = useRooftops();
  const [known, setKnown] = useState<KnownPlace[]>([]);
  useEffect(() => {
    api.GET('/v1/locations', { params: { query: { limit: 500 } } }).then(({ data }) => data && setKnown(data.locations));
  }, []);
  return { rooftops, known, problem };
}

function Booking({ kind }: { kind: BookKind }) {
  const user = useUser();
  const { route } = useLocation();
  const { rooftops, known, problem: loadProblem } = useRooftopsAndPlaces();
  const [rooftopId, setRooftopId] = useState<number | null>(null);
  const rooftop = rooftops.find((r) => r.id === rooftopId) ?? rooftops[0] ?? null;
  const timeZone = rooftop?.timezone ?? 'America/New_York';
  const [values, setValues] = useState<Values>({ customer_action: 'pickup' });
  const [held, setHeld] = useState<Held | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [stage, setStage] = useState<Stage>({ step: 'edit' });
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => showProblems(kind, values, problem), [kind, values, problem]);

  useEffect(() => {
    if (problem) summaryRef.current?.focus();
  }, [problem]);

  const change = (changes: Values) => {
    // A time typed by hand is no longer the held one: the hold is let go (it expires by itself).
    if ('time' in changes && held && changes.time !== utcToZoned(held.start, timeZone)) setHeld(null);
    setValues((v) => ({ ...v, ...changes }));
  };

  const review = async () => {
    setBusy(true);
    setProblem(null);
    const body = bookingBody(kind, values, timeZone, { holdId: held?.holdId, rooftop: user.rooftop_ids.length > 1 ? rooftop?.id : null });
    const asked = { ...body, move_type: kind.type };
    const [p, q] = await Promise.all([postJson('/v1/booking-previews', asked), postJson('/v1/quotes', asked)]);
    setBusy(false);
    if ('problem' in p) return setProblem(p.problem);
    if ('problem' in q) return setProblem(q.problem);
    setStage({ step: 'review', preview: p.data as Preview, quote: q.data as Quote, body, key: crypto.randomUUID() });
  };

  const confirm = async () => {
    if (stage.step !== 'review' || busy) return;
    setBusy(true);
    const sent = { ...stage.body, quote_id: stage.quote.quote_id };
    const r = await postJson(kind.path, sent, { 'Idempotency-Key': stage.key });
    setBusy(false);
    if ('problem' in r) {
      setStage({ step: 'edit' });
      return setProblem(r.problem);
    }
    const moveId = (r.data as Record<string, { move_id: number }>)[kind.landing]?.move_id;
    route(`/portal/moves/${moveId}`);
  };

  return (
    <>
      <h1>Book a move</h1>
      <TypeTabs current={kind.type} />
      <h2 class="book-kind">{kind.title}</h2>
      <ProblemMessage problem={loadProblem} />
      {problem && (
        <div class="problem book-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="book-summary-title">
          <p id="book-summary-title">{problem.message}</p>
          <ul>
            {shown.listed.map((l, i) => (
              <li key={i}>{l.key ? <a href={`#${inputId(l.key)}`}>{l.message}</a> : l.message}</li>
            ))}
          </ul>
        </div>
      )}
      {stage.step === 'review' ? (
        <>
          <Review preview={stage.preview} quote={stage.quote} hold={held ? { expiresAt: held.expiresAt } : null} />
          <div class="book-actions">
            <button type="button" onClick={confirm} disabled={busy}>
              {busy ? 'Booking…' : 'Confirm booking'}
            </button>
            <button type="button" class="secondary" onClick={() => setStage({ step: 'edit' })} disabled={busy}>
              Change details
            </button>
          </div>
        </>
      ) : (
        <BookingForm
          kind={kind}
          values={values}
          problems={shown.at}
          known={known}
          onChange={change}
          onSubmit={review}
          busy={busy}
          rooftops={user.rooftop_ids.length > 1 ? rooftops : []}
          rooftop={rooftop}
          onRooftop={setRooftopId}
          held={held}
          onHeld={(h) => {
            setHeld(h);
            setValues((v) => ({ ...v, time: utcToZoned(h.start, timeZone) }));
          }}
        />
      )}
    </>
  );
}

