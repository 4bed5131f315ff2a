// Nodemailer: HTML plus text, an inline logo and a PDF, in one message.
/** @param {import('nodemailer').Transporter} transport */
export async function sendReceipt(transport, { logoPath, invoicePath }) {
  return transport.sendMail({
    from: 'Shop <receipts@example.com>',
    to: 'customer@example.net',
    subject: 'Your receipt',
    text: 'Thanks for your order. Your invoice is attached.',
    // cid: matches the attachment's cid below, so the logo shows inline.
    html: '<img src="cid:logo" alt="Shop"><p>Thanks for your order. Your invoice is attached.</p>',
    attachments: [
      { filename: 'logo.png', path: logoPath, cid: 'logo' },
      { filename: 'invoice.pdf', path: invoicePath, contentType: 'application/pdf' },
    ],
  });
}
