// The stores that hold something of the open project, reset in one place when another project (or
// none) is opened: the project store calls resetProjectStores(), never a list of its own.
// [Note: per-project stores] Each store file in state/ (`<name>-store.ts`) either registers its
// reset here under its name, next to its `create`, or is named in APP_WIDE_STORES because what it
// holds is the app's, not a project's. project-scope.test.ts imports every store file and fails on
// one that does neither, so a new store cannot forget to start afresh with the next project (bug 5
// of issue 10: Annotate kept the last project's session, and Enter failed on its question).

const resets = new Map<string, () => void>();

/** Stores whose state belongs to the app or this machine, not to the open project. */
export const APP_WIDE_STORES: readonly string[] = [
  'project', // the open project itself and the recent list
  'nav', // the screen on show: the project store moves it when a project opens
  'theme',
  'models', // the model folders of this installation
  'model', // the model pre-labels use now, an app setting
  'model-download',
  'playground', // a premise and a hypothesis through the model: no project in it
  'thread-choice', // the active model's threads measured on this machine, kept per machine and model
];

/** Registers a store's reset under its file's name (`annotate` for annotate-store.ts). */
export function resetsWithProject(name: string, reset: () => void): void {
  resets.set(name, reset);
}

/** Another project (or none) is open: every per-project store starts afresh. */
export function resetProjectStores(): void {
  for (const reset of resets.values()) reset();
}

/** The registered names, for the test that checks every store is accounted for. */
export function projectStoreNames(): string[] {
  return [...resets.keys()];
}
