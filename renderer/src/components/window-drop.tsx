// A file dragged anywhere onto the window imports it into the open project: an overlay says what a
// drop will do, and the drop opens the Import screen with the file's preview. Drop targets of their
// own (the Import screen's drop zone) handle their drops themselves, so a file is never taken
// twice. (main.tsx cancels every drop's default at the window from the start, so that a file never
// replaces the app: defaultPrevented says nothing here.)
import { useEffect, useRef, useState } from 'react';
import { t } from '../i18n/t';
import { useImport } from '../state/import-store';
import { useNav } from '../state/nav-store';
import { useProject } from '../state/project-store';
import { UploadIcon } from './icons';

/** Import steps in which a new file may replace what the Import screen shows. */
const OPEN_STEPS = new Set(['choose', 'previewing', 'preview']);

const ownDropTarget = (target: EventTarget | null) => target instanceof Element && target.closest('[data-testid="drop-zone"]') !== null;

const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function WindowDrop() {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const project = useProject((s) => s.project);

  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth.current += 1;
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      // Without this the browser opens the file in place of the app.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = useProject.getState().project ? 'copy' : 'none';
    };
    const drop = (e: DragEvent) => {
      depth.current = 0;
      setDragging(false);
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (ownDropTarget(e.target) || !useProject.getState().project) return;
      const files = e.dataTransfer?.files;
      if (!files || files.length !== 1) return;
      if (!OPEN_STEPS.has(useImport.getState().step)) return; // an import is under way: never replace it
      useNav.getState().go('import');
      void useImport.getState().chooseFile(files[0]!);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);

  if (!dragging) return null;
  return (
    <div className="window-drop" data-testid="window-drop" role="status">
      <div className="window-drop-card">
        <UploadIcon />
        <p>{project ? t('comfort.drop.import', { project: project.name }) : t('comfort.drop.noProject')}</p>
      </div>
    </div>
  );
}
