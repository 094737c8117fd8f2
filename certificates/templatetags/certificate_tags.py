"""The 修了証 section of a person's /my/ page, provided here because courses may not import us."""

from django import template

from ..issuing import ready_to_issue
from ..models import Certificate

register = template.Library()


@register.inclusion_tag("certificates/includes/my_certificates.html", takes_context=True)
def my_certificates(context) -> dict:
    """The signed-in person's certificates, and what they completed but have none for yet."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"certificates": [], "ready": []}
    return {
        "certificates": Certificate.objects.filter(holder=user).order_by("-issued_at"),
        "ready": ready_to_issue(user),
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
