// Where an export's files go while they are written and how they are moved into place at the end
// ([Note: safe export] in export-job.ts).
import { existsSync, mkdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FileSink, temporaryPath } from './file-sink';
import { assertNotProjectFile } from './project-guard';

/** Where the files go: `dir` holds them while they are written; `finish` moves them into place. */
export class Output {
  readonly sinks: FileSink[] = [];
  readonly dir: string;
  private readonly tempDir: string | null;

  constructor(
    private readonly projectPath: string,
    private readonly finalDir: string | null,
    fileDir: string | null,
  ) {
    if (finalDir) {
      this.tempDir = temporaryPath(finalDir);
      mkdirSync(this.tempDir, { mode: 0o700 });
      this.dir = this.tempDir;
    } else {
      this.tempDir = null;
      this.dir = fileDir!;
    }
  }

  open(name: string): FileSink {
    const sink = new FileSink(join(this.dir, name));
    this.sinks.push(sink);
    return sink;
  }

  finalPath(name: string): string {
    return join(this.finalDir ?? this.dir, name);
  }

  /** Renames every file (then the folder) into place, in the order they were opened. */
  commit(): void {
    if (this.finalDir) assertNotProjectFile(this.finalDir, this.projectPath, { folder: true });
    else for (const s of this.sinks) assertNotProjectFile(s.finalPath, this.projectPath);
    for (const s of this.sinks) s.commit();
    if (this.tempDir && this.finalDir) {
      // An empty folder of that name (a save dialog may have made it; checkTarget refused any
      // other) gives way to the export.
      if (existsSync(this.finalDir)) rmdirSync(this.finalDir);
      renameSync(this.tempDir, this.finalDir);
    }
  }

  discard(): void {
    for (const s of this.sinks) s.discard();
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }
}
