import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_EXTENSIONS, openDialogOptions, safeFileName, savedPath, saveDialogOptions, withExtension } from './dialog-options';

const folders = { projectsDir: '/home/u/Documents/Prelabel', documentsDir: '/home/u/Documents' };

describe('openDialogOptions', () => {
  it('offers the import formats (and all files) for an import', () => {
    const options = openDialogOptions('import', folders);
    expect(options.properties).toEqual(['openFile']);
    expect(options.filters?.[0]?.extensions).toEqual(['csv', 'tsv', 'txt', 'xlsx', 'ods', 'json', 'jsonl', 'parquet']);
    expect(options.filters?.[0]?.extensions).toEqual([...IMPORT_EXTENSIONS]);
    expect(options.defaultPath).toBe(folders.documentsDir);
  });

  it('bug 5 of issue 12 (a folder imported only by its typed path): asks for a folder to import', () => {
    const options = openDialogOptions('importFolder', folders);
    expect(options.properties).toEqual(['openDirectory']);
    expect(options.title).toBe('Import a folder of .txt files');
    expect(options.defaultPath).toBe(folders.documentsDir);
  });

  it('offers only .prelabel files, in the projects folder, for a project', () => {
    const options = openDialogOptions('project', folders);
    expect(options.filters).toEqual([{ name: 'Prelabel project', extensions: ['prelabel'] }]);
    expect(options.defaultPath).toBe(folders.projectsDir);
  });
});

describe('saveDialogOptions', () => {
  it('proposes <name>.prelabel in the projects folder for a project', () => {
    const options = saveDialogOptions('project', 'Manifesto 2021', folders);
    expect(options.defaultPath).toBe(join(folders.projectsDir, 'Manifesto 2021.prelabel'));
    expect(options.filters).toEqual([{ name: 'Prelabel project', extensions: ['prelabel'] }]);
  });

  it('uses the extension of the proposed export name as the filter', () => {
    const options = saveDialogOptions('export', 'labels.jsonl', folders);
    expect(options.defaultPath).toBe(join(folders.documentsDir, 'labels.jsonl'));
    expect(options.filters).toEqual([{ name: 'JSONL file', extensions: ['jsonl'] }]);
  });

  it('keeps only the base name of what the renderer proposes', () => {
    expect(saveDialogOptions('export', '../../etc/passwd', folders).defaultPath).toBe(join(folders.documentsDir, 'passwd'));
    expect(saveDialogOptions('project', 'C:\\Windows\\evil', folders).defaultPath).toBe(join(folders.projectsDir, 'evil.prelabel'));
    expect(saveDialogOptions('project', '', folders).defaultPath).toBe(join(folders.projectsDir, 'Untitled.prelabel'));
  });
});

describe('file names', () => {
  it('replaces characters that are not allowed in file names', () => {
    expect(safeFileName('a:b*c?.csv', 'x')).toBe('a_b_c_.csv');
    expect(safeFileName('..', 'fallback')).toBe('fallback');
  });

  it('adds .prelabel to a chosen project path that lacks it, and leaves exports alone', () => {
    expect(withExtension('/p/Study', 'prelabel')).toBe('/p/Study.prelabel');
    expect(withExtension('/p/Study.PRELABEL', 'prelabel')).toBe('/p/Study.PRELABEL');
    expect(savedPath('project', '/p/Study')).toBe('/p/Study.prelabel');
    expect(savedPath('export', '/p/labels')).toBe('/p/labels');
  });

  it('asks for a folder when choosing a model', () => {
    expect(openDialogOptions('model', { projectsDir: '/p', documentsDir: '/d' })).toEqual({
      title: 'Choose a model folder',
      defaultPath: '/d',
      properties: ['openDirectory'],
    });
  });
});
