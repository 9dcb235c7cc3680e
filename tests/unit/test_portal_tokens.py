"""Token checks of the portal channel, for both key types."""
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from channels.portal import PortalSettings, Unauthorized, verify_token
from scripts.portal_client import make_token


@pytest.fixture
def rsa_keys(tmp_path, monkeypatch):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    (tmp_path / "portal.pub").write_text(public)
    monkeypatch.delenv("PORTAL_JWT_SECRET", raising=False)
    monkeypatch.setenv("PORTAL_JWT_PUBLIC_KEY_FILE", str(tmp_path / "portal.pub"))
    return private


def test_rs256_token_is_accepted_with_the_public_key(rsa_keys):
    settings = PortalSettings({})
    claims = verify_token(settings, "Bearer " + make_token(rsa_keys, "conv-rs256-01", algorithm="RS256"))
    assert settings.algorithm == "RS256" and claims["sub"] == "conv-rs256-01"


def test_rs256_setup_refuses_hs256_tokens(rsa_keys):
    hs256 = make_token("some-shared-secret", "conv-hs256-01", algorithm="HS256")
    with pytest.raises(Unauthorized):
        verify_token(PortalSettings({}), "Bearer " + hs256)


def test_a_key_is_required(monkeypatch):
    monkeypatch.delenv("PORTAL_JWT_SECRET", raising=False)
    monkeypatch.delenv("PORTAL_JWT_PUBLIC_KEY_FILE", raising=False)
    with pytest.raises(ValueError):
        PortalSettings({})
