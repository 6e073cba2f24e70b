import pytest
from django.core.exceptions import ValidationError

from liaison.core.phones import mask_phone, national_phone, normalise_phone


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("+86 138-1234-5678", "+8613812345678"),
        ("１３８１２３４５６７８", "+8613812345678"),  # full-width digits
        ("010-12345678", "+861012345678"),
        ("(027) 8888 6666", "+862788886666"),
        ("", ""),
    ],
)
def test_numbers_are_stored_in_one_form(raw, stored):
    assert normalise_phone(raw) == stored


@pytest.mark.parametrize("raw", ["1381234567", "138123456789", "12345", "phone", "12345678"])
def test_bad_numbers_get_a_clear_message(raw):
    with pytest.raises(ValidationError) as caught:
        normalise_phone(raw)
    assert raw in caught.value.messages[0]


def test_display_and_masking():
    assert national_phone("+8613812345678") == "13812345678"
    assert national_phone("+861012345678") == "010-12345678"
    assert mask_phone("+8613812345678") == "138****5678"
    assert mask_phone("") == ""
