from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Case, FieldDef, Rating

LEVEL_CHOICES = [(level.value, level.label) for level in Rating.Level]


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(label=_("评价"), choices=LEVEL_CHOICES, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("意见建议(可选)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SmsRatingForm(RatingForm):
    captcha = CaptchaField(label=_("验证码(请计算图中算式)"), error_messages={"invalid": _("验证码不正确,请重新计算图中的算式")})


class AppealLinkForm(forms.Form):
    appeal_number = forms.CharField(label=_("12345诉求编号"), max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ItemEditForm(forms.Form):
    conditions = forms.CharField(label=_("受理条件(每行一条)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    kind = forms.ChoiceField(label=_("办件类型"), choices=[("即办件", _("即办件")), ("承诺件", _("承诺件"))])
    statutory_days = forms.IntegerField(label=_("法定时限(工作日)"), min_value=0, max_value=365)
    promised_days = forms.IntegerField(label=_("承诺时限(工作日)"), min_value=0, max_value=365)
    visits = forms.TypedChoiceField(label=_("到现场次数"), choices=[(0, "0"), (1, "1")], coerce=int)
    online = forms.BooleanField(label=_("可全程网办"), required=False)
    result = forms.CharField(label=_("办理结果"), max_length=120, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["conditions"] = [line.strip() for line in (data.get("conditions") or "").splitlines() if line.strip()]
        return data


class SharedElementForm(forms.Form):
    """One shared element's editable values (built from services.catalogue.SHARED_FIELDS)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, names=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in names:
            widget = forms.Textarea(attrs={"rows": 3}) if name in ("text", "note") else forms.TextInput
            self.fields[name] = forms.CharField(label=name, max_length=2000, required=name not in ("note", "text", "prefill"), widget=widget)


def merged_form_fields(form, data=None, files=None, *, window: bool = False) -> forms.Form:
    """The one merged application form as a Django form: each asked field once, each material once — a file
    for each (uploaded once, shared by every item that needs it); at the window also the clerk's mark that the
    paper original was seen. Platform-supplied materials (免提交) are not asked."""
    from .services.materials import field_name, file_hint, paper_field_name

    fields = {}
    for merged in form.fields_to_ask:
        spec = merged.spec
        label = spec.label
        if spec.type == FieldDef.Type.CHOICE and spec.choices:
            field = forms.ChoiceField(label=label, choices=[("", "—")] + [(c, c) for c in spec.choices])
        elif spec.type == FieldDef.Type.DATE:
            field = forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))
        elif spec.type == FieldDef.Type.NUMBER:
            field = forms.DecimalField(label=label)
        elif spec.type == FieldDef.Type.BOOL:
            field = forms.ChoiceField(label=label, choices=[("", "—"), ("是", _("是")), ("否", _("否"))])
        else:
            field = forms.CharField(label=label, max_length=500)
        fields[f"field_{spec.key}"] = field
    for m in form.materials_to_submit:
        label = m.need.name + ("" if m.required else _("(情形材料:%(c)s)") % {"c": ";".join(m.conditions)})
        shared = _("(%(n)s 个事项共用,只交一次)") % {"n": len(m.items)} if len(m.items) > 1 else ""
        fields[field_name(m.need.key)] = forms.FileField(label=label, required=False,
                                                         help_text=f"{shared}{file_hint()}")
        if window:
            fields[paper_field_name(m.need.key)] = forms.BooleanField(label=_("%(m)s:纸质原件已核验") % {"m": m.need.name}, required=False)
    fields["delivery"] = forms.ChoiceField(label=_("结果送达方式"), choices=Case.Delivery.choices)
    fields["delivery_address"] = forms.CharField(label=_("邮寄地址(邮寄送达时填写)"), max_length=300, required=False)
    return type("MergedApplicationForm", (forms.Form,), fields)(data, files)
