"""Downloads of DOCX templates, so that staff start their edits from the template in force."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from yingshang.core.permissions import require_capability

from .kinds import document_kinds
from .services import MANAGE
from .templates import default_template, template_for

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def template_download(request, kind: str):
    """``default``: the template shipped in core; a document kind: the template its documents use now."""
    require_capability(request.user, MANAGE)
    if kind == "default":
        data = default_template()
    elif kind in document_kinds():
        data = template_for(kind)
    else:
        raise Http404(_("没有这种文书类型"))
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="template-{kind}.docx"'
    return response
