"""Every page of liaison/notifications/ as every role (tests/test_url_access.py walks them)."""

from tests.access import EVERY_USER, POST_ONLY, STAFF_ONLY

# url name: (kwargs from fixtures, expected status per role)
ACCESS = {
    "notifications:inbox": (None, EVERY_USER),
    "notifications:inbox_unread": (None, EVERY_USER),
    "notifications:inbox_read_all": (None, POST_ONLY),
    "notifications:inbox_open": (lambda f: {"pk": 1}, POST_ONLY),
    "notifications:preferences": (None, EVERY_USER),
    "notifications:gateways": (None, STAFF_ONLY),
    "notifications:gateway_check": (lambda f: {"channel": "sms"}, POST_ONLY),
    "notifications:receipts_push": (lambda f: {"provider": "aliyun", "token": "x"}, POST_ONLY),
}
