<?php
// Symfony Mailer: HTML plus text, an inline logo and a PDF.

use Symfony\Component\Mailer\MailerInterface;
use Symfony\Component\Mime\Email;

function sendReceipt(MailerInterface $mailer, string $logoPath, string $invoicePath): void
{
    $email = (new Email())
        ->from('Shop <receipts@example.com>')
        ->to('customer@example.net')
        ->subject('Your receipt')
        ->text('Thanks for your order. Your invoice is attached.')
        // embedFromPath() names the part "logo.png"; cid:logo.png points at it. The name is
        // also the file name MailPace checks, so it keeps its extension.
        ->html('<img src="cid:logo.png" alt="Shop"><p>Thanks for your order.</p>')
        ->embedFromPath($logoPath, 'logo.png', 'image/png')
        ->attachFromPath($invoicePath, 'invoice.pdf', 'application/pdf');

    $mailer->send($email);
}
