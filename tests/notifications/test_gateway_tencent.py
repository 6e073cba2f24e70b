"""Tencent Cloud SMS through its SDK against the local imitation of the SMS API (providers.FakeTencent), which
checks each request's TC3-HMAC-SHA256 signature with the test's key."""

from liaison.notifications.gateways import gateway_for, send_now
from liaison.notifications.gateways.base import Message, Outcome
from liaison.notifications.gateways.status import status_check


def _message(n, kind="activity_upcoming", **params):
    return Message(
        reference=str(n),
        address=f"+86138000{n:05d}",
        kind=kind,
        params={"subject": "接待选民日", "time": "06-01 09:00", **params},
    )


def test_the_same_reminder_to_many_goes_in_one_call(tencent):
    results = gateway_for("sms").send_batch([_message(n) for n in range(200)])
    assert tencent.calls == ["SendSms"]
    assert {result.outcome for result in results} == {Outcome.SENT}
    assert len({result.provider_id for result in results}) == 200  # a SerialNo per number
    assert tencent.sent[0] == {
        "phone": "+8613800000000",
        "template": "1001",
        "params": ["接待选民日", "06-01 09:00"],  # positional, in the template's order
    }


def test_different_parameters_go_in_separate_calls(tencent):
    send = gateway_for("sms").send_batch
    results = send([_message(1), _message(2, subject="别的活动"), _message(3), _message(4, kind="notice")])
    assert tencent.calls == ["SendSms"] * 3
    assert {result.outcome for result in results} == {Outcome.SENT}
    assert ["接待选民日"] in [sent["params"] for sent in tencent.sent]  # the default template's one parameter


def test_one_number_twice_goes_in_two_calls(tencent):
    twice = [_message(1), Message("2", "+8613800000001", "activity_upcoming", _message(1).params)]
    results = gateway_for("sms").send_batch(twice)
    assert tencent.calls == ["SendSms", "SendSms"]
    assert [result.reference for result in results] == ["1", "2"]


def test_each_number_gets_its_own_answer(tencent):
    tencent.invalid_numbers = {"+8613800000002"}
    tencent.rate_limited_numbers = {"+8613800000003"}
    results = {r.reference: r for r in gateway_for("sms").send_batch([_message(n) for n in range(1, 5)])}
    assert tencent.calls == ["SendSms"]
    assert results["1"].outcome == results["4"].outcome == Outcome.SENT
    assert results["2"].outcome == Outcome.INVALID_ADDRESS and "IncorrectPhoneNumber" in results["2"].error
    assert results["3"].outcome == Outcome.RETRY and "ThirtySecondLimit" in results["3"].error


def test_an_unapproved_signature_is_refused(tencent, settings):
    settings.SMS_SIGN_NAME = "别的签名"
    [result] = gateway_for("sms").send_batch([_message(1)])
    assert result.outcome == Outcome.REFUSED and "SignatureIncorrectOrUnapproved" in result.error


def test_wrong_credentials_are_refused_and_reported(tencent, settings):
    settings.TENCENT_SMS_SECRET_KEY = "not-the-key"
    result = send_now("sms", _message(1))
    assert result.outcome == Outcome.REFUSED and "AuthFailure.SignatureFailure" in result.error
    assert "AuthFailure.SignatureFailure" in status_check("sms")
    settings.TENCENT_SMS_SECRET_ID = "AKID-unknown"
    assert "SecretIdNotFound" in send_now("sms", _message(1)).error
    assert tencent.sent == []


def test_outage_is_retried_later(tencent):
    tencent.outage = 1
    [result] = gateway_for("sms").send_batch([_message(1)])
    assert result.outcome == Outcome.RETRY and tencent.sent == []


def test_no_answer_in_time_may_have_been_sent(tencent, settings):
    settings.GATEWAY_READ_TIMEOUT_SECONDS = 0.3
    tencent.delay = 1.0
    [result] = gateway_for("sms").send_batch([_message(1)])
    assert result.outcome == Outcome.UNCERTAIN


def test_the_connection_test_checks_the_templates(tencent):
    assert "1001" in status_check("sms") and "1999" in status_check("sms")
    tencent.approved_templates = {"1001", "1999"}
    assert status_check("sms") == ""
    assert set(tencent.calls) == {"DescribeSmsTemplateList"}
