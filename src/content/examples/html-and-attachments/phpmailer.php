<?php
// PHPMailer: HTML plus text, an inline logo and a PDF ($mail is set up for SMTP already).

use PHPMailer\PHPMailer\PHPMailer;

function sendReceipt(PHPMailer $mail, string $logoPath, string $invoicePath): void
{
    $mail->setFrom('receipts@example.com', 'Shop');
    $mail->addAddress('customer@example.net');
    $mail->Subject = 'Your receipt';
    $mail->isHTML(true);
    // addEmbeddedImage() gives the image the cid "logo".
    $mail->addEmbeddedImage($logoPath, 'logo', 'logo.png');
    $mail->Body = '<img src="cid:logo" alt="Shop"><p>Thanks for your order.</p>';
    $mail->AltBody = 'Thanks for your order. Your invoice is attached.';
    $mail->addAttachment($invoicePath, 'invoice.pdf');
    // Without `new PHPMailer(true)`, send() reports a failure by returning false.
    if (!$mail->send()) {
        throw new RuntimeException($mail->ErrorInfo);
    }
}
