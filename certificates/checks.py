"""`manage.py check` warns when certificates cannot be drawn, before a person asks for one."""

from django.core.checks import Warning, register

from .pdf import FontMissing, font_path


@register()
def certificate_font(app_configs, **kwargs) -> list[Warning]:
    try:
        font_path()
    except FontMissing as missing:
        return [Warning(str(missing), id="certificates.W001")]
    return []
