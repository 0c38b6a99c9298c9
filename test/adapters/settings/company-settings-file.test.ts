// The company settings as the composition roots read them: the YAML in the project, the JSON beside a bundle.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPANY_SETTINGS_JSON, readCompanySettingsJson } from '../../../functions/adapters/settings/company-settings-json';
import { readCompanySettingsFile } from '../../../functions/adapters/settings/company-settings-file';

describe('company settings files', () => {
  it('the shipped settings are a complete (fictional) company', () => {
    const c = readCompanySettingsFile('.');
    expect(c.name).toBe('Presence Beispiel GmbH');
    expect(c.registerNumber).toBe('HRB 123456');
    expect(c.managingDirectors.length).toBeGreaterThan(0);
  });

  it('a missing file says what it is for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'company-'));
    expect(() => readCompanySettingsFile(dir)).toThrow(/^settings\/company\.yaml is missing: every mail and letter needs the company's particulars/);
    expect(() => readCompanySettingsJson(dir)).toThrow(`${COMPANY_SETTINGS_JSON} is not beside the bundle in ${dir}; rebuild the bundle`);
  });

  it('the JSON beside a bundle is checked again, naming the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'company-'));
    const good = readCompanySettingsFile('.');
    await writeFile(join(dir, COMPANY_SETTINGS_JSON), JSON.stringify(good));
    expect(readCompanySettingsJson(dir)).toEqual(good);
    await writeFile(join(dir, COMPANY_SETTINGS_JSON), JSON.stringify({ ...good, registerNumber: '' }));
    expect(() => readCompanySettingsJson(dir)).toThrow('presence-company.json: registerNumber: is required; rebuild the bundle from settings/company.yaml');
    await mkdir(join(dir, 'settings'));
    await writeFile(join(dir, 'settings', 'company.yaml'), 'name: X GmbH\n');
    expect(() => readCompanySettingsFile(dir)).toThrow('settings/company.yaml: address: is required');
  });
});
