import json
import os
import time
import urllib.parse
import urllib.request

# Your app, and the sandbox's inbox API (the address it printed after "inbox and API on").
APP = os.environ.get("APP_URL", "http://127.0.0.1:3000")
SANDBOX = os.environ.get("SANDBOX_API", "http://127.0.0.1:2580")


def get_json(url):
    with urllib.request.urlopen(url, timeout=40) as response:
        return json.load(response)


def newest_id():
    """The newest inbox ID right now; waiting for mail newer than it never picks up an older message."""
    messages = get_json(f"{SANDBOX}/api/messages?limit=1")["messages"]
    return messages[0]["id"] if messages else 0


def wait_for_mail(since, **filters):
    """Waits (up to 30 s) for a matching message newer than `since`, with its links and codes."""
    query = urllib.parse.urlencode({**filters, "since": since, "timeout": 30})
    return get_json(f"{SANDBOX}/api/messages/wait?{query}")


def post_form(url, **fields):
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(url, data=data, timeout=10) as response:
        return response.read().decode()


def test_signup_sends_a_confirmation_link_and_code_that_work():
    email = f"grace+{time.time_ns()}@example.net"
    since = newest_id()
    post_form(f"{APP}/signup", email=email)

    mail = wait_for_mail(since, to=email, subject="Confirm")
    link = next(link for link in mail["links"] if link.startswith(f"{APP}/confirm"))
    with urllib.request.urlopen(link, timeout=10) as response:
        assert "Enter the code" in response.read().decode()
    assert "Email confirmed" in post_form(link, code=mail["codes"][0])
