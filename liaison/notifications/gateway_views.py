"""The gateways as staff see them (each channel's configuration, last error, a test of the connection), and
the addresses the SMS providers push delivery receipts to."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from liaison.core.access import is_committee_staff, is_deployment_staff, role_required
from liaison.notifications.gateways.status import CHANNELS, status_check, status_of
from liaison.notifications.models import Delivery
from liaison.notifications.receipts import aliyun_receipts, receipts_record, tencent_receipts
from liaison.selectors import stations_visible_to

# How each provider's push is read, and the answer it waits for (its callback documentation).
RECEIPT_PUSHES = {
    "aliyun": (aliyun_receipts, {"code": 0, "msg": "成功"}, {"code": 1, "msg": "bad request"}),
    "tencent": (tencent_receipts, {"result": 0, "errmsg": "OK"}, {"result": 1, "errmsg": "bad request"}),
}
PROVIDERS = {
    "logging": gettext_lazy("The log only: no SMS leaves the site"),
    "file": gettext_lazy("A file (tests and the benchmark)"),
    "aliyun": gettext_lazy("Alibaba Cloud SMS"),
    "tencent": gettext_lazy("Tencent Cloud SMS"),
    "wecom": gettext_lazy("WeChat Work application"),
    "smtp": gettext_lazy("SMTP server"),
    "console": gettext_lazy("The console only: no e-mail leaves the site"),
}


@role_required(is_committee_staff)
def gateways(request):
    labels = dict(Delivery.Channel.choices)
    channels = [
        {**status, "label": labels[status["channel"]], "provider_label": PROVIDERS.get(status["provider"])}
        for status in map(status_of, CHANNELS)
    ]
    # The stations of the staff member's jurisdiction only: no figure over the whole deployment (issue 15).
    robots = stations_visible_to(request.user).exclude(wecom_webhook_key="").count()
    return render(request, "notifications/gateways.html", {"channels": channels, "robots": robots})


@require_POST
@role_required(is_deployment_staff)
def gateway_check(request, channel):
    if channel not in CHANNELS:
        raise Http404
    label = dict(Delivery.Channel.choices)[channel]
    error = status_check(channel)
    if error:
        messages.error(
            request, _("%(channel)s: the test failed: %(error)s") % {"channel": label, "error": error}
        )
    else:
        messages.success(request, _("%(channel)s: the connection works.") % {"channel": label})
    return redirect("notifications:gateways")


@csrf_exempt  # the provider's servers post here; the secret in the address stands for the CSRF token
@require_POST
def receipts_push(request, provider, token):
    expected = settings.SMS_RECEIPT_TOKEN
    if provider not in RECEIPT_PUSHES or not expected or not hmac.compare_digest(token, expected):
        raise Http404
    read, accepted, refused = RECEIPT_PUSHES[provider]
    try:
        items = json.loads(request.body)
        receipts = read(items if isinstance(items, list) else [items])
    except (ValueError, KeyError, TypeError, AttributeError):
        return JsonResponse(refused, status=400)
    receipts_record(receipts)
    return JsonResponse(accepted)
