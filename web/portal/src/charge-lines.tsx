// A charge's lines as table rows (its name, the note that explains it, the amount), as the API sends
// them: the move page's charge and an invoice's charges show the same lines the same way.
import { money } from './money.ts';

export interface ChargeLine {
  name: string;
  notes?: string | null;
  amount: number;
}

export function ChargeLineRows({ lines }: { lines: readonly ChargeLine[] }) {
  return (
    <>
      {lines.map((line, i) => (
        <tr key={i}>
          <th scope="row">
            {line.name}
            {line.notes && <span class="sub">{line.notes}</span>}
          </th>
          <td class="num">{money(line.amount)}</td>
        </tr>
      ))}
    </>
  );
}
