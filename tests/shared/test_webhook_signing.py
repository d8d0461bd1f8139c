"""Standard Webhooks signing, checked both ways against the independent standardwebhooks library."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from pdp_common import webhook_signing
from pdp_common.webhook_signing import WebhookSecretInvalid, WebhookSignatureInvalid
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

BODY = b'{"type":"incident.verified","data":{"id":"0193"}}'


class TestSecrets:
    def test_a_new_secret_is_whsec_and_32_random_bytes(self) -> None:
        secret = webhook_signing.generate_secret()
        assert secret.startswith("whsec_")
        assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
        assert secret != webhook_signing.generate_secret()

    def test_rotation_puts_the_new_secret_first_and_keeps_the_old(self) -> None:
        old = webhook_signing.generate_secret()
        rotated = webhook_signing.rotate([old])
        assert rotated[1:] == [old]
        assert rotated[0] != old
        assert webhook_signing.rotate(rotated, keep=1)[1:] == [rotated[0]]

    @pytest.mark.parametrize("secret", ["whsec_not base64!", "whsec_", "whsec_YWJj"])
    def test_bad_secrets_are_refused(self, secret: str) -> None:
        with pytest.raises(WebhookSecretInvalid):
            webhook_signing.secret_key(secret)


class TestSigning:
    def test_standardwebhooks_verifies_our_signature(self) -> None:
        secret = webhook_signing.generate_secret()
        headers = webhook_signing.sign_headers([secret], message_id="msg_1", body=BODY)
        assert Webhook(secret).verify(BODY, headers) == {
            "type": "incident.verified",
            "data": {"id": "0193"},
        }

    def test_during_rotation_both_secrets_verify(self) -> None:
        old = webhook_signing.generate_secret()
        secrets = webhook_signing.rotate([old])
        headers = webhook_signing.sign_headers(secrets, message_id="msg_2", body=BODY)
        assert len(headers["webhook-signature"].split(" ")) == 2
        for secret in secrets:
            Webhook(secret).verify(BODY, headers)

    def test_another_secret_or_body_does_not_verify(self) -> None:
        headers = webhook_signing.sign_headers(
            [webhook_signing.generate_secret()], message_id="msg_3", body=BODY
        )
        with pytest.raises(WebhookVerificationError):
            Webhook(webhook_signing.generate_secret()).verify(BODY, headers)

    def test_the_signature_matches_the_library_for_a_fixed_time(self) -> None:
        secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        at = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)
        headers = webhook_signing.sign_headers([secret], message_id="msg_4", body=BODY, now=at)
        assert headers["webhook-timestamp"] == str(int(at.timestamp()))
        assert headers["webhook-signature"] == Webhook(secret).sign("msg_4", at, BODY)

    def test_a_message_id_with_a_dot_is_refused(self) -> None:
        with pytest.raises(ValueError, match="message id"):
            webhook_signing.sign_headers(
                [webhook_signing.generate_secret()], message_id="a.b", body=BODY
            )


class TestVerifying:
    def test_we_verify_the_library_signature(self) -> None:
        secret = webhook_signing.generate_secret()
        now = datetime.now(UTC)
        headers = {
            "webhook-id": "msg_5",
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": Webhook(secret).sign("msg_5", now, BODY),
        }
        assert webhook_signing.verify([secret], headers=headers, body=BODY) == "msg_5"

    def test_any_of_the_endpoints_secrets_verifies(self) -> None:
        old, new = webhook_signing.generate_secret(), webhook_signing.generate_secret()
        now = datetime.now(UTC)
        headers = {
            "Webhook-Id": "msg_6",
            "Webhook-Timestamp": str(int(now.timestamp())),
            "Webhook-Signature": "v2,ignored " + Webhook(old).sign("msg_6", now, BODY),
        }
        assert webhook_signing.verify([new, old], headers=headers, body=BODY) == "msg_6"

    def test_a_changed_body_is_refused(self) -> None:
        secret = webhook_signing.generate_secret()
        headers = webhook_signing.sign_headers([secret], message_id="msg_7", body=BODY)
        with pytest.raises(WebhookSignatureInvalid, match="No webhook signature"):
            webhook_signing.verify([secret], headers=headers, body=BODY + b" ")

    def test_a_timestamp_outside_the_tolerance_is_refused(self) -> None:
        secret = webhook_signing.generate_secret()
        then = datetime.now(UTC) - timedelta(minutes=10)
        headers = webhook_signing.sign_headers([secret], message_id="msg_8", body=BODY, now=then)
        with pytest.raises(WebhookSignatureInvalid, match="replay"):
            webhook_signing.verify([secret], headers=headers, body=BODY)
        with pytest.raises(WebhookVerificationError):
            Webhook(secret).verify(BODY, headers)
        assert (
            webhook_signing.verify([secret], headers=headers, body=BODY, tolerance_seconds=900)
            == "msg_8"
        )

    def test_missing_headers_are_refused(self) -> None:
        with pytest.raises(WebhookSignatureInvalid, match="required") as caught:
            webhook_signing.verify([webhook_signing.generate_secret()], headers={}, body=BODY)
        assert caught.value.to_problem()["type"] == "/problems/webhook-signature-invalid"
