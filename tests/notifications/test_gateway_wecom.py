"""WeChat Work against the local imitation of its API (providers.FakeWecom): the application's message to
members with its token, and a station's group robot."""

from liaison.notifications.gateways import gateway_for, send_now
from liaison.notifications.gateways.base import Message, Outcome
from liaison.notifications.gateways.status import status_check


def _message(n, member, text="【联络站】明天接待选民"):
    return Message(reference=str(n), address=member, kind="activity_upcoming", text=text)


def test_one_call_for_the_same_text_to_many_members_and_the_token_is_kept(wecom):
    gateway = gateway_for("wecom")
    results = gateway.send_batch([_message(1, "chen"), _message(2, "li")])
    assert {result.outcome for result in results} == {Outcome.SENT}
    assert results[0].provider_id.startswith("msg-")
    gateway_for("wecom").send_batch([_message(3, "wang")])
    # One token for both sends (cached), one message/send per text.
    assert wecom.calls == ["/cgi-bin/gettoken", "/cgi-bin/message/send", "/cgi-bin/message/send"]
    assert [sent["phone"] for sent in wecom.sent] == ["chen", "li", "wang"]


def test_an_expired_token_is_refreshed_once_and_the_send_retried(wecom):
    gateway_for("wecom").send_batch([_message(1, "chen")])
    wecom.expire_tokens()
    [result] = gateway_for("wecom").send_batch([_message(2, "li")])
    assert result.outcome == Outcome.SENT
    assert wecom.calls[1:] == [
        "/cgi-bin/message/send",
        "/cgi-bin/message/send",  # 42001: expired
        "/cgi-bin/gettoken",
        "/cgi-bin/message/send",
    ]
    assert [sent["phone"] for sent in wecom.sent] == ["chen", "li"]


def test_unknown_members_fail_alone(wecom):
    results = {
        r.reference: r for r in gateway_for("wecom").send_batch([_message(1, "chen"), _message(2, "zhao")])
    }
    assert results["1"].outcome == Outcome.SENT
    assert results["2"].outcome == Outcome.INVALID_ADDRESS
    [alone] = gateway_for("wecom").send_batch([_message(3, "zhao")])
    assert alone.outcome == Outcome.INVALID_ADDRESS and "81013" in alone.error


def test_up_to_1000_members_in_one_call(wecom):
    wecom.members |= {f"m{n}" for n in range(1000)}
    gateway = gateway_for("wecom")
    assert gateway.max_batch == 1000
    results = gateway.send_batch([_message(n, f"m{n}") for n in range(1000)])
    assert {result.outcome for result in results} == {Outcome.SENT}
    assert wecom.calls.count("/cgi-bin/message/send") == 1


def test_wrong_secret_is_refused_and_reported(wecom, settings):
    settings.WECOM_SECRET = "not-the-secret"
    [result] = gateway_for("wecom").send_batch([_message(1, "chen")])
    assert result.outcome == Outcome.REFUSED and "40001" in result.error
    assert "40001" in status_check("wecom")
    settings.WECOM_SECRET = wecom.secret
    assert status_check("wecom") == ""


def test_an_outage_is_retried_later(wecom):
    gateway_for("wecom").send_batch([_message(1, "chen")])
    wecom.outage = 1
    [result] = gateway_for("wecom").send_batch([_message(2, "li")])
    assert result.outcome == Outcome.RETRY


def test_the_group_robot_posts_to_its_key(wecom):
    assert send_now("wecom_robot", _message(1, "robot-key-1", text="本周六接待选民")).outcome == Outcome.SENT
    assert wecom.sent == [{"phone": "robot-key-1", "template": "robot", "params": "本周六接待选民"}]
    wrong = send_now("wecom_robot", _message(2, "no-such-key"))
    assert wrong.outcome == Outcome.INVALID_ADDRESS and "93000" in wrong.error


def test_not_configured_sends_nothing(wecom, settings):
    settings.WECOM_CORP_ID = ""
    [result] = gateway_for("wecom").send_batch([_message(1, "chen")])
    assert result.outcome == Outcome.REFUSED and "WECOM_CORP_ID" in result.error
    assert wecom.calls == []
