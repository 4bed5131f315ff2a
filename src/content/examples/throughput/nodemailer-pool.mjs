// Nodemailer: one pooled transport for the whole app, created once and reused.
import nodemailer from 'nodemailer';

export const transport = nodemailer.createTransport({
  host: process.env.SMTP_HOST,
  port: Number(process.env.SMTP_PORT),
  secure: false,
  requireTLS: true,
  auth: { user: process.env.MAILPACE_API_TOKEN, pass: process.env.MAILPACE_API_TOKEN },
  pool: true, // keep connections open between messages
  maxConnections: 2, // a few parallel sessions, not one per message
  maxMessages: 100, // then reconnect, so no session lives forever
});
