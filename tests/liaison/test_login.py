"""Logging in: throttled per username and address (django-axes), landing on the home page, the password
validators on, and no account made by a migration."""

import pytest
from django.urls import reverse

from liaison.models import User
from tests.liaison.factories import UserFactory


def login(client, password, address="10.0.0.1", username="officer"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_five_failures_lock_the_username_from_that_address_only(client, settings):
    UserFactory(username="officer")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong").status_code == 200
    assert login(client, "wrong").status_code == 429  # the fifth failure locks
    locked = login(client, "test-password-123")  # even the right password waits now
    assert locked.status_code == 429
    assert "请 15 分钟后再试" in locked.content.decode()
    # Another address (a deputy at home) can still log in with the same username.
    assert login(client, "test-password-123", address="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_a_successful_login_lands_on_the_home_page(client):
    UserFactory(username="officer")
    response = login(client, "test-password-123")
    assert response.status_code == 302
    assert response["Location"] == reverse("home:home")


def test_password_validators_are_on(settings):
    names = {validator["NAME"].rsplit(".", 1)[1] for validator in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= names


@pytest.mark.django_db
def test_no_account_exists_after_migrate():
    assert not User.objects.exists()


def test_the_login_page_offers_the_language_switch(client):
    page = client.get(reverse("login")).content.decode()
    assert f'action="{reverse("set_language")}"' in page and 'value="en"' in page
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Log in" in client.get(response.url).content.decode()
