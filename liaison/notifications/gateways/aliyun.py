"""Alibaba Cloud SMS (阿里云短信服务) through its official SDK, alibabacloud-dysmsapi20170525.

One message goes by SendSms (our row id as OutId); several of one template by SendBatchSms, up to 100
numbers with their own parameters, one BizId for the batch. The SDK signs each request (ACS3-HMAC-SHA256)
and does not retry on its own, so a request is sent once per call. Delivery receipts come back by the
SmsReport push (receipts.py)."""

import json

from alibabacloud_dysmsapi20170525 import models
from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_tea_openapi import models as openapi
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from django.conf import settings
from Tea.exceptions import TeaException

from liaison.notifications.gateways.base import (
    CONNECT_TIMEOUT,
    Outcome,
    endpoint_parts,
    network_outcome,
    results_for,
    sms_templated,
)

# The provider's codes (its "API error codes" page) that are not a refusal for good.
RETRY_CODES = {
    "isv.BUSINESS_LIMIT_CONTROL",  # too many messages to one number this minute/hour/day
    "isv.DAY_LIMIT_CONTROL",
    "isp.SYSTEM_ERROR",
    "SignatureNonceUsed",
    "ServiceUnavailable",
}
INVALID_ADDRESS_CODES = {"isv.MOBILE_NUMBER_ILLEGAL", "isv.BLACK_KEY_CONTROL_LIMIT", "isv.MOBILE_IN_BLACK"}


def outcome_of(code):
    if code in INVALID_ADDRESS_CODES:
        return Outcome.INVALID_ADDRESS
    if code in RETRY_CODES or code.startswith("Throttling"):
        return Outcome.RETRY
    return Outcome.REFUSED


def national(mobile):
    """The provider takes mainland numbers without +86."""
    return mobile.removeprefix("+86")


class AliyunSms:
    channel = "sms"
    max_batch = 100

    def __init__(self):
        scheme, host = endpoint_parts(settings.ALIYUN_SMS_ENDPOINT)
        self.missing = [
            name
            for name in ("ALIYUN_SMS_ACCESS_KEY_ID", "ALIYUN_SMS_ACCESS_KEY_SECRET", "SMS_SIGN_NAME")
            if not getattr(settings, name)
        ]
        # Without keys the SDK would look for credentials elsewhere (files, the cloud's metadata server).
        self.client = None
        if not self.missing:
            self.client = Client(
                openapi.Config(
                    access_key_id=settings.ALIYUN_SMS_ACCESS_KEY_ID,
                    access_key_secret=settings.ALIYUN_SMS_ACCESS_KEY_SECRET,
                    endpoint=host,
                    protocol=scheme,
                    connect_timeout=int(CONNECT_TIMEOUT * 1000),
                    read_timeout=int(settings.GATEWAY_READ_TIMEOUT_SECONDS * 1000),
                )
            )

    def send_batch(self, messages):
        if self.missing:
            return results_for(messages, Outcome.REFUSED, "not configured: " + ", ".join(self.missing))
        results, templated = sms_templated(messages)
        by_template = {}
        for message, code, names in templated:
            by_template.setdefault(code, (names, []))[1].append(message)
        for code, (names, group) in by_template.items():
            results += self._send_group(code, names, group)
        return results

    def _send_group(self, code, names, messages):
        answer = self._call(code, names, messages)
        if isinstance(answer, list):
            return answer
        if answer.code == "OK":
            return results_for(messages, Outcome.SENT, provider_id=answer.biz_id)
        outcome = outcome_of(answer.code)
        if outcome == Outcome.INVALID_ADDRESS and len(messages) > 1:
            # The batch was refused whole for one bad number: nothing went out, so send each alone to learn
            # which one it was.
            return [result for message in messages for result in self._send_group(code, names, [message])]
        return results_for(messages, outcome, f"{answer.code}: {answer.message}")

    def _call(self, code, names, messages):
        """The provider's answer body, or the Results when the request itself failed."""
        params = [{name: message.params.get(name, "") for name in names} for message in messages]
        try:
            if len(messages) == 1:
                request = models.SendSmsRequest(
                    phone_numbers=national(messages[0].address),
                    sign_name=settings.SMS_SIGN_NAME,
                    template_code=code,
                    template_param=json.dumps(params[0], ensure_ascii=False),
                    out_id=messages[0].reference,
                )
                return self.client.send_sms(request).body
            request = models.SendBatchSmsRequest(
                phone_number_json=json.dumps([national(message.address) for message in messages]),
                sign_name_json=json.dumps([settings.SMS_SIGN_NAME] * len(messages), ensure_ascii=False),
                template_code=code,
                template_param_json=json.dumps(params, ensure_ascii=False),
            )
            return self.client.send_batch_sms(request).body
        except AlibabaCloudException as error:
            status = getattr(error, "status_code", None) or 0
            outcome = Outcome.RETRY if status >= 500 else outcome_of(error.code or "")
            return results_for(messages, outcome, f"{error.code}: {error.message}")
        except TeaException as error:  # no answer: the SDK wraps the network's error
            return results_for(messages, network_outcome(str(error)), str(error))

    def check(self):
        if self.missing:
            return "not configured: " + ", ".join(self.missing)
        try:
            answer = self.client.query_sms_sign(
                models.QuerySmsSignRequest(sign_name=settings.SMS_SIGN_NAME)
            ).body
        except (AlibabaCloudException, TeaException) as error:
            return f"{getattr(error, 'code', '')}: {getattr(error, 'message', error)}"
        if answer.code != "OK":
            return f"{answer.code}: {answer.message}"
        if answer.sign_status != 1:  # 0 waiting for approval, 2 rejected
            return f"the signature {settings.SMS_SIGN_NAME} is not approved ({answer.reason or answer.sign_status})"
        return ""
