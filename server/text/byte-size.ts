// Sizes in bytes as people read them, in the binary units the decoder and the upload limit use.

/** '512 bytes', '2 KB', '10 MB', '10.5 MB' (one decimal at most). */
export function formatByteSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}

/** '10,485,763 bytes' */
export function formatExactByteSize(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/**
 * A size and the limit it breaks, so that they read apart: rounded when the rounding tells them apart
 * ('12 MB' against '10 MB'), else both in bytes ('10,485,763 bytes' against '10,485,760 bytes (10 MB)'),
 * never "10 MB is over the limit of 10 MB".
 */
export function formatSizeAgainstLimit(size: number, limit: number): { size: string; limit: string } {
  const rounded = { size: formatByteSize(size), limit: formatByteSize(limit) };
  if (rounded.size !== rounded.limit || size === limit) return rounded;
  const exactLimit = formatExactByteSize(limit);
  return { size: formatExactByteSize(size), limit: exactLimit === rounded.limit ? exactLimit : `${exactLimit} (${rounded.limit})` };
}
