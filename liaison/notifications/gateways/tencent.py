"""Tencent Cloud SMS (腾讯云短信) through its official SDK, tencentcloud-sdk-python-sms (API 2021-01-11).

SendSms takes up to 200 numbers with one set of template parameters, and answers for each number (its
SerialNo, or its error code): messages of one template with the same parameters (the same reminder of one
activity to its deputies) go in one call. The SDK signs each request (TC3-HMAC-SHA256) and does not retry
on its own. Delivery receipts come back by the status callback or PullSmsSendStatus (receipts.py)."""

import json

from django.conf import settings
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models
from tencentcloud.sms.v20210111.sms_client import SmsClient

from liaison.notifications.gateways.base import (
    Outcome,
    Result,
    endpoint_parts,
    network_outcome,
    results_for,
    sms_templated,
)

SETTINGS = ("TENCENT_SMS_SECRET_ID", "TENCENT_SMS_SECRET_KEY", "TENCENT_SMS_APP_ID", "SMS_SIGN_NAME")
# The provider's codes (its "error codes" page) that are not a refusal for good.
RETRY_PREFIXES = ("LimitExceeded.PhoneNumber", "RequestLimitExceeded", "InternalError", "ServerNetworkError")
INVALID_ADDRESS_CODES = {
    "InvalidParameterValue.IncorrectPhoneNumber",
    "FailedOperation.PhoneNumberInBlacklist",
    "UnsupportedOperation.UnsupportedRegion",
}


def outcome_of(code):
    if code in INVALID_ADDRESS_CODES:
        return Outcome.INVALID_ADDRESS
    if code.startswith(RETRY_PREFIXES):
        return Outcome.RETRY
    return Outcome.REFUSED


def client():
    scheme, host = endpoint_parts(settings.TENCENT_SMS_ENDPOINT)
    profile = ClientProfile(
        httpProfile=HttpProfile(
            protocol=scheme, endpoint=host, reqTimeout=settings.GATEWAY_READ_TIMEOUT_SECONDS, keepAlive=True
        )
    )
    credential = Credential(settings.TENCENT_SMS_SECRET_ID, settings.TENCENT_SMS_SECRET_KEY)
    return SmsClient(credential, settings.TENCENT_SMS_REGION, profile)


def call(action, params):
    """One API call: its response model, or raises TencentCloudSDKException."""
    api = client()
    request = getattr(models, f"{action}Request")()
    request.from_json_string(json.dumps(params, ensure_ascii=False))
    return getattr(api, action)(request)


def failure_outcome(error):
    if error.code == "ClientNetworkError":
        return network_outcome(error.message or "")
    return outcome_of(error.code or "")


class TencentSms:
    channel = "sms"
    max_batch = 200

    def __init__(self):
        self.missing = [name for name in SETTINGS if not getattr(settings, name)]

    def send_batch(self, messages):
        if self.missing:
            return results_for(messages, Outcome.REFUSED, "not configured: " + ", ".join(self.missing))
        results, templated = sms_templated(messages)
        calls = {}
        for message, code, names in templated:
            values = tuple(message.params.get(name, "") for name in names)
            # A number appears once per call, so that each answer is matched to its message.
            batches = calls.setdefault((code, values), [])
            batch = next((batch for batch in batches if message.address not in batch), None)
            if batch is None:
                batch = {}
                batches.append(batch)
            batch[message.address] = message
        for (code, values), batches in calls.items():
            for batch in batches:
                results += self._send(code, list(values), list(batch.values()))
        return results

    def _send(self, code, values, messages):
        params = {
            "PhoneNumberSet": [message.address for message in messages],
            "SmsSdkAppId": settings.TENCENT_SMS_APP_ID,
            "SignName": settings.SMS_SIGN_NAME,
            "TemplateId": code,
            "TemplateParamSet": values,
            "SessionContext": messages[0].reference if len(messages) == 1 else "",
        }
        try:
            answer = call("SendSms", params)
        except TencentCloudSDKException as error:
            return results_for(messages, failure_outcome(error), f"{error.code}: {error.message}")
        by_number = {status.PhoneNumber: status for status in answer.SendStatusSet or []}
        results = []
        for message in messages:
            status = by_number.get(message.address)
            if status is None:
                results.append(
                    Result(message.reference, Outcome.UNCERTAIN, error="no answer for this number")
                )
            elif status.Code == "Ok":
                results.append(Result(message.reference, Outcome.SENT, status.SerialNo))
            else:
                outcome = outcome_of(status.Code)
                results.append(Result(message.reference, outcome, error=f"{status.Code}: {status.Message}"))
        return results

    def check(self):
        if self.missing:
            return "not configured: " + ", ".join(self.missing)
        codes = sorted({int(code) for code, _names in settings.SMS_TEMPLATES.values() if code.isdigit()})
        if not codes:
            return "not configured: SMS_TEMPLATES"
        try:
            answer = call("DescribeSmsTemplateList", {"International": 0, "TemplateIdSet": codes})
        except TencentCloudSDKException as error:
            return f"{error.code}: {error.message}"
        unapproved = [str(t.TemplateId) for t in answer.DescribeTemplateStatusSet or [] if t.StatusCode != 0]
        return f"templates not approved: {', '.join(unapproved)}" if unapproved else ""
