// Inbound keywords: the customer's reply opts their number out of our texts or back in. The
// lists are the carriers' and Twilio's standard ones; the whole message must be the keyword
// (any case, surrounding spaces and trailing punctuation ignored) — "stop by at 5" is no opt-out.

export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'] as const;
export const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'] as const;

export type KeywordAction = 'opt_out' | 'opt_in';

export function keywordAction(body: string | undefined | null): KeywordAction | null {
  if (!body) return null;
  const word = body
    .trim()
    .replace(/[\s.!?]+$/, '')
    .toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return 'opt_out';
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return 'opt_in';
  return null;
}
