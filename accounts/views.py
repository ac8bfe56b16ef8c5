import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from accounts.access import role_required
from accounts.forms import AuditFilterForm, StaffInviteForm
from accounts.models import AuditEvent
from accounts.roles import Role
from accounts.selectors import audit_events_filtered
from accounts.services import audit_record, staff_invite, user_language_set
from config.forms import form_data


@require_POST
def language_set(request):
    """The language switch on every page: remembered on the account when signed in, and in the
    language cookie in any case. An unknown code changes nothing (Django's view ignores it)."""
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return set_language(request)


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
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


def _filtered_events(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, audit_events_filtered(**filters)


@role_required(Role.COORDINATOR)
def audit_log(request):
    form, events = _filtered_events(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value):
        return value


@role_required(Role.COORDINATOR)
def audit_log_export(request):
    _form, events = _filtered_events(request)
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
