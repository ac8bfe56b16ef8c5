from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import role_required
from accounts.roles import Role
from accounts.services import audit_list_read
from accounts.submission import once_per_submission
from research.charts import consort_flow, dashboard_charts, figures_for_tables
from research.export.bundle import ExportError
from research.export.participants import arm_labels
from research.forms import ExportForm
from research.models import ExportJob
from research.selectors import dashboard_figures, export_jobs_for, studies, study_for_dashboard
from research.services import (
    export_download_record,
    export_job_create,
    export_job_progress,
    may_export_free_text,
)

research_staff = role_required(Role.RESEARCHER, Role.COORDINATOR)


def _get_job_for_user(user, pk: int) -> ExportJob:
    """Your own export, and a free-text one only while you may see free text; else 404."""
    job = ExportJob.objects.filter(pk=pk, requested_by=user).select_related("study").first()
    if job is None or (job.include_free_text and not may_export_free_text(user)):
        raise Http404
    return job


@research_staff
@require_GET
def home(request):
    audit_list_read(request)
    study = study_for_dashboard(request.GET.get("study"))
    context = {"studies": studies(), "study": study}
    if study is not None:
        figures = dashboard_figures(study=study)
        labels = arm_labels(get_language())
        context.update(
            figures=figures_for_tables(figures, labels),
            flow=consort_flow(figures, labels),
            charts=dashboard_charts(figures, labels),
            arm_labels=labels,
        )
    return render(request, "research/home.html", context)


@research_staff
@require_http_methods(["GET", "POST"])
@once_per_submission
def export(request):
    if request.method == "GET":
        audit_list_read(request)
    may_free_text = may_export_free_text(request.user)
    form = ExportForm(request.POST or None, may_include_free_text=may_free_text)
    if request.method == "POST" and form.is_valid():
        try:
            job = export_job_create(
                requested_by=request.user,
                study=form.cleaned_data["study"],
                file_format=form.cleaned_data["file_format"],
                shift_dates=form.cleaned_data["shift_dates"],
                include_free_text=form.cleaned_data.get("include_free_text", False),
            )
        except ExportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The export has been queued."))
            return redirect("research:export_job", pk=job.pk)
    return render(
        request, "research/export.html", {"form": form, "jobs": export_jobs_for(request.user)}
    )


@research_staff
@require_GET
def export_job(request, pk: int):
    job = _get_job_for_user(request.user, pk)
    return render(
        request, "research/export_job.html", {"job": job, "progress": export_job_progress(job)}
    )


@research_staff
@require_GET
def export_job_status(request, pk: int):
    job = _get_job_for_user(request.user, pk)
    return JsonResponse(
        {
            "state": job.state,
            "label": job.get_state_display(),
            "progress": export_job_progress(job),
            "download": reverse("research:export_download", args=[job.pk])
            if job.state == ExportJob.State.DONE
            else "",
        }
    )


@research_staff
@require_GET
def export_download(request, pk: int):
    job = _get_job_for_user(request.user, pk)
    if job.state != ExportJob.State.DONE or not job.file_path:
        raise Http404
    try:
        handle = open(job.file_path, "rb")  # noqa: SIM115 (FileResponse closes it)
    except OSError:
        raise Http404 from None
    export_download_record(job=job, user=request.user, request=request)
    return FileResponse(handle, as_attachment=True, filename=job.file_path.rsplit("/", 1)[-1])
