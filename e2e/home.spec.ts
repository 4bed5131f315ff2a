import { expect, test } from '@playwright/test';

test('the home page shows the SMTP settings', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: /send email over smtp/i })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table.getByRole('row', { name: /host/i })).toContainText('smtp.mailpace.com');
});
