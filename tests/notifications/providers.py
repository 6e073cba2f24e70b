"""Local imitations of the providers, each an HTTP server on 127.0.0.1 in a thread, speaking the provider's
documented protocol: Alibaba Cloud SMS (RPC API 2017-05-25, signature ACS3-HMAC-SHA256), Tencent Cloud SMS
(API 2021-01-11, signature TC3-HMAC-SHA256), WeChat Work (gettoken, message/send, the group robot), and
an SMTP server for e-mail.

Each checks the request's signature or token with the test's keys and answers as the provider does,
errors included (a wrong key, a bad number, a rate limit, an outage, an expired token). The adapters reach
them through their endpoint setting, as they would the real servers. The bench uses FakeAliyun too, with
`log_path`: one line per message taken, "phone<TAB>template parameters as JSON"."""

import hashlib
import hmac
import itertools
import json
import socketserver
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit

ALIYUN_KEY = ("LTAI-test-key-id", "aliyun-test-secret")
TENCENT_KEY = ("AKID-test-secret-id", "tencent-test-secret-key")
WECOM_CORP = ("ww-test-corp", "wecom-test-secret", 1000002)


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _hmac(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


class FakeServer:
    """The HTTP plumbing: one handler method per request, answered with JSON; `calls` counts requests by
    action, `sent` lists every message taken."""

    content_type = "application/json"

    def __init__(self, log_path=None):
        self.lock = threading.Lock()
        self.calls = []
        self.sent = []
        self.log_path = log_path
        self.outage = 0  # answer the next N requests with a 503
        self.delay = 0.0  # seconds between doing the work and answering (past the client's read timeout)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the providers

            def do_GET(self):
                fake._serve(self)

            def do_POST(self):
                fake._serve(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _serve(self, request):
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        with self.lock:
            taken = len(self.sent)
            if self.outage:
                self.outage -= 1
                status, answer = 503, {"Code": "ServiceUnavailable", "Message": "down for the test"}
            else:
                status, answer = self.handle(request, body)
            if self.log_path and len(self.sent) > taken:
                with open(self.log_path, "a", encoding="utf-8") as out:
                    out.writelines(
                        f"{sent['phone']}\t{json.dumps(sent['params'], ensure_ascii=False)}\n"
                        for sent in self.sent[taken:]
                    )
        if self.delay:  # it did the work, and its answer comes late
            time.sleep(self.delay)
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", self.content_type)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def take(self, phone, template, params):
        self.sent.append({"phone": phone, "template": template, "params": params})

    def handle(self, request, body):
        raise NotImplementedError


class FakeAliyun(FakeServer):
    """dysmsapi: SendSms, SendBatchSms (at most 100 numbers), QuerySmsSign."""

    content_type = "application/json;charset=utf-8"

    def __init__(self, log_path=None, key=ALIYUN_KEY, sign_name="联络站"):
        super().__init__(log_path)
        self.key_id, self.secret = key
        self.sign_name = sign_name
        self.invalid_numbers = set()
        self.rate_limited = False
        self.biz_ids = itertools.count(9000)

    def handle(self, request, body):
        url = urlsplit(request.path)
        action = request.headers.get("x-acs-action", "")
        self.calls.append(action)
        refusal = self.refusal(request, url, body)
        if refusal:
            return refusal
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        if action == "QuerySmsSign":
            status = 1 if params.get("SignName") == self.sign_name else 2
            return 200, {"Code": "OK", "Message": "OK", "SignStatus": status, "Reason": "", "RequestId": "q"}
        if action == "SendSms":
            phones = params["PhoneNumbers"].split(",")
            signs = [params["SignName"]] * len(phones)
            values = [json.loads(params.get("TemplateParam") or "{}")] * len(phones)
        elif action == "SendBatchSms":
            phones = json.loads(params["PhoneNumberJson"])
            signs = json.loads(params["SignNameJson"])
            values = json.loads(params["TemplateParamJson"])
            if len(phones) > 100:
                return 200, self.error("isv.MOBILE_COUNT_OVER_LIMIT", "more than 100 numbers")
            if not len(phones) == len(signs) == len(values):
                return 200, self.error("isv.INVALID_JSON_PARAM", "the JSON lists differ in length")
        else:
            return 400, self.error("InvalidAction.NotFound", f"no action {action}")
        if any(sign != self.sign_name for sign in signs):
            return 200, self.error("isv.SMS_SIGNATURE_ILLEGAL", "the signature is not approved")
        if any(
            not (len(phone) == 11 and phone.startswith("1")) or phone in self.invalid_numbers
            for phone in phones
        ):
            return 200, self.error("isv.MOBILE_NUMBER_ILLEGAL", "invalid number")
        if self.rate_limited:
            return 200, self.error("isv.BUSINESS_LIMIT_CONTROL", "too many messages to this number")
        for phone, value in zip(phones, values, strict=True):
            self.take(phone, params["TemplateCode"], value)
        return 200, {"Code": "OK", "Message": "OK", "BizId": f"{next(self.biz_ids)}^0", "RequestId": "r"}

    @staticmethod
    def error(code, message):
        return {"Code": code, "Message": message, "RequestId": "r"}

    def refusal(self, request, url, body):
        """The checks of the ACS3-HMAC-SHA256 signature, as the server makes them."""
        algorithm, _space, fields = request.headers.get("Authorization", "").partition(" ")
        parts = dict(part.split("=", 1) for part in fields.split(",") if "=" in part)
        if algorithm != "ACS3-HMAC-SHA256" or not {"Credential", "SignedHeaders", "Signature"} <= set(parts):
            return 400, self.error("MissingAuthorization", "no signature")
        if parts["Credential"] != self.key_id:
            return 404, self.error("InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        payload = _sha256(body)
        if request.headers.get("x-acs-content-sha256") != payload:
            return 400, self.error("ContentSHA256NotMatched", "the body's hash differs")
        signed = parts["SignedHeaders"].split(";")
        if not {"host", "x-acs-action", "x-acs-date", "x-acs-signature-nonce"} <= set(signed):
            return 400, self.error("IncompleteSignature", "a required header is not signed")
        query = sorted(parse_qsl(url.query, keep_blank_values=True))
        canonical = "\n".join(
            [
                request.command,
                url.path or "/",
                "&".join(f"{quote(k, safe='~')}={quote(v, safe='~')}" for k, v in query),
                "".join(f"{name}:{request.headers.get(name, '').strip()}\n" for name in signed),
                ";".join(signed),
                payload,
            ]
        )
        text = f"ACS3-HMAC-SHA256\n{_sha256(canonical.encode('utf-8'))}"
        expected = _hmac(self.secret.encode("utf-8"), text).hex()
        if not hmac.compare_digest(expected, parts["Signature"]):
            return 400, self.error("SignatureDoesNotMatch", "Specified signature is not matched.")
        return None


class FakeTencent(FakeServer):
    """sms 2021-01-11: SendSms (at most 200 numbers, one answer per number), DescribeSmsTemplateList,
    PullSmsSendStatus."""

    def __init__(self, log_path=None, key=TENCENT_KEY, app_id="1400000001", sign_name="联络站"):
        super().__init__(log_path)
        self.secret_id, self.secret_key = key
        self.app_id, self.sign_name = app_id, sign_name
        self.invalid_numbers = set()
        self.rate_limited_numbers = set()
        self.approved_templates = set()
        self.receipts = []  # what PullSmsSendStatus hands out next
        self.serials = itertools.count(1)

    @staticmethod
    def answer(**fields):
        return 200, {"Response": {**fields, "RequestId": "r"}}

    def error(self, code, message):
        return self.answer(Error={"Code": code, "Message": message})

    def handle(self, request, body):
        action = request.headers.get("X-TC-Action", "")
        self.calls.append(action)
        refusal = self.refusal(request, body)
        if refusal:
            return refusal
        params = json.loads(body or b"{}")
        if action == "DescribeSmsTemplateList":
            statuses = [
                {"TemplateId": t, "StatusCode": 0 if str(t) in self.approved_templates else 1}
                for t in params["TemplateIdSet"]
            ]
            return self.answer(DescribeTemplateStatusSet=statuses)
        if action == "PullSmsSendStatus":
            taken, self.receipts = self.receipts[: params["Limit"]], self.receipts[params["Limit"] :]
            return self.answer(PullSmsSendStatusSet=taken)
        if action != "SendSms":
            return self.error("InvalidAction", f"no action {action}")
        if params.get("SmsSdkAppId") != self.app_id:
            return self.error("FailedOperation.MissingSmsSdkAppId", "unknown SmsSdkAppId")
        phones = params["PhoneNumberSet"]
        if len(phones) > 200:
            return self.error("LimitExceeded.PhoneNumberCountLimit", "more than 200 numbers")
        statuses = []
        for phone in phones:
            status = {"PhoneNumber": phone, "SerialNo": "", "Fee": 0, "SessionContext": "", "IsoCode": "CN"}
            if params.get("SignName") != self.sign_name:
                code = "FailedOperation.SignatureIncorrectOrUnapproved"
            elif phone in self.invalid_numbers or not (phone.startswith("+861") and len(phone) == 14):
                code = "InvalidParameterValue.IncorrectPhoneNumber"
            elif phone in self.rate_limited_numbers:
                code = "LimitExceeded.PhoneNumberThirtySecondLimit"
            else:
                code = "Ok"
                status.update(SerialNo=f"2433:{next(self.serials)}", Fee=1)
                self.take(phone, params["TemplateId"], params.get("TemplateParamSet", []))
            statuses.append({**status, "Code": code, "Message": "send success" if code == "Ok" else code})
        return self.answer(SendStatusSet=statuses)

    def refusal(self, request, body):
        """The checks of the TC3-HMAC-SHA256 signature, as the server makes them."""
        algorithm, _space, fields = request.headers.get("Authorization", "").partition(" ")
        parts = dict(part.strip().split("=", 1) for part in fields.split(",") if "=" in part)
        if algorithm != "TC3-HMAC-SHA256" or not {"Credential", "SignedHeaders", "Signature"} <= set(parts):
            return self.error("AuthFailure.SignatureFailure", "no signature")
        secret_id, date, service, _end = parts["Credential"].split("/")
        if secret_id != self.secret_id:
            return self.error("AuthFailure.SecretIdNotFound", "The SecretId is not found")
        timestamp = int(request.headers.get("X-TC-Timestamp", "0"))
        if abs(time.time() - timestamp) > 300 or date != datetime.fromtimestamp(timestamp, UTC).strftime(
            "%Y-%m-%d"
        ):
            return self.error("AuthFailure.SignatureExpire", "the signature expired")
        signed = parts["SignedHeaders"].split(";")
        canonical = "\n".join(
            [
                request.command,
                "/",
                "",
                "".join(f"{name}:{request.headers.get(name, '').strip().lower()}\n" for name in signed),
                ";".join(signed),
                _sha256(body),
            ]
        )
        scope = f"{date}/{service}/tc3_request"
        text = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{_sha256(canonical.encode('utf-8'))}"
        key = _hmac(_hmac(_hmac(("TC3" + self.secret_key).encode("utf-8"), date), service), "tc3_request")
        if service != "sms" or not hmac.compare_digest(_hmac(key, text).hex(), parts["Signature"]):
            return self.error(
                "AuthFailure.SignatureFailure", "The provided credentials could not be validated."
            )
        return None


class FakeWecom(FakeServer):
    """qyapi: gettoken, message/send (at most 1000 members), webhook/send (group robots)."""

    def __init__(self, corp=WECOM_CORP, members=(), robots=()):
        super().__init__()
        self.corp_id, self.secret, self.agent_id = corp
        self.members = set(members)
        self.robots = set(robots)
        self.tokens, self.expired = set(), set()
        self.counter = itertools.count(1)

    def expire_tokens(self):
        """The server lets every token it gave expire (as after two hours)."""
        self.expired |= self.tokens
        self.tokens = set()

    def handle(self, request, body):
        url = urlsplit(request.path)
        query = dict(parse_qsl(url.query))
        self.calls.append(url.path)
        if url.path == "/cgi-bin/gettoken":
            if query.get("corpid") != self.corp_id:
                return 200, {"errcode": 40013, "errmsg": "invalid corpid"}
            if query.get("corpsecret") != self.secret:
                return 200, {"errcode": 40001, "errmsg": "invalid credential"}
            token = f"token-{next(self.counter)}"
            self.tokens.add(token)
            return 200, {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}
        payload = json.loads(body or b"{}")
        if url.path == "/cgi-bin/webhook/send":
            if query.get("key") not in self.robots:
                return 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
            self.take(query["key"], "robot", payload["text"]["content"])
            return 200, {"errcode": 0, "errmsg": "ok"}
        if url.path != "/cgi-bin/message/send":
            return 404, {"errcode": 404, "errmsg": "not found"}
        token = query.get("access_token")
        if token in self.expired:
            return 200, {"errcode": 42001, "errmsg": "access_token expired"}
        if token not in self.tokens:
            return 200, {"errcode": 40014, "errmsg": "invalid access_token"}
        if payload.get("agentid") != self.agent_id:
            return 200, {"errcode": 40056, "errmsg": "invalid agentid"}
        users = payload["touser"].split("|")
        if len(users) > 1000:
            return 200, {"errcode": 40058, "errmsg": "touser exceeds 1000"}
        invalid = [user for user in users if user not in self.members]
        if len(invalid) == len(users):
            return 200, {"errcode": 81013, "errmsg": "user & party & tag all invalid"}
        for user in users:
            if user in self.members:
                self.take(user, "text", payload["text"]["content"])
        msgid = f"msg-{next(self.counter)}"
        return 200, {"errcode": 0, "errmsg": "ok", "invaliduser": "|".join(invalid), "msgid": msgid}


class FakeSmtp:
    """An SMTP server (RFC 5321, the commands Django's backend uses) that refuses unknown mailboxes with 550
    and takes what it accepts into `sent` as (recipients, message text)."""

    def __init__(self, mailboxes=()):
        self.mailboxes = set(mailboxes)
        self.sent = []
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self):
                self.reply("220 fake-smtp ready")
                recipients = []
                while line := self.rfile.readline().decode("utf-8", "replace").strip():
                    verb = line.split(" ", 1)[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250 fake-smtp")
                    elif verb == "MAIL":
                        recipients = []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        address = line.split(":", 1)[1].strip(" <>")
                        if address in fake.mailboxes:
                            recipients.append(address)
                            self.reply("250 OK")
                        else:
                            self.reply("550 5.1.1 no such mailbox")
                    elif verb == "DATA":
                        self.reply("354 go on")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            lines.append(data.decode("utf-8", "replace"))
                        fake.sent.append((recipients, "".join(lines)))
                        self.reply("250 OK queued")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("250 OK")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
