// The codebook as a JSON file (`prelabel codebook --get/--set`, the editor's import and export):
// the contract's input form, so that what --get writes, --set reads back unchanged. The parser is
// shared with the editor, so it lives in the contract (see [Note: codebook file parsing]).
export { codebookToJson, parseCodebookJson } from '../../../common/contract';
