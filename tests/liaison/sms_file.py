"""The SMS that the file backend (liaison/notifications/gateways/local.py, FileSms) wrote, read back as the phone
would read them: a real file, written by the real backend."""

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sms:
    reference: str
    phone: str
    text: str


class SmsFile:
    def __init__(self, path):
        self.path = Path(path)

    @classmethod
    def install(cls, settings, monkeypatch, folder):
        """Send every SMS of the test to a file under `folder`."""
        path = Path(folder) / "sms.txt"
        settings.SMS_BACKEND = "file"
        monkeypatch.setenv("SMS_FILE_PATH", str(path))
        return cls(path)

    def messages(self, phone=None):
        if not self.path.exists():
            return []
        rows = [Sms(*line.split("\t", 2)) for line in self.path.read_text(encoding="utf-8").splitlines()]
        return [sms for sms in rows if phone is None or sms.phone == phone]

    def last(self, phone):
        sent = self.messages(phone)
        assert sent, f"no SMS to {phone}"
        return sent[-1]

    def code(self, phone):
        return re.search(r"(?<!\d)\d{6}(?!\d)", self.last(phone).text).group()

    def link(self, phone):
        return re.search(r"https?://\S+", self.last(phone).text).group()
