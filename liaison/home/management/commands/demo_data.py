from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from liaison.home import demo


class Command(BaseCommand):
    help = "Build the demo street with one login per role (once: a second run changes nothing)."

    def handle(self, *args, **options):
        if demo.demo_exists():
            self.stdout.write("Demo data already present; nothing to do.")
        else:
            # Commands run untranslated; the street's texts (notices, messages) are written in Chinese.
            with translation.override(settings.LANGUAGE_CODE):
                demo.build()
            self.stdout.write(self.style.SUCCESS("Demo street built."))
        self.stdout.write(demo_logins_text())


def demo_logins_text():
    lines = [f"Demo logins (password for all: {demo.DEMO_PASSWORD}):"]
    lines += [f"  {username:<9} {purpose}" for username, _role, _name, purpose in demo.DEMO_LOGINS]
    return "\n".join(lines)
