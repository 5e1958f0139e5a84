from django import forms
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import LineField, PastDateField
from skyddsnat.documents.models import DocumentKind


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), allow_empty_file=False, max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = LineField(label=_("Title"))
    received_on = PastDateField(label=_("Received on"))
