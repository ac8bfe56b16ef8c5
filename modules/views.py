from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import role_required
from accounts.roles import Role
from accounts.submission import once_per_submission
from modules.access import get_open_module, get_worksheet
from modules.models import ModuleProgress, ModuleVersion, WorksheetAnswer
from modules.selectors import (
    ModuleRow,
    programme_overview,
    submitted_answers,
    this_week,
    version_in,
    worksheet_answers_for_module,
)
from modules.services import (
    module_page_view,
    module_time_add,
    next_release,
    programme_release,
)
from modules.worksheets import WorksheetConflict, WorksheetForm, WorksheetLocked, worksheet_save
from trial.access import get_own_participant
from trial.models import Arm
from trial.services import participant_register

participant_required = role_required(Role.PARTICIPANT)


@participant_required
@require_GET
def dashboard(request):
    participant = participant_register(user=request.user)
    if participant.arm != Arm.INTERVENTION or participant.randomized_at is None:
        return render(request, "modules/not_in_programme.html", {"participant": participant})
    programme_release(participant=participant)
    rows = programme_overview(participant, get_language())
    # The panel's unread messages and questionnaires due come from template tags of the
    # therapists and assessments apps, which this app may not import (docs/architecture.md).
    context = {
        "participant": participant,
        "rows": rows,
        "completed": sum(row.state == "completed" for row in rows),
        "this_week": this_week(rows),
        "upcoming": next_release(participant=participant, rows=rows),
    }
    return render(request, "modules/dashboard.html", context)


def _reading(progress: ModuleProgress) -> ModuleVersion:
    """The participant's pinned revision in the language they read now."""
    return version_in(progress.content_version, get_language())


@participant_required
@require_GET
def module_start(request, number: int):
    progress = get_open_module(request.user, number)
    row = ModuleRow(module=progress.module, progress=progress, version=progress.content_version)
    return redirect("programme:page", number=number, page=row.next_page)


def _page_context(progress: ModuleProgress, page_number: int, form=None, conflict=None) -> dict:
    version = _reading(progress)
    pages = version.pages
    page = pages[page_number - 1]
    context = {
        "progress": progress,
        "version": version,
        "page": page,
        "page_number": page_number,
        "page_count": len(pages),
        "percent": round(100 * page_number / len(pages)),
        "conflict": conflict,
    }
    if page["worksheet"]:
        worksheet = version.worksheets[page["worksheet"]]
        answer = worksheet_answers_for_module(progress.participant, progress.module).get(
            worksheet["key"]
        )
        if form is None:
            form = WorksheetForm(
                worksheet,
                initial=WorksheetForm.initial_from(worksheet, answer.data if answer else {}),
            )
        context.update(worksheet=worksheet, answer=answer, form=form)
    return context


@participant_required
@require_GET
def module_page(request, number: int, page: int):
    progress = get_open_module(request.user, number)
    if not 1 <= page <= len(progress.content_version.pages):
        raise Http404
    if module_page_view(progress=progress, page_number=page):
        messages.success(request, _("Well done: you have completed this module."))
    return render(request, "modules/page.html", _page_context(progress, page))


def _page_of_worksheet(progress: ModuleProgress, worksheet_key: str) -> int:
    pages = progress.content_version.pages
    return next(i for i, p in enumerate(pages, start=1) if p["worksheet"] == worksheet_key)


def _revision(request) -> int:
    try:
        return max(0, int(request.POST.get("revision", "0")))
    except ValueError:
        return 0


@participant_required
@require_POST
@once_per_submission
def worksheet_post(request, number: int, worksheet_key: str):
    """The no-JavaScript path: save a draft or submit, then back to the page."""
    progress = get_open_module(request.user, number)
    worksheet = get_worksheet(_reading(progress), worksheet_key)
    page = _page_of_worksheet(progress, worksheet_key)
    submitting = request.POST.get("action") == "submit"
    form = WorksheetForm(worksheet, request.POST, submitting=submitting)
    page_url = reverse("programme:page", kwargs={"number": number, "page": page}) + "#worksheet"
    if not form.is_valid():
        return render(request, "modules/page.html", _page_context(progress, page, form=form))
    try:
        worksheet_save(
            progress=progress,
            worksheet_key=worksheet_key,
            data=form.answer_data(),
            base_revision=_revision(request),
            submit=submitting,
        )
    except WorksheetLocked:
        messages.info(
            request, _("You have already sent this worksheet. It is kept as you sent it.")
        )
        return redirect(page_url)
    except WorksheetConflict as conflict:
        context = _page_context(progress, page, form=form, conflict=conflict.answer)
        return render(request, "modules/page.html", context, status=409)
    if submitting:
        messages.success(request, _("Thank you. Your worksheet has been sent to your therapist."))
    else:
        messages.success(request, _("Your answers are saved."))
    return redirect(page_url)


def _saved_at(answer: WorksheetAnswer) -> str:
    return formats.time_format(timezone.localtime(answer.updated_at), "H:i")


@participant_required
@require_POST
def worksheet_autosave(request, number: int, worksheet_key: str):
    """Autosave from the page's script: JSON answers, conflicts answered with 409."""
    progress = get_open_module(request.user, number)
    worksheet = get_worksheet(_reading(progress), worksheet_key)
    form = WorksheetForm(worksheet, request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    try:
        answer = worksheet_save(
            progress=progress,
            worksheet_key=worksheet_key,
            data=form.answer_data(),
            base_revision=_revision(request),
        )
    except WorksheetLocked:
        return JsonResponse({"submitted": True}, status=409)
    except WorksheetConflict as conflict:
        theirs = conflict.answer
        return JsonResponse(
            {
                "conflict": True,
                "revision": theirs.revision,
                "saved_at": _saved_at(theirs),
                "data": WorksheetForm.initial_from(worksheet, theirs.data),
            },
            status=409,
        )
    return JsonResponse({"revision": answer.revision, "saved_at": _saved_at(answer)})


@participant_required
@require_POST
def module_activity(request, number: int):
    """Heartbeat from a visible page the participant is using; idle tabs send none."""
    progress = get_open_module(request.user, number)
    try:
        seconds = int(request.POST.get("seconds", "0"))
    except ValueError:
        return HttpResponse(status=400)
    module_time_add(progress=progress, seconds=seconds)
    return HttpResponse(status=204)


@participant_required
@require_GET
def module_summary(request, number: int):
    progress = get_open_module(request.user, number)
    version = _reading(progress)
    answers = worksheet_answers_for_module(progress.participant, progress.module)
    worksheets = [
        {"worksheet": sheet, "answer": answers.get(key)}
        for key, sheet in version.worksheets.items()
    ]
    context = {"progress": progress, "version": version, "worksheets": worksheets}
    return render(request, "modules/summary.html", context)


@participant_required
@require_GET
def my_answers(request):
    participant = get_own_participant(request.user)
    if participant.arm != Arm.INTERVENTION:
        raise Http404
    return render(request, "modules/answers.html", {"answers": submitted_answers(participant)})
