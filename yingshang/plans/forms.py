from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yingshang.core.forms import UnitPicker
from yingshang.core.models import Unit

from .models import Comparator, DeadlineKind, Plan, ScoringScheme
from .services import PAST_DUE_KEEP, PAST_DUE_SHIFT, check_evidence_file, check_plan_file

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("方案文件(.txt / .docx / .pdf / .html / .xlsx)"), error_messages={
        "required": _("请选择要导入的方案文件。"), "empty": _("文件是空的,没有可导入的内容。"),
    })

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_plan_file(upload.name, upload.size)  # name and size only: nothing is read yet
        except ValidationError as error:
            raise forms.ValidationError(error.messages)
        return upload


def _unit_choices(queryset):
    return [("", "—")] + [(u.pk, u.name) for u in queryset]


class PlanMetaForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("方案标题"), max_length=300)
    issuer = forms.CharField(label=_("发文单位"), max_length=200, required=False)
    doc_number = forms.CharField(label=_("发文字号"), max_length=64, required=False)
    issued_on = forms.DateField(label=_("成文日期"), required=False, widget=DATE_INPUT)
    issuing_unit = forms.TypedChoiceField(label=_("发文机关(组织树)"), required=False, coerce=int, empty_value=None, widget=UnitPicker)
    default_due = forms.DateField(label=_("默认完成时限"), required=False, widget=DATE_INPUT)
    report_every_months = forms.TypedChoiceField(label=_("进度报送周期"), choices=Plan.Cycle.choices, coerce=int)
    report_grace_days = forms.IntegerField(label=_("报送宽限天数"), min_value=0, max_value=60)
    lag_tolerance = forms.IntegerField(label=_("序时进度容差(百分点)"), min_value=0, max_value=100)

    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        issuers = Unit.objects.filter(kind__in=[Unit.Kind.LEADERSHIP, Unit.Kind.DISTRICT_GOV, Unit.Kind.CITY_DEPT]).order_by("tree_path")
        self.fields["issuing_unit"].choices = _unit_choices(issuers)
        if not plan.is_draft:
            for name in ("title", "issuer", "doc_number", "issued_on", "issuing_unit", "default_due"):
                self.fields[name].disabled = True

    @classmethod
    def initial_for(cls, plan: Plan) -> dict:
        return {
            "version": plan.version, "title": plan.title, "issuer": plan.issuer, "doc_number": plan.doc_number,
            "issued_on": plan.issued_on, "issuing_unit": plan.issuing_unit_id, "default_due": plan.default_due,
            "report_every_months": plan.report_every_months, "report_grace_days": plan.report_grace_days,
            "lag_tolerance": plan.lag_tolerance,
        }

    def service_values(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version" and not self.fields[k].disabled}
        if "issuing_unit" in data:
            data["issuing_unit"] = Unit.objects.filter(pk=data["issuing_unit"]).first() if data["issuing_unit"] else None
        return data


INDICATOR_ROWS = 4


class ItemForm(forms.Form):
    """One item's correction: title, units as written (、-separated), deadline and up to four targets."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("标题"), max_length=300)
    lead_units = forms.CharField(label=_("牵头单位"), required=False, widget=forms.TextInput(attrs={"size": 60}))
    responsible_units = forms.CharField(label=_("责任单位"), required=False, widget=forms.TextInput(attrs={"size": 60}))
    deadline_kind = forms.ChoiceField(label=_("时限类型"), choices=DeadlineKind.choices)
    due = forms.DateField(label=_("完成时限"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(INDICATOR_ROWS):
            self.fields[f"metric_{index}"] = forms.CharField(label=_("指标"), required=False, max_length=200)
            self.fields[f"comparator_{index}"] = forms.ChoiceField(label=_("比较"), choices=Comparator.choices, required=False)
            self.fields[f"value_{index}"] = forms.DecimalField(label=_("目标值"), required=False, max_digits=18, decimal_places=4)
            self.fields[f"unit_{index}"] = forms.CharField(label=_("单位"), required=False, max_length=32)
            self.fields[f"target_due_{index}"] = forms.DateField(label=_("目标时点"), required=False, widget=DATE_INPUT)

    def indicator_rows(self):
        return [[self[f"{name}_{index}"] for name in ("metric", "comparator", "value", "unit", "target_due")] for index in range(INDICATOR_ROWS)]

    @classmethod
    def initial_for(cls, item, mentions) -> dict:
        initial = {
            "version": item.version, "title": item.title, "deadline_kind": item.deadline_kind, "due": item.due,
            "lead_units": "、".join(m.mention for m in mentions if m.role == "lead"),
            "responsible_units": "、".join(m.mention for m in mentions if m.role == "responsible"),
        }
        for index, indicator in enumerate(list(item.indicators.all())[:INDICATOR_ROWS]):
            initial.update({
                f"metric_{index}": indicator.metric, f"comparator_{index}": indicator.comparator, f"value_{index}": indicator.value,
                f"unit_{index}": indicator.unit, f"target_due_{index}": indicator.due,
            })
        return initial

    def clean(self):
        data = super().clean()
        for index in range(INDICATOR_ROWS):
            if data.get(f"metric_{index}") and data.get(f"value_{index}") is None:
                self.add_error(f"value_{index}", _("请填写目标值"))
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        indicators = [
            {"metric": data[f"metric_{i}"], "comparator": data[f"comparator_{i}"] or "≥", "value": data[f"value_{i}"],
             "unit": data[f"unit_{i}"], "due": data[f"target_due_{i}"]}
            for i in range(INDICATOR_ROWS) if data.get(f"metric_{i}")
        ]
        return {
            "title": data["title"], "lead_units": data["lead_units"], "responsible_units": data["responsible_units"],
            "deadline_kind": data["deadline_kind"], "due": data["due"], "indicators": indicators,
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))
    percent = forms.IntegerField(label=_("完成进度(%)"), min_value=0, max_value=100)
    is_final = forms.BooleanField(label=_("任务已完成,申请办结"), required=False)
    good_practice = forms.CharField(label=_("典型经验做法(可选,将纳入月度通报)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label=_("佐证材料(可多选)"), required=False)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
                label=_("%(metric)s(目标 %(comparator)s %(value_display)s%(unit)s)") % {"metric": indicator.metric, "comparator": indicator.comparator, "value_display": indicator.value_display, "unit": indicator.unit},
                required=False, max_digits=18, decimal_places=4,
            )

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        for upload in files:
            try:
                check_evidence_file(upload)  # before anything is stored
            except ValidationError as error:
                raise forms.ValidationError(error.messages)
        return files

    def indicator_fields(self):
        return [self[f"indicator_{i.pk}"] for i in self.indicators]

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"], "percent": data["percent"], "is_final": data["is_final"], "good_practice": data["good_practice"],
            "files": data["files"], "values": {i.pk: data.get(f"indicator_{i.pk}") for i in self.indicators},
        }


class PublishForm(forms.Form):
    """Publishing a draft; when deadlines have passed, the reviewer's explicit choice about them."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    past_due = forms.ChoiceField(
        label=_("已过期的完成时限"), required=False, widget=forms.RadioSelect(attrs={"required": True}),
        choices=[(PAST_DUE_SHIFT, _("顺延至下列日期后发布")), (PAST_DUE_KEEP, _("仍按原时限发布(相应任务立即逾期)"))],
    )
    shift_to = forms.DateField(label=_("顺延至"), required=False, widget=DATE_INPUT)

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {"expected_version": data.get("version") or None, "past_due": data.get("past_due") or None, "shift_to": data.get("shift_to")}


class MentionAssignForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("对应单位"), coerce=int, widget=UnitPicker)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(units)


class SchemeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("方案名称"), max_length=100)
    weight_completion = forms.DecimalField(label=_("完成率权重"), min_value=0, max_digits=6, decimal_places=2)
    weight_timeliness = forms.DecimalField(label=_("及时性权重"), min_value=0, max_digits=6, decimal_places=2)
    weight_indicators = forms.DecimalField(label=_("指标达成权重"), min_value=0, max_digits=6, decimal_places=2)
    bottom_places = forms.IntegerField(label=_("末位名次数"), min_value=0, max_value=20)

    def __init__(self, *args, extra_components=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_keys = [c.key for c in extra_components]
        for component in extra_components:
            self.fields[f"extra_{component.key}"] = forms.DecimalField(
                label=_("%(label)s权重") % {"label": component.label}, help_text=component.description, min_value=0, max_digits=6,
                decimal_places=2, required=False,
            )

    @classmethod
    def initial_for(cls, scheme: ScoringScheme) -> dict:
        initial = {
            "version": scheme.version, "name": scheme.name, "weight_completion": scheme.weight_completion,
            "weight_timeliness": scheme.weight_timeliness, "weight_indicators": scheme.weight_indicators,
            "bottom_places": scheme.bottom_places,
        }
        from .scoring import default_extra_weights

        initial.update({f"extra_{k}": v for k, v in default_extra_weights().items()})
        initial.update({f"extra_{k}": v for k, v in (scheme.extra_weights or {}).items()})
        return initial

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"], "weight_completion": data["weight_completion"], "weight_timeliness": data["weight_timeliness"],
            "weight_indicators": data["weight_indicators"], "bottom_places": data["bottom_places"],
            "extra_weights": {k: data.get(f"extra_{k}") or 0 for k in self.extra_keys},
        }
