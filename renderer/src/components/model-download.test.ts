import { describe, expect, it } from 'vitest';
import type { ModelDownloadProgress } from '../../../common/contract';
import { downloadLabel, fileLine } from './model-download';

const p = (over: Partial<ModelDownloadProgress>): ModelDownloadProgress => ({
  jobId: '11111111-1111-4111-8111-111111111111',
  kind: 'download',
  phase: 'downloading',
  file: 'onnx/model.onnx',
  fileIndex: 2,
  fileCount: 3,
  fileBytes: 0,
  fileTotal: 445_000_000,
  bytes: 120_000_000,
  total: 445_000_000,
  bytesPerSecond: 5_100_000,
  etaSeconds: 64,
  ...over,
});

describe('download progress wording', () => {
  it('says bytes of the total, speed and time left while downloading', () => {
    expect(downloadLabel(p({}))).toBe('120 MB of 445 MB · 5.1 MB/s · about 1 min left');
    expect(fileLine(p({}))).toBe('Downloading onnx/model.onnx');
  });

  it('leaves out what is not known yet', () => {
    expect(downloadLabel(null)).toBe('Connecting…');
    expect(downloadLabel(p({ bytesPerSecond: null, etaSeconds: null }))).toBe('120 MB of 445 MB');
  });

  it('names the checksum check of a file, without a speed', () => {
    const verifying = p({ phase: 'verifying', bytes: 445_000_000, etaSeconds: 0 });
    expect(downloadLabel(verifying)).toBe('445 MB of 445 MB');
    expect(fileLine(verifying)).toBe('Verifying checksum of onnx/model.onnx');
    expect(fileLine(p({ phase: 'done' }))).toBe('Checking the model…');
  });
});
