"""WeChat Work (企业微信): an application message to members, and a station's group robot.

Plain HTTP with httpx rather than wechatpy: we need three calls (gettoken, message/send, webhook/send);
wechatpy's last release is of 2021, it keeps the token per process unless given a Redis of its own and has
no group robot, while the token here lives in Django's cache (Redis in production), shared by every worker.

The token is fetched once, cached until shortly before it expires, and refreshed when the server says it
expired or is invalid (42001, 40014): then the send is retried once with the new token."""

import httpx
from django.conf import settings
from django.core.cache import cache

from liaison.notifications.gateways.base import (
    CONNECT_TIMEOUT,
    Outcome,
    Result,
    results_for,
)

TOKEN_EXPIRED = {42001, 40014}
# The server's codes (its "全局错误码" page) that are not a refusal for good: busy, over the call limits.
RETRY_CODES = {-1, 45009, 45033, 45011}
MAX_TEXT_BYTES = 2048  # a text message's content, for members and robots alike


class WecomError(Exception):
    def __init__(self, outcome, error):
        super().__init__(error)
        self.outcome, self.error = outcome, error


def _timeout():
    return httpx.Timeout(settings.GATEWAY_READ_TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT)


def text_within_limit(text):
    data = text.encode("utf-8")[:MAX_TEXT_BYTES]
    return data.decode("utf-8", errors="ignore")


def _post(url, *, params, payload):
    """The server's JSON answer, or WecomError when none came."""
    try:
        response = httpx.post(url, params=params, json=payload, timeout=_timeout())
    except httpx.ReadTimeout as error:
        raise WecomError(Outcome.UNCERTAIN, f"no answer: {error}") from error
    except httpx.HTTPError as error:
        raise WecomError(Outcome.RETRY, f"not sent: {error}") from error
    if response.status_code >= 500:
        raise WecomError(Outcome.RETRY, f"HTTP {response.status_code}")
    return response.json()


def _failure(answer):
    code = answer.get("errcode")
    outcome = Outcome.RETRY if code in RETRY_CODES else Outcome.REFUSED
    return WecomError(outcome, f"{code}: {answer.get('errmsg', '')}")


class WecomApp:
    """The application's text message to up to 1000 members at once (touser "a|b|c")."""

    channel = "wecom"
    max_batch = 1000

    def __init__(self):
        self.base = settings.WECOM_ENDPOINT.rstrip("/") + "/cgi-bin"
        self.missing = [
            name
            for name in ("WECOM_CORP_ID", "WECOM_AGENT_ID", "WECOM_SECRET")
            if not getattr(settings, name)
        ]
        self.token_key = f"wecom:token:{settings.WECOM_CORP_ID}:{settings.WECOM_AGENT_ID}"

    def token(self, *, fresh=False):
        token = None if fresh else cache.get(self.token_key)
        if token:
            return token
        try:
            response = httpx.get(
                f"{self.base}/gettoken",
                params={"corpid": settings.WECOM_CORP_ID, "corpsecret": settings.WECOM_SECRET},
                timeout=_timeout(),
            )
            answer = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise WecomError(Outcome.RETRY, f"no token: {error}") from error
        if answer.get("errcode"):
            raise _failure(answer)
        # Kept a little shorter than the server keeps it, so a cached token is never one that just expired.
        cache.set(self.token_key, answer["access_token"], max(answer.get("expires_in", 7200) - 300, 60))
        return answer["access_token"]

    def _send(self, payload):
        answer = _post(f"{self.base}/message/send", params={"access_token": self.token()}, payload=payload)
        if answer.get("errcode") in TOKEN_EXPIRED:
            token = self.token(fresh=True)
            answer = _post(f"{self.base}/message/send", params={"access_token": token}, payload=payload)
        return answer

    def send_batch(self, messages):
        if self.missing:
            return results_for(messages, Outcome.REFUSED, "not configured: " + ", ".join(self.missing))
        by_text = {}
        for message in messages:
            by_text.setdefault(text_within_limit(message.text), []).append(message)
        results = []
        for text, group in by_text.items():
            payload = {
                "touser": "|".join(dict.fromkeys(message.address for message in group)),
                "msgtype": "text",
                "agentid": int(settings.WECOM_AGENT_ID),
                "text": {"content": text},
            }
            try:
                answer = self._send(payload)
            except WecomError as error:
                results += results_for(group, error.outcome, error.error)
                continue
            if answer.get("errcode") == 81013:  # every member id is unknown
                results += results_for(group, Outcome.INVALID_ADDRESS, f"81013: {answer.get('errmsg', '')}")
                continue
            if answer.get("errcode"):
                failure = _failure(answer)
                results += results_for(group, failure.outcome, failure.error)
                continue
            invalid = set(filter(None, answer.get("invaliduser", "").split("|")))
            invalid |= set(filter(None, answer.get("unlicenseduser", "").split("|")))
            for message in group:
                if message.address in invalid:
                    results.append(Result(message.reference, Outcome.INVALID_ADDRESS, error="invaliduser"))
                else:
                    results.append(Result(message.reference, Outcome.SENT, answer.get("msgid", "")))
        return results

    def check(self):
        if self.missing:
            return "not configured: " + ", ".join(self.missing)
        try:
            self.token(fresh=True)
        except WecomError as error:
            return error.error
        return ""


class WecomRobot:
    """A group's robot (群机器人): the address is the key of its webhook, set per station."""

    channel = "wecom_robot"
    max_batch = 1  # one post per call; the server takes 20 a minute per robot

    def __init__(self):
        self.url = settings.WECOM_ENDPOINT.rstrip("/") + "/cgi-bin/webhook/send"

    def send_batch(self, messages):
        results = []
        for message in messages:
            payload = {"msgtype": "text", "text": {"content": text_within_limit(message.text)}}
            try:
                answer = _post(self.url, params={"key": message.address}, payload=payload)
            except WecomError as error:
                results.append(Result(message.reference, error.outcome, error=error.error))
                continue
            code = answer.get("errcode")
            if not code:
                results.append(Result(message.reference, Outcome.SENT))
            elif code == 93000:  # no robot with this key
                results.append(
                    Result(
                        message.reference, Outcome.INVALID_ADDRESS, error=f"93000: {answer.get('errmsg', '')}"
                    )
                )
            else:
                failure = _failure(answer)
                results.append(Result(message.reference, failure.outcome, error=failure.error))
        return results

    def check(self):
        return ""
