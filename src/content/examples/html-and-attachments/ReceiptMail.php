<?php
// Laravel: app/Mail/ReceiptMail.php. The Blade views embed the logo with
// <img src="{{ $message->embed(public_path('logo.png')) }}">, which adds a cid part.

namespace App\Mail;

use Illuminate\Mail\Mailable;
use Illuminate\Mail\Mailables\Attachment;
use Illuminate\Mail\Mailables\Content;
use Illuminate\Mail\Mailables\Envelope;

class ReceiptMail extends Mailable
{
    public function __construct(public string $invoicePath)
    {
    }

    public function envelope(): Envelope
    {
        return new Envelope(subject: 'Your receipt');
    }

    public function content(): Content
    {
        // An HTML view and a plain-text view: Laravel sends both as alternatives.
        return new Content(view: 'mail.receipt', text: 'mail.receipt-text');
    }

    public function attachments(): array
    {
        return [
            Attachment::fromPath($this->invoicePath)->as('invoice.pdf')->withMime('application/pdf'),
        ];
    }
}
