// Strings of removing a model from the Models screen, and of a model folder that lacks files.
// Keys start with 'modelsManage.'.
export const modelsManageEn = {
  'modelsManage.forget': 'Remove from list',
  'modelsManage.forgetLabel': 'Remove from list: {id}',
  'modelsManage.delete': 'Delete…',
  'modelsManage.deleteLabel': 'Delete the downloaded copy: {id}',
  'modelsManage.confirm.forget': 'Remove {id} from the list? Prelabel forgets this folder; its files stay in {path}.',
  'modelsManage.confirm.delete': 'Delete {id}? Its downloaded copy in {path} ({size}) is deleted from this machine. You can download it again later.',
  'modelsManage.confirm.active': 'It is the active model: another model on this machine becomes active, or none.',
  'modelsManage.confirm.forgetYes': 'Remove from list',
  'modelsManage.confirm.deleteYes': 'Delete the copy',
  'modelsManage.removing': 'Removing…',
  'modelsManage.forgotten': '{id} was removed from the list. Its folder was left as it is.',
  'modelsManage.deleted': '{id} was deleted from this machine.',
  'modelsManage.nowActive': '{id} is now the active model.',
  'modelsManage.noneActive': 'No model is active now: choose one below, download the default model or add a model folder.',
  'modelsManage.removeFailed': '{id} could not be removed: {message}',
  'modelsManage.missingFiles': {
    one: 'Missing file: {files}. This model cannot be used until the whole model folder is there again.',
    other: 'Missing files: {files}. This model cannot be used until the whole model folder is there again.',
  },
} as const;
