import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCampaign } from '../../../functions/core/campaigns/parse-campaign';
import { ValidationError } from '../../../functions/core/errors';

const FILE = 'campaigns/crisis-update.yaml';

const valid = `
id: crisis-update
name: Crisis update
audience:
  channels: [email, letter]
templates:
  folder: crisis-update
schedule:
  expression: cron(0 8 ? * MON *)
  timeZone: Europe/Berlin
`;

function errorOf(source: string, file = FILE): ValidationError {
  try {
    parseCampaign(source, file);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('parseCampaign', () => {
  it('reads the shipped crisis-update campaign', () => {
    const c = parseCampaign(readFileSync('campaigns/crisis-update.yaml', 'utf8'), FILE);
    expect(c.id).toBe('crisis-update');
    expect(c.audience.channels).toEqual(['email', 'letter', 'visit', 'call']);
    expect(c.templates.languages).toEqual(['de', 'en']);
    expect(c.templates.required.call).toEqual(['phone']);
    expect(c.schedule).toEqual({ expression: 'cron(0 8 ? * MON *)', timeZone: 'Europe/Berlin' });
    expect(c.drafts.expiresAfterDays).toBe(7);
    expect(c.names).toEqual({ de: 'Krisen-Update' });
  });

  it('reads a name per language, and names an unknown language or an empty name', () => {
    expect(parseCampaign(valid, FILE).names).toBeUndefined();
    expect(parseCampaign(valid.replace('name: Crisis update', 'name: Crisis update\nnames: { de: Krisen-Update }'), FILE).names).toEqual({ de: 'Krisen-Update' });
    expect(errorOf(valid.replace('name: Crisis update', 'name: Crisis update\nnames: { fr: Mise à jour, en: " " }')).message.split('\n').sort()).toEqual([
      'campaigns/crisis-update.yaml: names.en: name is required',
      'campaigns/crisis-update.yaml: names.fr: unknown field; remove it or check the spelling',
    ]);
  });

  it('fills defaults', () => {
    const c = parseCampaign(valid, FILE);
    expect(c.audience).toEqual({ channels: ['email', 'letter'], tags: [], reps: [] });
    expect(c.templates.required).toEqual({ email: [], letter: [], visit: [], call: [] });
    expect(c.drafts).toEqual({ expiresAfterDays: 7 });
  });

  it('names the file and the path of a bad list item', () => {
    const e = errorOf(valid.replace('[email, letter]', '[email, fax]'));
    expect(e.message).toBe('campaigns/crisis-update.yaml: audience.channels[1]: unknown channel "fax"; use email, letter, visit or call');
    expect(e.issues).toEqual([{ path: 'audience.channels[1]', message: 'unknown channel "fax"; use email, letter, visit or call' }]);
  });

  it('reads a send window with its defaults, and names the field of a bad one', () => {
    const c = parseCampaign(`${valid}sendWindow:\n  closedOn: ["12-24", "12-31"]\n`, FILE);
    expect(c.sendWindow).toEqual({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '17:00', skipHolidays: true, closedOn: ['12-24', '12-31'] });
    expect(parseCampaign(valid, FILE).sendWindow).toBeUndefined();
    expect(errorOf(`${valid}sendWindow:\n  from: "17:00"\n  to: "08:00"\n`).message).toBe('campaigns/crisis-update.yaml: sendWindow.to: the window must close after it opens (to later than from)');
    expect(errorOf(`${valid}sendWindow:\n  days: [mon, fry]\n`).message).toBe('campaigns/crisis-update.yaml: sendWindow.days[1]: unknown day "fry"; use sun, mon, tue, wed, thu, fri, sat');
    expect(errorOf(`${valid}sendWindow:\n  hours: 8\n`).message).toMatch(/^campaigns\/crisis-update\.yaml: sendWindow\.hours: unknown field/);
  });

  it('reports every problem at once', () => {
    const e = errorOf(`
id: crisis-update
name: ""
audiance: {}
templates:
  folder: Crisis Update
  required:
    email: [frstName]
schedule:
  expression: cron(0 8 * * * *)
  timeZone: Europe/Atlantis
drafts:
  expiresAfterDays: 0
`);
    const lines = e.message.split('\n');
    expect(lines).toContain('campaigns/crisis-update.yaml: name: name is required');
    expect(lines).toContain('campaigns/crisis-update.yaml: audiance: unknown field; remove it or check the spelling');
    expect(lines).toContain('campaigns/crisis-update.yaml: templates.folder: use a folder name of lower-case letters, digits and dashes');
    expect(lines.some((l) => l.startsWith('campaigns/crisis-update.yaml: templates.required.email[0]: unknown field "frstName"'))).toBe(true);
    expect(lines.some((l) => l.startsWith('campaigns/crisis-update.yaml: schedule.expression: cron(0 8 * * * *): use ? in exactly one'))).toBe(true);
    expect(lines).toContain(
      'campaigns/crisis-update.yaml: schedule.timeZone: unknown time zone "Europe/Atlantis"; use an IANA name such as Europe/Berlin or UTC',
    );
    expect(lines.some((l) => l.startsWith('campaigns/crisis-update.yaml: drafts.expiresAfterDays:'))).toBe(true);
  });

  it('says which required field is absent', () => {
    const e = errorOf(valid.replace(/schedule:[\s\S]*$/, ''));
    expect(e.message).toBe('campaigns/crisis-update.yaml: schedule: is required');
  });

  it('rejects repeated list items and unknown languages', () => {
    expect(errorOf(valid.replace('[email, letter]', '[email, email]')).message).toBe(
      'campaigns/crisis-update.yaml: audience.channels[1]: channel "email" is listed twice',
    );
    expect(errorOf(valid.replace('folder: crisis-update', 'folder: crisis-update\n  languages: [de, fr]')).message).toBe(
      'campaigns/crisis-update.yaml: templates.languages[1]: unknown language "fr"; use de or en',
    );
  });

  it('rejects an id that does not match the file name', () => {
    expect(errorOf(valid, 'campaigns/other.yaml').message).toBe(
      'campaigns/other.yaml: id: "crisis-update" does not match the file name; use "other" or rename the file',
    );
  });

  it('reports YAML syntax errors with the line', () => {
    const e = errorOf('id: crisis-update\nname: [unclosed\n');
    expect(e.message).toMatch(/^campaigns\/crisis-update\.yaml: line \d+: /);
    expect(errorOf('id: a\nid: b\n').message).toMatch(/line 2: .*unique/i);
    expect(errorOf('- just\n- a list\n').message).toBe(
      'campaigns/crisis-update.yaml: expected a mapping with id, name, audience, templates, schedule, drafts',
    );
  });

  it('checks audience values', () => {
    expect(errorOf(valid.replace('[email, letter]', '[email]\n  silentForDays: -3')).message).toMatch(
      /^campaigns\/crisis-update\.yaml: audience\.silentForDays: /,
    );
    expect(errorOf(valid.replace('[email, letter]', '[]')).message).toBe(
      'campaigns/crisis-update.yaml: audience.channels: name at least one channel',
    );
    expect(errorOf(valid.replace('[email, letter]', '[email]\n  reps: ["../etc"]')).message).toMatch(/^campaigns\/crisis-update\.yaml: audience\.reps\[0\]: use 1-64 letters/);
  });
});
