"""Alibaba Cloud SMS through its SDK against the local imitation of dysmsapi (providers.FakeAliyun), which
checks each request's ACS3-HMAC-SHA256 signature with the test's key."""

from liaison.notifications.gateways import gateway_for, send_now
from liaison.notifications.gateways.base import Message, Outcome
from liaison.notifications.gateways.status import status_check


def _message(n, phone=None, kind="activity_upcoming", **params):
    return Message(
        reference=str(n),
        address=phone or f"+86138000{n:05d}",
        kind=kind,
        params={"subject": "接待选民日", "time": "06-01 09:00", "body": "上午九点", **params},
    )


def test_one_message_goes_by_send_sms_with_our_id(aliyun):
    result = send_now("sms", _message(7))
    assert result.outcome == Outcome.SENT and result.provider_id.startswith("9000")
    assert aliyun.calls == ["SendSms"]
    assert aliyun.sent == [
        {
            "phone": "13800000007",  # mainland numbers go without +86
            "template": "SMS_100",
            "params": {"subject": "接待选民日", "time": "06-01 09:00"},  # the template's parameters only
        }
    ]


def test_many_go_by_send_batch_sms_each_with_its_parameters(aliyun):
    messages = [_message(n, subject=f"活动 {n}") for n in range(100)]
    results = gateway_for("sms").send_batch(messages)
    assert aliyun.calls == ["SendBatchSms"]
    assert {result.outcome for result in results} == {Outcome.SENT}
    assert len({result.provider_id for result in results}) == 1  # one BizId for the batch
    assert [sent["params"]["subject"] for sent in aliyun.sent] == [f"活动 {n}" for n in range(100)]


def test_each_kind_uses_its_template_and_others_the_default(aliyun):
    gateway_for("sms").send_batch([_message(1), _message(2, kind="notice"), _message(3, kind="notice")])
    assert sorted(aliyun.calls) == ["SendBatchSms", "SendSms"]
    assert {sent["template"] for sent in aliyun.sent} == {"SMS_100", "SMS_999"}
    assert {"subject": "接待选民日", "body": "上午九点"} in [sent["params"] for sent in aliyun.sent]


def test_a_kind_without_template_is_refused_without_a_request(aliyun, settings):
    settings.SMS_TEMPLATES = {"activity_upcoming": ("SMS_100", ["subject"])}
    [result] = gateway_for("sms").send_batch([_message(1, kind="notice")])
    assert result.outcome == Outcome.REFUSED and "no template" in result.error
    assert aliyun.calls == []


def test_an_invalid_number_fails_alone(aliyun):
    aliyun.invalid_numbers = {"13800000002"}
    results = {r.reference: r for r in gateway_for("sms").send_batch([_message(n) for n in range(1, 5)])}
    # The batch is refused whole; each is then sent alone to learn which number it was.
    assert aliyun.calls == ["SendBatchSms", "SendSms", "SendSms", "SendSms", "SendSms"]
    assert results["2"].outcome == Outcome.INVALID_ADDRESS and "MOBILE_NUMBER_ILLEGAL" in results["2"].error
    assert {results[n].outcome for n in "134"} == {Outcome.SENT}
    assert len(aliyun.sent) == 3


def test_rate_limit_and_outage_are_retried_later(aliyun):
    aliyun.rate_limited = True
    [limited] = gateway_for("sms").send_batch([_message(1)])
    assert limited.outcome == Outcome.RETRY and "BUSINESS_LIMIT_CONTROL" in limited.error
    aliyun.rate_limited, aliyun.outage = False, 1
    [down] = gateway_for("sms").send_batch([_message(1)])
    assert down.outcome == Outcome.RETRY
    assert aliyun.sent == []


def test_wrong_credentials_are_refused_and_reported(aliyun, settings):
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "not-the-secret"
    [result] = gateway_for("sms").send_batch([_message(1)])
    assert result.outcome == Outcome.REFUSED and "SignatureDoesNotMatch" in result.error
    assert "SignatureDoesNotMatch" in status_check("sms")
    settings.ALIYUN_SMS_ACCESS_KEY_ID = "LTAI-unknown"
    [result] = gateway_for("sms").send_batch([_message(1)])
    assert result.outcome == Outcome.REFUSED and "InvalidAccessKeyId.NotFound" in result.error
    assert aliyun.sent == []


def test_the_connection_test_checks_the_signature_name(aliyun, settings):
    assert status_check("sms") == ""
    assert aliyun.calls == ["QuerySmsSign"]
    settings.SMS_SIGN_NAME = "别的签名"
    assert "not approved" in status_check("sms")


def test_no_answer_in_time_may_have_been_sent(aliyun, settings):
    settings.GATEWAY_READ_TIMEOUT_SECONDS = 0.3
    aliyun.delay = 1.0
    [result] = gateway_for("sms").send_batch([_message(1)])
    assert result.outcome == Outcome.UNCERTAIN


def test_missing_keys_send_nothing(aliyun, settings):
    settings.ALIYUN_SMS_ACCESS_KEY_ID = ""
    [result] = gateway_for("sms").send_batch([_message(1)])
    assert result.outcome == Outcome.REFUSED and "ALIYUN_SMS_ACCESS_KEY_ID" in result.error
    assert aliyun.calls == []
