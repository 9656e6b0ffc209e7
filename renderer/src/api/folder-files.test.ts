// Issue 12, section 2, bug 5, the page's part: a picked folder becomes the .txt files with their
// paths inside it, and goes to the server as one folder upload (manifest, then the files).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { folderUploadRoute, type FolderManifest } from '../../../common/contract';
import { folderFromPicker } from './folder-files';
import { uploadFolder } from './http-transport';

/** A file as a directory picker gives it: its path from the picked folder's name on. */
function picked(relative: string, text: string): File {
  const file = new File([text], relative.split('/').pop()!);
  Object.defineProperty(file, 'webkitRelativePath', { value: relative });
  return file;
}

class FakeXhr {
  static last: FakeXhr;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: Blob | null = null;
  status = 0;
  responseText = '';
  responseType = '';
  upload = { onprogress: null };
  onload: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    [this.method, this.url] = [method, url];
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: Blob) {
    this.body = body;
  }
}

beforeEach(() => vi.stubGlobal('XMLHttpRequest', FakeXhr));
afterEach(() => vi.unstubAllGlobals());

describe('bug 5: a folder can be imported in the browser mode only by typing a path (page)', () => {
  it('keeps the .txt files of a picked folder with their paths, leaving out the rest', () => {
    const folder = folderFromPicker([
      picked('Reden/b-10.txt', 'ten'),
      picked('Reden/SPD/a.txt', 'a'),
      picked('Reden/b-2.txt', 'two'),
      picked('Reden/photo.jpg', 'jpg'),
      picked('Reden/.DS_Store', 'x'),
    ])!;
    expect(folder.name).toBe('Reden');
    expect(folder.files.map((f) => f.path)).toEqual(['b-2.txt', 'b-10.txt', 'SPD/a.txt']);
    expect(folder.leftOut).toBe(1);
    expect(folderFromPicker([])).toBeNull();
  });

  it('sends one body: the manifest, then the files in its order', async () => {
    const folder = folderFromPicker([picked('Reden/a.txt', 'Grüße'), picked('Reden/SPD/b.txt', 'zwei')])!;
    const done = uploadFolder(folder);
    const xhr = FakeXhr.last;
    expect([xhr.method, xhr.url]).toEqual(['POST', folderUploadRoute.path]);
    const bytes = new Uint8Array(await xhr.body!.arrayBuffer());
    const headBytes = Number(xhr.headers[folderUploadRoute.manifestBytesHeader]);
    const manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(0, headBytes))) as FolderManifest;
    expect(manifest).toEqual({
      name: 'Reden',
      files: [
        { path: 'a.txt', bytes: 7 },
        { path: 'SPD/b.txt', bytes: 4 },
      ],
    });
    expect(new TextDecoder().decode(bytes.subarray(headBytes))).toBe('Grüßezwei');
    xhr.status = 200;
    xhr.responseText = JSON.stringify({ ok: true, value: { uploadId: 'u', name: 'Reden', bytes: 11, files: 2 } });
    xhr.onload?.();
    await expect(done).resolves.toMatchObject({ name: 'Reden', files: 2 });
  });
});
