// Retry a send only when the message provably did not get through, with exponential
// backoff and jitter. Two failures qualify:
// - a temporary (4xx) reply: the server answered and did not take the message;
// - a lost connection before the message's last byte left: the final "." that ends
//   DATA comes after that byte, so the server cannot have accepted the message.
// A connection lost later may already have delivered the message: retrying it could
// send it twice, so that error goes to the caller to record and check. A permanent
// (5xx) reply is final: sending the same message again gets the same answer.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const watched = new WeakSet();

/**
 * Nodemailer plugin: marks the attempt once the SMTP client has read the whole message.
 * The stream ends only when its reader, the client's DATA writer, has taken the last
 * byte, and that writer sends the final "." only after it.
 */
function watchMessageEnd(transport) {
  if (watched.has(transport)) return;
  watched.add(transport);
  transport.use('stream', (mail, done) => {
    const attempt = mail.data.sendAttempt;
    if (attempt) {
      mail.message.processFunc((stream) => {
        stream.once('end', () => (attempt.messageRead = true));
        return stream;
      });
    }
    done();
  });
}

/** True when sending again cannot deliver a second copy, and may succeed. */
export function isSafeToRetry(error, attempt) {
  if (typeof error.responseCode === 'number') return error.responseCode >= 400 && error.responseCode < 500;
  // No reply at all (refused, timed out, reset): safe only before the end of DATA.
  return !attempt.messageRead && ['ETIMEDOUT', 'ECONNECTION', 'ESOCKET', 'EDNS'].includes(error.code);
}

export async function sendWithRetry(transport, message, { attempts = 5, baseMs = 1000, wait = sleep } = {}) {
  watchMessageEnd(transport);
  for (let n = 1; ; n++) {
    const attempt = { messageRead: false };
    try {
      return await transport.sendMail({ ...message, sendAttempt: attempt });
    } catch (error) {
      if (!isSafeToRetry(error, attempt) || n === attempts) throw error;
      // 1 s, 2 s, 4 s, ... each with up to half again added at random, so
      // many workers that failed together do not retry together.
      const delay = baseMs * 2 ** (n - 1);
      await wait(delay + Math.random() * delay * 0.5);
    }
  }
}
