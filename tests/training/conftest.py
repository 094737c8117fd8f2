import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Factories set real passwords; a fast hasher keeps hundreds of staff cheap to make."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
