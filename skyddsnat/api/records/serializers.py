from django.conf import settings
from rest_framework import serializers

from skyddsnat.documents.models import DocumentKind
from skyddsnat.letters.models import LetterKind


class LetterInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LetterKind.choices)
    recipient = serializers.CharField(
        max_length=40,
        help_text="`person`, `guardian:<id>` or `reporter:<report id>` (see `recipients`).",
    )
    decision = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**63 - 1
    )
    sent_on = serializers.DateField()


class LetterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    recipient_name = serializers.CharField()
    decision = serializers.IntegerField(source="decision_id", allow_null=True)
    template_version = serializers.IntegerField(source="template_version.number")
    sent_on = serializers.DateField()
    served_on = serializers.DateField(allow_null=True)
    sha256 = serializers.CharField()
    pdf_url = serializers.SerializerMethodField()

    def get_pdf_url(self, letter) -> str:  # type: ignore[no-untyped-def]
        return f"/api/v1/letters/{letter.pk}/pdf/"


class RecipientSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField())


class LetterListSerializer(serializers.Serializer):
    letters = LetterSerializer(many=True)
    recipients = RecipientSerializer(many=True)


class ServedInputSerializer(serializers.Serializer):
    served_on = serializers.DateField()


class DocumentInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=False,
        max_length=255,
        help_text=(
            "PDF, PNG, JPEG, TIFF, DOCX, XLSX or ODT; the type is read from the content and must "
            f"agree with the part's Content-Type; at most {settings.SKYDDSNAT_DOCUMENT_MAX_BYTES} "
            "bytes."
        ),
    )
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField(max_length=200)
    received_on = serializers.DateField()


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    received_on = serializers.DateField()
    filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document) -> str:  # type: ignore[no-untyped-def]
        return f"/api/v1/documents/{document.pk}/download/"
