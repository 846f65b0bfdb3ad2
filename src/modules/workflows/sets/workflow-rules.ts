// The rules across a workflow's steps (spec §10.1, ours), once each step read well on its own:
// unique ids, one signature, and the signer's name step the signature upload writes to.
import type { FieldReader } from '../../../lib/validation.ts';
import { REPORT_STEPS } from '../definitions/condition-report.ts';
import type { StepRead } from './workflow-step-request.ts';

/**
 * `w`: the reader at the workflow (`pickup`); problems are added at `pickup.steps.<i>…`. Steps that
 * read only in part are judged on what did (their own problems are listed already).
 */
export function workflowRules(w: FieldReader, steps: StepRead[]): void {
  const at = (i: number, key?: string) => `${w.at('steps')}.${i}${key ? `.${key}` : ''}`;
  const invalid = (i: number, key: string | undefined, message: string) => w.problems.add('field_invalid', at(i, key), `${at(i, key)} ${message}`);

  const firstIndex = new Map<string, number>();
  steps.forEach((step, i) => {
    if (step.id === null) return;
    const first = firstIndex.get(step.id);
    if (first === undefined) firstIndex.set(step.id, i);
    else invalid(i, 'id', `"${step.id}" is already the id of step ${first}: ids are unique within a workflow`);
  });

  // The signature upload (POST /v1/driver/moves/:id/workflows/:slot/signature) signs the workflow's
  // one signature step and writes the signer's name to REPORT_STEPS.signerName in the same write.
  const signatures = steps.flatMap((s, i) => (s.type === 'signature' ? [i] : []));
  signatures.slice(1).forEach((i) => invalid(i, 'type', `is a second signature step: a workflow takes one (step ${signatures[0]} is its signature)`));
  const signatureAt = signatures[0];
  if (signatureAt === undefined) return;
  const signerAt = steps.findIndex((s) => s.id === REPORT_STEPS.signerName);
  if (signerAt < 0) {
    invalid(signatureAt, undefined, `is a signature step, which needs a "${REPORT_STEPS.signerName}" string step in the same workflow: the signature upload writes the signer's name to it`);
    return;
  }
  const [signature, signer] = [steps[signatureAt]!.config, steps[signerAt]!.config];
  if (!signature || !signer) return;
  const signerLegs: string[] | undefined = signer.legs;
  const uncovered = signerLegs === undefined ? [] : (signature.legs ?? ['every leg']).filter((leg) => !signerLegs.includes(leg));
  if (uncovered.length) {
    invalid(signerAt, 'config.legs', `must include every leg the signature step is on (${uncovered.join(', ')}): the signer's name is written with the signature`);
  }
}
