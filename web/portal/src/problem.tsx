// How a problem is shown, the same on every page: announced (role="alert") with the API's message.
import type { RefObject } from 'preact';
import type { Problem } from './api.ts';

/**
 * A form's summary: always in the page (empty while there is no problem), so the form can move the
 * focus to it the moment a problem comes, and a keyboard or screen-reader user is told at once.
 */
export function ProblemSummary({ problem, summaryRef }: { problem: Problem | null; summaryRef: RefObject<HTMLDivElement | null> }) {
  return (
    <div ref={summaryRef} tabIndex={-1} role="alert" class={problem ? 'problem' : 'problem-empty'}>
      {problem?.message}
    </div>
  );
}

/** A problem's message where nothing needs the focus (a list that could not be read, an action refused). */
export function ProblemMessage({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return (
    <p class="problem" role="alert">
      {problem.message}
    </p>
  );
}
