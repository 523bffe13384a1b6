"""Django admin for the DOCX template overrides (文书模板). Uploads go through the audited service,
which refuses a broken template with a Chinese message before anything is stored."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from yingshang.core.admin import AuditedAdmin
from yingshang.core.permissions import has_capability

from .kinds import document_kinds
from .models import DocumentTemplate
from .services import MANAGE, template_reset, template_upload
from .templates import validate_template
from .word import PLACEHOLDERS


class DocumentTemplateForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("文书类型"))
    upload = forms.FileField(label=_("模板文件(.docx)"), help_text=_("先下载默认模板或现用模板,在 Word/WPS 中修改后上传;占位符见下方说明"))

    class Meta:
        model = DocumentTemplate
        fields = ("kind", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(key, f"{label}({key})") for key, label in document_kinds().items()]
        if self.instance.pk:
            self.fields["kind"].disabled = True
            self.fields["upload"].required = False

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        data = upload.read()
        validate_template(data, upload.name)  # ValidationError → shown on the field, in Chinese
        self.cleaned_data["upload_bytes"] = data
        return upload


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(AuditedAdmin):
    form = DocumentTemplateForm
    list_display = ("kind", "filename", "note", "uploaded_by", "updated_at", "download")
    readonly_fields = ("placeholders", "download")

    def get_fields(self, request, obj=None):
        return ("kind", "upload", "note", "download", "placeholders")

    @admin.display(description=_("下载"))
    def download(self, obj):
        default = reverse("document_template_download", args=["default"])
        if obj is None or not obj.pk:
            return format_html('<a href="{}">默认公文模板</a>', default)
        return format_html('<a href="{}">现用模板</a> · <a href="{}">默认公文模板</a>',
                           reverse("document_template_download", args=[obj.kind]), default)

    @admin.display(description=_("可用占位符"))
    def placeholders(self, obj=None):
        return format_html("<ul>{}</ul>", format_html_join("", "<li><code>{{{{ {} }}}}</code>:{}</li>", PLACEHOLDERS.items()))

    def has_module_permission(self, request):
        return has_capability(request.user, MANAGE)

    def has_view_permission(self, request, obj=None):
        return has_capability(request.user, MANAGE)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data.get("upload_bytes")
        upload = form.cleaned_data.get("upload")
        if data is None:  # only the note changed: keep the stored file
            data, filename = bytes(obj.content), obj.filename
        else:
            filename = upload.name
        try:
            saved = template_upload(actor=request.user, kind=form.cleaned_data["kind"], filename=filename, data=data, note=obj.note)
        except ValidationError as error:  # re-checked in the service; the form has already shown it
            messages.error(request, "；".join(error.messages))
            return
        obj.pk, obj.version = saved.pk, saved.version

    def delete_model(self, request, obj):
        template_reset(actor=request.user, kind=obj.kind)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            template_reset(actor=request.user, kind=obj.kind)
