/**
 * Size limits that keep one request or one log file from exhausting the emulator's memory (and,
 * under `npm start`, the gateway's process with it).
 */

const MiB = 1024 * 1024;

/**
 * Largest CloudTrail or STS request body accepted. CloudTrail's largest legitimate request is a
 * PutEventSelectors with 500 advanced-selector values of up to 2,048 characters (about 1 MiB);
 * 4 MiB leaves room for JSON escaping.
 */
export const DEFAULT_MAX_REQUEST_BYTES = 4 * MiB;

/** Largest log file ingested, as stored (compressed or not), and the most a `.json.gz` may decompress to. */
export const MAX_LOG_FILE_BYTES = 64 * MiB;
export const MAX_DECOMPRESSED_LOG_BYTES = 64 * MiB;

/** Largest body of `POST /_emulator/ingest` (one raw log), as large as a log file may be. */
export const MAX_ADMIN_BODY_BYTES = MAX_LOG_FILE_BYTES;
