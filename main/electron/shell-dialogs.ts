// The contract's shell methods (native open and save dialogs), answered in Electron main because
// only it can show them. The core never sees these calls.
import { BrowserWindow, dialog, type WebContents } from 'electron';
import type { FileChoice, ParsedInput, ShellMethodName } from '../../common/contract';
import { openDialogOptions, saveDialogOptions, savedPath, type DialogFolders } from './dialog-options';

export type ShellHandler = (method: ShellMethodName, input: unknown, sender: WebContents) => Promise<FileChoice | null>;

export function createShellHandler(folders: DialogFolders): ShellHandler {
  return async (method, input, sender) => {
    // Modal to the asking window, so a dialog cannot get lost behind it.
    const parent = BrowserWindow.fromWebContents(sender);
    if (method === 'dialog.openFile') {
      const { purpose } = input as ParsedInput<'dialog.openFile'>;
      const options = openDialogOptions(purpose, folders);
      const answer = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      const path = answer.filePaths[0];
      return answer.canceled || !path ? null : { path };
    }
    const { purpose, defaultName } = input as ParsedInput<'dialog.saveFile'>;
    const options = saveDialogOptions(purpose, defaultName, folders);
    const answer = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return answer.canceled || !answer.filePath ? null : { path: savedPath(purpose, answer.filePath) };
  };
}
