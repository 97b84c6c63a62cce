/**
 * An outbound call that failed. `permanent`: retrying cannot help (a refused address, a malformed
 * URL or header); otherwise (timeouts, refused connections, DNS failures) a later try may succeed.
 */
export class OutboundError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}
