/** An uploaded file as received: on disk (never whole in memory), hashed and counted while it streamed in. */
export interface ReceivedFile {
  /** A temporary file holding the bytes; the caller removes it with `discard`. */
  path: string;
  sha256: string;
  bytes: number;
  discard(): Promise<void>;
}
