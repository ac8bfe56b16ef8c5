import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from accounts.access import role_required
from accounts.forms import AuditFilterForm, LanguageForm, StaffInviteForm, TimeZoneForm
from accounts.models import AuditEvent
from accounts.roles import Role
from accounts.selectors import account_overview, audit_events_filtered
from accounts.services import (
    audit_list_read,
    audit_record,
    staff_invite,
    user_language_set,
    user_time_zone_set,
)
from accounts.submission import once_per_submission
from accounts.time_zones import zone_label
from config.forms import form_data


@require_POST
def language_set(request):
    """The language switch on every page: remembered on the account when signed in, and in the
    language cookie in any case. An unknown code changes nothing (Django's view ignores it)."""
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return set_language(request)


@login_required
@require_GET
def account_home(request: HttpRequest) -> HttpResponse:
    """Everything a person can set about their own account, with a way to change each."""
    context = account_overview(user=request.user)
    context.update(now=timezone.now(), time_zone_label=zone_label(request.user.time_zone))
    return render(request, "accounts/account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(form_data(request), initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        if user_language_set(user=request.user, language=language):
            with translation.override(language):
                messages.success(request, _("Your language is saved."))
            # Django's switch view also remembers it in this browser, for after logging out.
            return set_language(request)
        form.add_error("language", _("Choose a language."))
    return render(request, "accounts/account_language.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account_time_zone(request: HttpRequest) -> HttpResponse:
    form = TimeZoneForm(form_data(request), initial={"time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            user_time_zone_set(user=request.user, time_zone=form.cleaned_data["time_zone"])
        except ValidationError as error:
            form.add_error("time_zone", error)
        else:
            messages.success(request, _("Your time zone is saved."))
            return redirect("account:home")
    # A zone still at the site's default counts as never chosen: the page script may then
    # offer the device's own zone (static/js/time-zone.js).
    never_chosen = request.user.time_zone == settings.TIME_ZONE
    return render(
        request,
        "accounts/account_time_zone.html",
        {"form": form, "never_chosen": never_chosen},
    )


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
@once_per_submission
def staff_invite_view(request):
    form = StaffInviteForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = staff_invite(invited_by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
            return redirect("accounts:staff_invite")
    return render(request, "accounts/staff_invite.html", {"form": form})


def _audit_filters(request) -> tuple[AuditFilterForm, dict | None]:
    """The filter form and the filters it gives, or None for filters that do not hold."""
    form = AuditFilterForm(request.GET)  # every filter is optional: no filters is valid
    return form, form.cleaned_data if form.is_valid() else None


def _filter_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@role_required(Role.COORDINATOR)
@require_GET
def audit_log(request):
    audit_list_read(request)  # the log itself shows who looked at whom
    form, filters = _audit_filters(request)
    # Filters that do not hold show their errors and no rows: an unfiltered log would look
    # like the answer to the question asked.
    page = None
    if filters is not None:
        page = Paginator(audit_events_filtered(**filters), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": page, "query": _filter_query(request)},
    )


class _Echo:
    def write(self, value):
        return value


@role_required(Role.COORDINATOR)
@require_GET
def audit_log_export(request):
    _form, filters = _audit_filters(request)
    if filters is None:  # the log page explains what is wrong with them
        return redirect(f"{reverse('accounts:audit_log')}?{_filter_query(request)}")
    events = audit_events_filtered(**filters)
    audit_record(
        actor=request.user, action=AuditEvent.Action.EXPORT, participant=None, request=request
    )
    writer = csv.writer(_Echo())
    header = [
        "occurred_at",
        "actor",
        "actor_role",
        "action",
        "participant",
        "participant_code",
        "object_type",
        "object_id",
        "path",
        "ip_address",
    ]

    def rows():
        yield writer.writerow(header)
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    event.occurred_at.isoformat(),
                    event.actor.email,
                    event.actor_role,
                    event.action,
                    event.participant.email if event.participant else "",
                    event.participant_code,
                    event.object_type,
                    event.object_id,
                    event.path,
                    event.ip_address or "",
                ]
            )

    filename = f"audit-log-{timezone.now():%Y%m%dT%H%M%SZ}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
