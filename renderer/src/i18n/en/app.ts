// English strings of the app shell, shared by every screen: the app itself, the side nav, the
// header, common buttons and errors, time left (eta), the colour theme and dropping a file on the
// window.
export const appEn = {
  'app.name': 'Prelabel',
  'app.loading': 'Starting…',
  'app.startFailed': 'Prelabel could not reach its core: {message}',
  'app.retry': 'Try again',

  'nav.label': 'Sections',
  'nav.projects': 'Projects',
  'nav.import': 'Import',
  'nav.documents': 'Documents',
  'nav.codebook': 'Codebook',
  'nav.prelabel': 'Pre-label',
  'nav.playground': 'NLI playground',
  'nav.models': 'Models',
  'nav.needsProject': 'Open a project first',

  'header.noProject': 'No project open',
  'header.documentCount': { one: '{count} document', other: '{count} documents' },
  'header.close': 'Close project',
  'header.warningsLabel': 'About this project’s location',

  'common.dismiss': 'Dismiss',
  'common.cancel': 'Cancel',
  'common.none': 'None',
  'common.browse': 'Choose…',
  'error.unexpected': 'Something unexpected happened: {message}',
  'error.unknown': 'Something unexpected happened.',

  'eta.seconds': 'a few seconds',
  'eta.underMinute': 'less than a minute',
  'eta.minutes': { one: 'about {count} min', other: 'about {count} min' },
  'eta.hours': 'about {hours} h {minutes} min',

  'comfort.theme.label': 'Colour theme',
  'comfort.theme.system': 'Theme: system',
  'comfort.theme.light': 'Theme: light',
  'comfort.theme.dark': 'Theme: dark',
  'comfort.drop.import': 'Drop the file to import it into {project}',
  'comfort.drop.noProject': 'Open or create a project first, then drop the file to import it.',
  'comfort.drop.oneFile': 'Drop one file at a time.',
} as const;
