"""Chinese phone numbers: validated and stored in one form (E.164), shown masked outside the few pages
that need the full number (DOMAIN.md: voters' and deputies' personal data)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGION = "CN"


def normalise_phone(raw):
    """Return the number in E.164 (+8613812345678), or raise ValidationError with a message for people.

    Accepts spaces, dashes, full-width digits and a +86 prefix; mobiles must have 11 digits, landlines
    an area code."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="invalid", params={"value": text}
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "“%(value)s” is not a valid phone number: a mobile has 11 digits, a landline needs its area code."
            ),
            code="invalid",
            params={"value": text},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_mobile(raw):
    """Like normalise_phone, for a number SMS must reach: a mainland China mobile, or ValidationError
    saying why not (a landline, a number abroad, a mistyped mobile)."""
    stored = normalise_phone(raw)
    if not stored or mainland_mobile(stored):
        return stored
    text = raw.strip()
    number = phonenumbers.parse(stored, REGION)
    if number.country_code != 86:
        message = _("“%(value)s” is not a mainland China mobile: SMS reminders reach only +86 mobiles.")
    else:
        message = _("“%(value)s” is a landline: SMS cannot reach it. Enter an 11-digit mobile number.")
    raise ValidationError(message, code="not_mobile", params={"value": text})


def national_phone(stored):
    """The stored E.164 number as people write it in China (13812345678, 010-12345678)."""
    if not stored:
        return ""
    number = phonenumbers.parse(stored, REGION)
    if number.country_code != 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    digits = phonenumbers.national_significant_number(number)
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
        return digits
    area_length = phonenumbers.length_of_geographical_area_code(number)
    return f"0{digits[:area_length]}-{digits[area_length:]}" if area_length else digits


def mask_name(name):
    """张*明, 李*, 欧**锋: the first and last character stay, so the officer can still greet the voter."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(stored):
    """138****5678: keeps the first three and last four digits."""
    national = national_phone(stored)
    digits = [c for c in national if c.isdigit()]
    if len(digits) < 8:
        return "*" * len(digits)
    return "".join(digits[:3]) + "****" + "".join(digits[-4:])


def mask_email(address):
    """c***@example.org: the first character and the domain stay."""
    local, at, domain = (address or "").partition("@")
    if not at:
        return "*" * len(local)
    return f"{local[:1]}***@{domain}"


def mainland_mobile(raw):
    """The number in E.164 if it is a mainland China mobile (what SMS can reach), else ""; never raises."""
    try:
        number = phonenumbers.parse((raw or "").strip(), REGION)
    except phonenumbers.NumberParseException:
        return ""
    mobile = (
        number.country_code == 86
        and phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if mobile else ""
