// Plain-text sizes shared by the core's messages and the CLI's output (the renderer formats sizes
// per locale in its i18n instead).

/** "0.3 MB", "445 MB": one decimal below 10 MB. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
}
