"""
A filebased email backend that stalls in the middle of its first send, so a test can kill the
worker while it is sending. It writes `sending.marker` first; the first send then sleeps (the
worker is killed during the sleep) and later sends, seeing the marker, go straight through.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        marker = Path(settings.EMAIL_FILE_PATH).parent / "sending.marker"
        if not marker.exists():
            marker.write_text("a worker is sending")
            time.sleep(60)
        return super().send_messages(email_messages)
