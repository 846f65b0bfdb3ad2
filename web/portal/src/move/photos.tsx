// The inspection photos of each leg (thumbnails through their signed links, same origin) and the
// condition reports: the PDF per move, and the damages the API found new at delivery.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { type Leg, legName, type MoveDocument, type Photo } from './move-data.ts';

type Condition = NonNullable<Awaited<ReturnType<typeof readCondition>>>;

async function readCondition(moveId: number) {
  const { data } = await api.GET('/v1/moves/{id}/condition', { params: { path: { id: String(moveId) } } }).catch(() => ({ data: undefined }));
  return data ?? null;
}

export function Inspections({ doc, legs }: { doc: MoveDocument; legs: Leg[] }) {
  const photoCount = legs.reduce((n, l) => n + l.pickup_photos.length + l.delivery_photos.length, 0);
  return (
    <section class="move-card card-photos" aria-labelledby="photos-heading">
      <h2 id="photos-heading">Inspections</h2>
      {photoCount === 0 && <p>No inspection photos yet. They appear here as the driver takes them.</p>}
      {legs.map((leg) => (
        <LegInspection key={leg.move_id} title={legs.length > 1 ? legName(doc, leg) : null} leg={leg} photoCount={photoCount} />
      ))}
    </section>
  );
}

function LegInspection({ title, leg, photoCount }: { title: string | null; leg: Leg; photoCount: number }) {
  const [condition, setCondition] = useState<Condition | null>(null);
  const signed = leg.pickup_photos.length + leg.delivery_photos.length;
  // Read again only when photos arrive: a report is signed with its photos.
  useEffect(() => {
    if (signed) void readCondition(leg.move_id).then(setCondition);
  }, [leg.move_id, signed, photoCount]);
  if (!signed) return null;
  const damages = [...(condition?.pickup?.damages ?? []).map((d) => ({ ...d, at: 'pickup' })), ...(condition?.delivery?.damages ?? []).map((d) => ({ ...d, at: 'delivery' }))];
  return (
    <div class="inspection">
      {title && <h3>{title}</h3>}
      <PhotoGrid label="At pickup" photos={leg.pickup_photos} />
      <PhotoGrid label="At delivery" photos={leg.delivery_photos} />
      {damages.length > 0 && (
        <ul class="damages">
          {damages.map((d, i) => (
            <li key={i}>
              {d.at}: {d.panel.replace(/-/g, ' ')}, {d.type} (severity {d.severity}){d.note && ` — ${d.note}`}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`/v1/moves/${leg.move_id}/condition.pdf`}>Condition report (PDF) of move #{leg.move_id}</a>
      </p>
    </div>
  );
}

function PhotoGrid({ label, photos }: { label: string; photos: Photo[] }) {
  if (!photos.length) return null;
  return (
    <figure class="photos">
      <figcaption>{label}</figcaption>
      <ul>
        {photos.map((p) => (
          <li key={p.id}>
            {p.thumbnail_url ? (
              <a href={p.url ?? `/v1/photos/${p.id}`}>
                <img src={p.thumbnail_url} alt={`${label}: ${p.name.replace(/[_-]/g, ' ')}`} loading="lazy" width={160} height={120} />
              </a>
            ) : (
              <span class="photo-pending">{p.name}: processing…</span>
            )}
          </li>
        ))}
      </ul>
    </figure>
  );
}
