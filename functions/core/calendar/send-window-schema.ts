// The send window's shape in campaigns/<id>.yaml (`sendWindow`) and on a draft. Apart from the logic
// (send-window.ts) so that the functions that only read windows carry no zod.
import * as z from 'zod';

import { WEEKDAYS } from './weekdays';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use a time of day such as 08:00');

export const sendWindowSchema = z
  .strictObject({
    /** The weekdays mail may go out on. */
    days: z
      .array(z.enum(WEEKDAYS, { error: (i) => `unknown day ${JSON.stringify(i.input)}; use ${WEEKDAYS.join(', ')}` }))
      .min(1, 'name at least one day')
      .default(['mon', 'tue', 'wed', 'thu', 'fri']),
    /** Opening and closing time on the contact's wall clock; a mail goes out at or after `from`, before `to`. */
    from: clockTime.default('08:00'),
    to: clockTime.default('17:00'),
    /** No mail on a public holiday of the contact's region (or, without a region, of its country). */
    skipHolidays: z.boolean().default(true),
    /** Days closed every year on top of the holidays, as MM-DD: 24 and 31 December are not legal holidays. */
    closedOn: z.array(z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'use a day of the year as MM-DD, e.g. 12-24')).default([]),
  })
  .refine((w) => w.from < w.to, { path: ['to'], message: 'the window must close after it opens (to later than from)' });
export type SendWindow = z.infer<typeof sendWindowSchema>;
export type SendWindowInput = z.input<typeof sendWindowSchema>;
