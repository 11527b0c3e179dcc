/** What `cockpit export --format` offers: apart from the exporter, so the command line knows it without loading it. */
export type ExportFormat = 'md' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['md', 'json'];
