"""Coordinator pages that configure a study: eligibility, sites, timepoints, consent, allocation."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import role_required
from accounts.roles import Role
from accounts.submission import once_per_submission
from config.forms import form_data
from trial.forms import (
    AllocationListForm,
    ConsentVersionForm,
    SiteForm,
    StudySettingsForm,
    TimepointForm,
)
from trial.models import Site, Study, Timepoint
from trial.services import TrialError, allocation_list_import

coordinator_required = role_required(Role.COORDINATOR)


def _study(code: str) -> Study:
    return get_object_or_404(Study, code=code)


@coordinator_required
@require_GET
def study_list(request):
    return render(request, "trial/study_list.html", {"studies": Study.objects.order_by("name")})


@coordinator_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def study_settings(request, study_code: str):
    study = _study(study_code)
    form = StudySettingsForm(form_data(request), instance=study)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The study settings are saved."))
        return redirect("trial:study_settings", study_code=study.code)
    context = {
        "study": study,
        "form": form,
        "sites": study.sites.all(),
        "timepoints": study.timepoints.all(),
        "consent_versions": study.consent_versions.all(),
    }
    return render(request, "trial/study_settings.html", context)


def _save_study_part(request, form, study, success_message):
    """Save a site, timepoint or consent version; a duplicate code gets a form error."""
    form.instance.study = study
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        form.add_error(None, _("That code is already used in this study."))
        return False
    messages.success(request, success_message)
    return True


def _edit_study_part(request, study_code, object_id, *, model, form_class, title, saved):
    """Add or change one of a study's sites or timepoints."""
    study = _study(study_code)
    instance = get_object_or_404(model, study=study, pk=object_id) if object_id else None
    form = form_class(form_data(request), instance=instance)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_study_part(request, form, study, saved)
    ):
        return redirect("trial:study_settings", study_code=study.code)
    return render(
        request, "trial/study_part_form.html", {"study": study, "form": form, "title": title}
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def site_edit(request, study_code: str, site_id: int | None = None):
    return _edit_study_part(
        request,
        study_code,
        site_id,
        model=Site,
        form_class=SiteForm,
        title=_("Site"),
        saved=_("The site is saved."),
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def timepoint_edit(request, study_code: str, timepoint_id: int | None = None):
    return _edit_study_part(
        request,
        study_code,
        timepoint_id,
        model=Timepoint,
        form_class=TimepointForm,
        title=_("Timepoint"),
        saved=_("The timepoint is saved."),
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def consent_version_new(request, study_code: str):
    """Publish a new consent text; earlier versions and the consents given to them stay."""
    study = _study(study_code)
    form = ConsentVersionForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        form.instance.items = form.cleaned_data["items_text"]
        if _save_study_part(request, form, study, _("The new consent version is published.")):
            return redirect("trial:study_settings", study_code=study.code)
    return render(
        request,
        "trial/study_part_form.html",
        {"study": study, "form": form, "title": _("New consent version")},
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def allocation_list_upload(request, study_code: str):
    study = _study(study_code)
    form = AllocationListForm(
        form_data(request), request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = allocation_list_import(
                study=study, csv_text=form.cleaned_data["allocation_list"]
            )
        except TrialError as error:
            form.add_error("allocation_list", str(error))
        else:
            messages.success(request, _("%(count)s allocation slots loaded.") % {"count": count})
            return redirect("trial:study_settings", study_code=study.code)
    return render(
        request,
        "trial/study_part_form.html",
        {"study": study, "form": form, "title": _("Upload an allocation list"), "multipart": True},
    )
