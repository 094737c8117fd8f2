from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from .read import RosterFileError, check_size

FULL_HELP = _(
    "ファイルを各自治体の全職員の名簿として扱い、載っていない職員を退職（在籍解除）にします。"
    "職員と履歴は削除しません。"
)


def within_size_limit(upload):
    """The upload, if it is not larger than a roster may be (it is then never read)."""
    try:
        check_size(upload.size)
    except RosterFileError as error:
        raise forms.ValidationError(str(error)) from error
    return upload


class RosterImportForm(ImportForm):
    full = forms.BooleanField(
        label=_("全件の名簿として取り込む"), required=False, help_text=FULL_HELP
    )

    def clean_import_file(self):
        return within_size_limit(self.cleaned_data["import_file"])


class RosterConfirmForm(ConfirmImportForm):
    full = forms.BooleanField(required=False, widget=forms.HiddenInput())


class RosterUploadForm(forms.Form):
    """The HR page's upload: the file and whether it is the whole roster."""

    roster_file = forms.FileField(
        label=_("名簿ファイル"),
        help_text=_(
            "CSV（UTF-8またはShift_JIS）かExcel（.xlsx）。見出しは日本語でも英語でも構いません。"
        ),
    )
    full = forms.BooleanField(
        label=_("全件の名簿として取り込む"), required=False, help_text=FULL_HELP
    )

    def clean_roster_file(self):
        return within_size_limit(self.cleaned_data["roster_file"])
