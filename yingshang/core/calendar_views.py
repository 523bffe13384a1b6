"""The working calendar page (administrators): the year's holidays and 调休 days, where each came from, and
the form that corrects one day. Thin: capability, selector, service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import calendar_services, clock, workcalendar
from .forms import CalendarDayForm
from .models import CalendarDay
from .permissions import require_capability
from .services import ConcurrentEditError


def _year_of(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or clock.today().year)
    except ValueError:
        return clock.today().year
    return year if 1900 <= year <= 2200 else clock.today().year


@login_required
def calendar_page(request):
    require_capability(request.user, "core.manage_calendar")
    year = _year_of(request)
    if request.method == "POST":
        try:
            if request.POST.get("op") == "delete":
                day = get_object_or_404(CalendarDay, pk=request.POST.get("day"))
                restored = calendar_services.calendar_day_delete(actor=request.user, day=day)
                messages.success(request, _("已将 %(day)s 恢复为官方数据") % {"day": day.date} if restored else _("已删除 %(day)s") % {"day": day.date})
            else:
                form = CalendarDayForm(request.POST)
                if form.is_valid():
                    day = calendar_services.calendar_day_set(actor=request.user, **form.cleaned_data)
                    messages.success(request, _("已保存 %(day)s") % {"day": day})
                    year = day.date.year
                else:
                    for errors in form.errors.values():
                        for message in errors:
                            messages.error(request, message)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except ConcurrentEditError:
            messages.error(request, _("该日刚被他人修改,请刷新后重试"))
        return redirect(f"{reverse('work_calendar')}?year={year}")
    days = CalendarDay.objects.filter(date__year=year)
    years = sorted({d.year for d in CalendarDay.objects.dates("date", "year")} | {year, clock.today().year + 1})
    return render(request, "core/calendar.html", {
        "days": days, "year": year, "years": [y for y in years if y >= clock.today().year - 3], "form": CalendarDayForm(),
        "warnings": workcalendar.missing_data_warnings(), "official_years": workcalendar.official_years(),
        "has_official": days.filter(source=CalendarDay.Source.OFFICIAL).exists(),
    })
