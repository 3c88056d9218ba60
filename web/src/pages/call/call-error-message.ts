// What the user reads when joining a call fails, by the server's error code.
import type { CallRequestError } from '@coope/signaling/client';

export function callErrorMessage(err: CallRequestError): string {
  switch (err.code) {
    case 'FORBIDDEN':
    case 'UNAUTHORIZED':
      return 'You are not allowed to join this call.';
    case 'NO_MEDIA_NODE':
    case 'MEDIA_UNAVAILABLE':
    case 'SERVICE_UNAVAILABLE':
      return 'Calls are temporarily unavailable. Please try again in a moment.';
    case 'TIMEOUT':
      return 'The call service did not answer. Check your connection and try again.';
    case 'RATE_LIMITED':
      return 'Too many attempts. Please wait a moment and try again.';
    default:
      return err.message || 'The call could not be started.';
  }
}
