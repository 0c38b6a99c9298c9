// A cell as the import keeps it: trimmed, and without control or bidi format characters, which would make a name
// read differently in a mail header or on an approval page than it is stored (see core/text-safety.ts).
import { stripInvisibleControls } from '../text-safety';

export function cellText(cell: string | undefined): string {
  return stripInvisibleControls((cell ?? '').trim()).trim();
}
