// The Coders screen's state: the settings sent as annotate.setSettings (the lead coder's name only
// with the rule 'lead'), a coder package through the save dialog (Electron) or as a download
// (browser), and a merge of uploaded copies (browser) or of paths from the open dialog (Electron).
import { beforeEach, describe, expect, it } from 'vitest';
import type { CodingSettings, MergeReport, PackageWritten } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { defaultPackageName, useCoders } from './coders-store';

const S = '22222222-2222-4222-8222-222222222222';
const settings = {
  mode: 'shared',
  blindCoders: false,
  hideSuggestions: false,
  resolution: { rule: 'latest' },
} as unknown as CodingSettings;
const written: PackageWritten = {
  path: '/p/Ana.prelabel',
  name: 'Ana.prelabel',
  exportId: null,
  coder: 'Ana',
  documents: 3,
  decisions: 0,
  blind: true,
  projectId: 'x',
  packageOf: 'y',
};
const report = { copies: [], decisionsNew: 2, decisionsPresent: 0, conflicts: 0, documentsRefreshed: 2 } as MergeReport;

beforeEach(() => useCoders.getState().reset());

describe('the Coders screen state', () => {
  it('saves the settings; the lead coder goes with the rule lead only', async () => {
    const api = fakeApi({
      'annotate.settings': () => settings,
      'coders.progress': () => [],
      'samples.list': () => [],
      'annotate.setSettings': (input) => ({ ...settings, ...(input as object) }),
    });
    setPlatform({ face: 'browser', api });
    const s = useCoders.getState();
    await s.load();
    s.editSettings({ mode: 'every', blindCoders: true, rule: 'lead', lead: ' Ana ' });
    await s.saveSettings();
    expect(api.calls.at(-1)).toEqual({
      method: 'annotate.setSettings',
      input: { mode: 'every', blindCoders: true, hideSuggestions: false, resolution: { rule: 'lead', lead: ' Ana ' } },
    });
    s.editSettings({ rule: 'majority' });
    await s.saveSettings();
    expect(api.calls.at(-1)!.input).toMatchObject({ resolution: { rule: 'majority' } });
    expect(useCoders.getState().settingsSaved).toBe(true);
  });

  it('Electron: the package goes where the save dialog says; cancelled, nothing is written', async () => {
    let chosen: { path: string } | null = { path: '/p/Ana.prelabel' };
    const api = fakeApi({ 'dialog.saveFile': () => chosen, 'project.package': () => written });
    setPlatform({ face: 'electron', api });
    const s = useCoders.getState();
    s.editDraft({ coder: ' Ana ', documents: S });
    await s.makePackage();
    expect(api.calls.map((c) => c.method)).toEqual(['dialog.saveFile', 'project.package']);
    expect(api.calls[0]!.input).toEqual({ purpose: 'project', defaultName: 'Ana.prelabel' });
    expect(api.calls[1]!.input).toEqual({ coder: 'Ana', blind: true, sampleId: S, path: '/p/Ana.prelabel' });
    expect(useCoders.getState().packaged).toEqual(written);
    chosen = null;
    await s.makePackage();
    expect(api.calls.filter((c) => c.method === 'project.package')).toHaveLength(1);
    expect(defaultPackageName('Zoë / lead')).toBe('Zoe-lead.prelabel');
  });

  it('browser: the package has no path; copies are uploaded and merged by upload id', async () => {
    const api = fakeApi({ 'project.package': () => written, 'project.merge': () => report, 'coders.progress': () => [] });
    const uploaded: string[] = [];
    setPlatform({
      face: 'browser',
      api,
      uploadFile: async (f) => {
        uploaded.push(f.name);
        return { uploadId: `${uploaded.length}1111111-1111-4111-8111-111111111111`, name: f.name, bytes: f.size };
      },
    });
    const s = useCoders.getState();
    s.editDraft({ coder: 'Ben', documents: 'all', blind: false });
    await s.makePackage();
    expect(api.calls.at(-1)!.input).toEqual({ coder: 'Ben', blind: false, documents: 'all' });
    s.setFiles([new File(['a'], 'a.prelabel'), new File(['b'], 'b.prelabel')]);
    await s.merge();
    expect(uploaded).toEqual(['a.prelabel', 'b.prelabel']);
    expect(api.calls.find((c) => c.method === 'project.merge')!.input).toEqual({
      paths: [],
      uploadIds: ['11111111-1111-4111-8111-111111111111', '21111111-1111-4111-8111-111111111111'],
    });
    expect(useCoders.getState()).toMatchObject({ report, files: [], merging: false });
  });
});
