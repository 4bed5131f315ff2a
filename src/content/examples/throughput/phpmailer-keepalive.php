<?php
// PHPMailer: one SMTP session for a batch; SMTPKeepAlive stops send() from closing it.

use PHPMailer\PHPMailer\Exception;
use PHPMailer\PHPMailer\PHPMailer;

function sendBatch(PHPMailer $mail, array $recipients): void
{
    $mail->SMTPKeepAlive = true;
    foreach ($recipients as $address => $name) {
        try {
            $mail->addAddress($address, $name);
            $mail->Body = "Hello {$name}, your report is ready.";
            $mail->send();
        } catch (Exception $e) {
            error_log("Not sent to {$address}: {$mail->ErrorInfo}");
            $mail->getSMTPInstance()->reset(); // RSET, so the session can go on
        }
        $mail->clearAddresses();
    }
    $mail->smtpClose();
}
