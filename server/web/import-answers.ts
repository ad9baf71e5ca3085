// How the web answers a finished import, from the upload route or from the job that ran it.
import type { UploadResult } from '../services/import-aligned.ts';

/** Where a browser without htmx goes after an import: the version's page, or the aligned work's. */
export function importedPath(upload: UploadResult): string {
  const slug = encodeURIComponent(upload.result.work.slug);
  return upload.kind === 'version' ? `/works/${slug}/versions/${encodeURIComponent(upload.result.name)}` : `/works/${slug}`;
}

/** The import-result partial's data for either kind of import. */
export function importResultData(upload: UploadResult): Record<string, unknown> {
  return upload.kind === 'version' ? { result: upload.result } : { aligned: upload.result };
}
