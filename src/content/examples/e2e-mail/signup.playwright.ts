import { expect, test } from '@playwright/test';

// Your app, and the sandbox's inbox API (the address it printed after "inbox and API on").
const APP = process.env.APP_URL ?? 'http://127.0.0.1:3000';
const SANDBOX = process.env.SANDBOX_API ?? 'http://127.0.0.1:2580';

interface Mail {
  links: string[];
  codes: string[];
}

/** The newest inbox ID right now; waiting for mail newer than it never picks up an older message. */
async function newestId(): Promise<number> {
  const list = (await (await fetch(`${SANDBOX}/api/messages?limit=1`)).json()) as { messages: { id: number }[] };
  return list.messages[0]?.id ?? 0;
}

/** Waits (up to 30 s) for a matching message newer than `since`, with its links and codes. */
async function waitForMail(filter: Record<string, string>, since: number): Promise<Mail> {
  const query = new URLSearchParams({ ...filter, since: String(since), timeout: '30' });
  const response = await fetch(`${SANDBOX}/api/messages/wait?${query}`);
  if (!response.ok) throw new Error(`no mail: ${await response.text()}`);
  return (await response.json()) as Mail;
}

test('signing up sends a confirmation link and code that work', async ({ page }) => {
  const email = `ada+${Date.now()}@example.net`;
  const since = await newestId();

  await page.goto(`${APP}/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign up' }).click();

  const mail = await waitForMail({ to: email, subject: 'Confirm' }, since);
  const link = mail.links.find((l) => l.startsWith(`${APP}/confirm`));
  expect(link).toBeDefined();
  await page.goto(link!);
  await page.getByLabel('Code').fill(mail.codes[0]!);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: 'Email confirmed' })).toBeVisible();
});
