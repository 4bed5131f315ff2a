import { expect, it } from 'vitest';
import { JobQueue, type Job } from './job-queue.ts';

it('an empty push does not stop later jobs from running', async () => {
  const ran: string[] = [];
  const queue = new JobQueue(async (job: Job) => {
    await Promise.resolve();
    if (job.kind === 'line') ran.push(job.text);
  });
  await queue.push();
  await queue.push({ kind: 'line', text: 'EHLO a.test', origin: 'typed' });
  expect(ran).toEqual(['EHLO a.test']);
});
