"""Verifies one outgoing webhook with the `standardwebhooks` package from PyPI, an
implementation independent of tagcart's. Usage: verify_webhook.py SECRET ID TIMESTAMP
SIGNATURE < body. Prints the payload's type and exits 0 when the signature verifies."""
import sys

from standardwebhooks.webhooks import Webhook

secret, msg_id, timestamp, signature = sys.argv[1:5]
body = sys.stdin.buffer.read()
headers = {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": signature}
payload = Webhook(secret).verify(body, headers)
print(payload["type"])
