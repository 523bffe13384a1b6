from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from yingshang.core.forms import UnitChoiceField
from yingshang.core.models import Division, Unit
from yingshang.core.params import parse_id

from .models import MAX_CONTENT_CHARS, AppealType, Channel, SlaPolicy, Urgency


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def districts():
    return Division.objects.filter(level=Division.Level.DISTRICT).order_by("is_pilot_zone", "code")


class _IntakeFields(forms.Form):
    appeal_type = forms.ChoiceField(label=_("诉求类型"), choices=AppealType.choices)
    title = forms.CharField(label=_("标题"), max_length=120, required=False)
    content = forms.CharField(
        label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_CONTENT_CHARS}),
        max_length=MAX_CONTENT_CHARS, strip=False,
        error_messages={"max_length": _("诉求内容不能超过 %(limit_value)s 字"), "required": _("诉求内容不能为空")},
    )
    district = forms.ModelChoiceField(label=_("所在区县"), queryset=Division.objects.none(), required=False, empty_label="—")
    street = forms.ModelChoiceField(label=_("街道/乡镇"), queryset=Division.objects.none(), required=False, empty_label="—")
    address = forms.CharField(label=_("详细地址"), max_length=200, required=False)
    person_name = forms.CharField(label=_("姓名"), max_length=32, required=False)
    person_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    # Worded for who fills the form in: the citizen here; the operator console words it for the caller.
    is_confidential = forms.BooleanField(label=_("我的姓名保密(不向承办单位透露我的姓名和电话)"), required=False)
    credit_code = forms.CharField(label=_("经营主体统一社会信用代码(涉企诉求填写)"), max_length=30, required=False)
    enterprise_name = forms.CharField(label=_("经营主体名称"), max_length=128, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts()
        district = self.data.get(self.add_prefix("district")) or self.initial.get("district")
        streets = Division.objects.filter(level=Division.Level.STREET)
        if district:  # a typed or tampered value that names no district leaves no street to choose
            self.fields["street"].queryset = streets.filter(parent_id=parse_id(district)).order_by("code") if parse_id(district) else streets.none()
        else:  # the street list fills in (htmx) once a district is chosen
            self.fields["street"].queryset = streets if self.is_bound else streets.none()

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("website", None)
        data.pop("captcha", None)
        return data


class PublicAppealForm(_IntakeFields):
    attachments = MultipleFileField(label=_("附件(可选,最多 5 个,每个不超过 10 MB)"), required=False)
    # A field people never see: forms that fill it were filled by a robot.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    # A self-hosted captcha (drawn here with Pillow): the public form is open to anonymous robots.
    captcha = CaptchaField(label=_("验证码(请计算图中算式)"), error_messages={"invalid": _("验证码不正确,请重新计算图中的算式")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_phone"].required = True
        self.fields["person_phone"].error_messages["required"] = "请填写联系电话,以便答复和回访"
        self.fields["appeal_type"].initial = AppealType.COMPLAINT


class ConsoleForm(_IntakeFields):
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices, initial=Channel.HOTLINE)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL)
    label = forms.CharField(label=_("标签"), max_length=300, required=False)
    unit = UnitChoiceField(label=_("承办单位(空=按派单规则)"), queryset=Unit.objects.filter(is_active=True), required=False, empty_label=_("按派单规则"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_phone"].widget.attrs.update({"autofocus": True, "accesskey": "p", "inputmode": "tel"})
        self.fields["content"].widget.attrs.update({"accesskey": "c"})
        self.fields["label"].widget.attrs.update({"list": "label-options", "accesskey": "l", "autocomplete": "off"})
        # The operator fills this in for the caller: 「我的姓名」 would be the operator's.
        self.fields["is_confidential"].label = _("来电人要求保密(不向承办单位透露来电人的姓名和电话)")


class LabelForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=64)


class RoutingRuleForm(forms.Form):
    label_prefix = forms.CharField(label=_("标签路径前缀"), max_length=300, widget=forms.TextInput(attrs={"list": "label-options"}))
    district = forms.ModelChoiceField(label=_("区县"), queryset=Division.objects.none(), required=False, empty_label=_("全市"))
    unit = UnitChoiceField(label=_("承办单位"), queryset=Unit.objects.filter(is_active=True))
    note = forms.CharField(label=_("依据"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts()


class SlaPolicyForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SlaPolicy
        fields = ["dispatch_limit", "dispatch_measure", "feedback_limit", "feedback_measure", "completion_limit", "completion_measure"]


class HubSettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    auto_dispatch_threshold = forms.FloatField(label=_("自动派单置信度阈值(0–1,1 = 从不自动派单)"), min_value=0.01, max_value=1.0)
    max_auto_return_rate = forms.FloatField(label=_("自动派单允许的最高退单率"), min_value=0.0, max_value=1.0)
    soon_due_hours = forms.DecimalField(label=_("临期提醒(工作小时)"), min_value=0, max_digits=5, decimal_places=1)
    repeat_window_days = forms.IntegerField(label=_("重复诉求判定窗口(天)"), min_value=1, max_value=365)


class KpiPeriodForm(forms.Form):
    start = forms.DateField(label=_("受理日期自"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("至"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
