# Django 6.0 and later: attach a MIMEPart with a cid for the inline image.
from email.message import MIMEPart
from email.utils import make_msgid

from django.core.mail import EmailMultiAlternatives


def send_receipt(to, logo_png: bytes, invoice_pdf: bytes):
    cid = make_msgid(domain="example.com")  # "<...@example.com>"
    logo = MIMEPart()
    logo.set_content(logo_png, maintype="image", subtype="png",
                     disposition="inline", filename="logo.png", cid=cid)

    msg = EmailMultiAlternatives(
        subject="Your receipt",
        body="Thanks for your order. Your invoice is attached.",
        from_email="Shop <receipts@example.com>",
        to=[to],
    )
    # The HTML refers to the cid without its angle brackets.
    msg.attach_alternative(f'<img src="cid:{cid[1:-1]}" alt="Shop"><p>Thanks for your order.</p>', "text/html")
    msg.attach(logo)
    msg.attach("invoice.pdf", invoice_pdf, "application/pdf")
    msg.send()
