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
            // send() throws only for a PHPMailer made with `new PHPMailer(true)`; made
            // without it, it returns false, which would skip this catch.
            if (!$mail->send()) {
                throw new Exception($mail->ErrorInfo);
            }
        } catch (Exception $e) {
            error_log("Not sent to {$address}: {$mail->ErrorInfo}");
            $mail->getSMTPInstance()->reset(); // RSET, so the session can go on
        }
        $mail->clearAddresses();
    }
    $mail->smtpClose();
}
