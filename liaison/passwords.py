from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

CLASSES = (str.islower, str.isupper, str.isdigit, lambda char: not char.isalnum())


class CharacterClassesValidator:
    """等保2.0 asks for complex passwords: at least `min_classes` of lower case, upper case, digits and
    symbols. (OWASP ASVS advises against composition rules; we follow the Chinese standard on purpose.)"""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        used = sum(any(test(char) for char in password) for test in CLASSES)
        if used < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(count)d kind of characters: lower case, upper case, digits, symbols.",
            "Your password must mix at least %(count)d kinds of characters: lower case, upper case, digits, symbols.",
            self.min_classes,
        ) % {"count": self.min_classes}
