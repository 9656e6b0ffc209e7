// Strings of drag and drop, themes, and other app-wide comforts.
// Keys start with 'comfort.'.
export const comfortEn = {
  'comfort.theme.label': 'Colour theme',
  'comfort.theme.system': 'Theme: system',
  'comfort.theme.light': 'Theme: light',
  'comfort.theme.dark': 'Theme: dark',
  'comfort.drop.import': 'Drop the file to import it into {project}',
  'comfort.drop.noProject': 'Open or create a project first, then drop the file to import it.',
  'comfort.drop.oneFile': 'Drop one file at a time.',
} as const;
