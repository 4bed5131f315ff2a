// Retry a send on a temporary (4xx) reply, with exponential backoff and jitter.
// A permanent (5xx) reply is final: sending the same message again gets the same answer.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** True for replies that say "try again later", and for connections that dropped. */
export function isTemporary(error) {
  if (typeof error.responseCode === 'number') return error.responseCode >= 400 && error.responseCode < 500;
  // No reply at all (timeout, reset): the message may not have arrived, so retry.
  return ['ETIMEDOUT', 'ECONNECTION', 'ESOCKET'].includes(error.code);
}

export async function sendWithRetry(transport, message, { attempts = 5, baseMs = 1000, wait = sleep } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transport.sendMail(message);
    } catch (error) {
      if (!isTemporary(error) || attempt === attempts) throw error;
      // 1 s, 2 s, 4 s, ... each with up to half again added at random, so
      // many workers that failed together do not retry together.
      const delay = baseMs * 2 ** (attempt - 1);
      await wait(delay + Math.random() * delay * 0.5);
    }
  }
}
