// What an inbound text (POST /v1/sms/inbound, its signature already checked) does: it is kept as
// the customer's reply — with the move it answers, found as the move of the last text we wrote to
// that number, or none — and STOP / START change the number's preference. Both in one transaction,
// so a failure leaves neither; a provider's retry (same message id) is kept once and acted on once.
import type { Database } from '../../db/database.ts';
import { toE164 } from '../../lib/us-phone.ts';
import { type KeywordAction, keywordAction } from './sms-keywords.ts';
import { findMoveOfLastTextTo, insertReply, optIn, optOut } from './sms.repository.ts';

/**
 * How far back the text a reply answers may be. Our texts go out from booking to delivery, so a
 * reply within this window answers that booking; a number we last wrote to longer ago is someone
 * texting out of the blue, whose text is kept without a move rather than pinned on an old booking.
 */
export const REPLY_MATCH_WINDOW_MS = 30 * 24 * 3600_000;

/** Twilio's longest inbound message; anything longer is cut, never refused (the customer sent it). */
export const REPLY_BODY_MAX = 1600;

export interface InboundText {
  from: string;
  body: string;
  /** Twilio's MessageSid: the same on each retry of one message. */
  providerMessageId: string | null;
  provider: string;
  now: number;
}

export interface InboundOutcome {
  action: KeywordAction | null;
  moveId: number | null;
  /** False for a retry of a message already kept. */
  stored: boolean;
}

export async function receiveText(database: Database, text: InboundText): Promise<InboundOutcome> {
  const phone = toE164(text.from);
  const action = keywordAction(text.body);
  return database.db.transaction().execute(async (trx) => {
    const moveId = (await findMoveOfLastTextTo(trx, phone, text.now - REPLY_MATCH_WINDOW_MS)) ?? null;
    const stored = await insertReply(trx, {
      moveId,
      from: phone,
      body: text.body.slice(0, REPLY_BODY_MAX),
      provider: text.provider,
      providerMessageId: text.providerMessageId,
      now: text.now,
    });
    // A retry changes nothing: a late retry of STOP must not undo a START sent after it.
    if (stored && action === 'opt_out') await optOut(trx, phone, text.now);
    else if (stored && action === 'opt_in') await optIn(trx, phone);
    return { action, moveId, stored };
  });
}
