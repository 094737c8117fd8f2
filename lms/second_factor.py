"""The second factor: enrolling an authenticator app (TOTP) and checking its codes (django-otp).

A person enrols by scanning a QR code (or typing the key) and confirming one code; from then on
every sign-in asks for a code after the password (organisation/signin.py says who must enrol). Wrong
codes slow down by themselves: django-otp doubles the wait after each failure of a device.
"""

from base64 import b32encode

import django_otp
import segno
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator"


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device this person is enrolling (a new key the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (no script, no image request)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def typed_key(device: TOTPDevice) -> str:
    """The key for typing into an app that cannot scan, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Confirm the device with a code from the app; the sign-in then counts as verified."""
    if not device.verify_token(code.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    django_otp.login(request, device)
    return True


def verify_sign_in(request: HttpRequest, code: str) -> bool:
    """Check a code against the person's devices; a match verifies this sign-in."""
    device = django_otp.match_token(request.user, code.strip())
    if device is None:
        return False
    django_otp.login(request, device)
    return True
