# Django: open one connection, send a batch over it, close it.
from django.core import mail


def send_reports(reports):
    with mail.get_connection() as connection:
        messages = [
            mail.EmailMessage(
                subject="Your weekly report",
                body=report.text,
                from_email="Reports <reports@example.com>",
                to=[report.email],
                connection=connection,
            )
            for report in reports
        ]
        # send_messages() reuses the open connection for every message.
        return connection.send_messages(messages)
