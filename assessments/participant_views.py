"""The participant's questionnaires: one page per timepoint, then one instrument at a time."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import role_required
from accounts.roles import Role
from accounts.submission import once_per_submission
from assessments.access import Questionnaire, get_own_questionnaire, get_own_timepoint
from assessments.forms import AnswersForm
from assessments.pages import (
    BODY_MAP,
    body_map_groups,
    item_views,
    page_of_item,
    questionnaire_pages,
)
from assessments.selectors import (
    TimepointState,
    participant_instruments,
    timepoint_status,
    timepoint_statuses,
    web_missing_items,
    web_response,
)
from assessments.services import (
    AlreadySubmitted,
    QuestionnaireError,
    ResponseIncomplete,
    response_page_save,
    response_submit,
)
from assessments.wording import instrument_wording_or_none
from trial.access import get_own_participant
from trial.models import Participant

participant_required = role_required(Role.PARTICIPANT)
DEFAULT_BODY_MAP_REGIONS = 18  # the figure is drawn for the default map only


@participant_required
@require_GET
def my_questionnaires(request):
    participant = get_own_participant(request.user)
    context = {
        "participant": participant,
        "statuses": timepoint_statuses(participant),
        "withdrawn": participant.status == Participant.Status.WITHDRAWN,
    }
    return render(request, "assessments/my_questionnaires.html", context)


@participant_required
@require_GET
def timepoint_page(request, timepoint_code: str):
    participant, timepoint = get_own_timepoint(request.user, timepoint_code)
    rows = participant_instruments(participant, timepoint)
    context = {
        "timepoint": timepoint,
        "status": timepoint_status(participant, timepoint),
        "rows": rows,
        "next_row": next((row for row in rows if row.can_answer), None),
        "withdrawn": participant.status == Participant.Status.WITHDRAWN,
    }
    return render(request, "assessments/timepoint.html", context)


def _timepoint_redirect(q: Questionnaire):
    return redirect("assessments:timepoint", timepoint_code=q.timepoint.code)


def _closed(q: Questionnaire):
    """A redirect when this questionnaire cannot be answered now; the target page says why."""
    if q.participant.status == Participant.Status.WITHDRAWN:
        return redirect("assessments:my_questionnaires")
    if timepoint_status(q.participant, q.timepoint).status == TimepointState.NOT_OPEN:
        return _timepoint_redirect(q)
    return None


def _already_sent(request, q: Questionnaire, response):
    when = formats.date_format(timezone.localtime(response.completed_at), "DATE_FORMAT")
    messages.info(
        request,
        _("You sent this questionnaire on %(date)s. Thank you: there is nothing more to do here.")
        % {"date": when},
    )
    return _timepoint_redirect(q)


def _randomized_just_now(participant: Participant) -> bool:
    """Whether sending this questionnaire completed baseline and so randomized the participant
    (the trial does that when the answers are committed, before the response is returned)."""
    return (
        participant.randomized_at is None
        and Participant.objects.filter(pk=participant.pk, randomized_at__isnull=False).exists()
    )


def _licence_missing(request, q: Questionnaire):
    return render(request, "assessments/licence_missing.html", {"q": q})


@participant_required
@require_GET
def questionnaire_start(request, timepoint_code: str, instrument_code: str):
    q = get_own_questionnaire(request.user, timepoint_code, instrument_code)
    if closed := _closed(q):
        return closed
    response = web_response(q.participant, q.timepoint, q.instrument.code)
    if response is not None and response.completed_at is not None:
        return _already_sent(request, q, response)
    answered = response.item_answers if response is not None else {}
    pages = questionnaire_pages(q.instrument)
    unanswered = [n for n in q.instrument.item_numbers if n not in answered]
    if response is not None and not unanswered:
        return redirect("assessments:review", timepoint_code, instrument_code)
    page = page_of_item(pages, unanswered[0]) if response is not None else 1
    return redirect("assessments:page", timepoint_code, instrument_code, page)


@participant_required
@require_http_methods(["GET", "POST"])
def questionnaire_page(request, timepoint_code: str, instrument_code: str, page: int):
    q = get_own_questionnaire(request.user, timepoint_code, instrument_code)
    if closed := _closed(q):
        return closed
    pages = questionnaire_pages(q.instrument)
    if not 1 <= page <= len(pages):
        raise Http404
    current = pages[page - 1]
    wording = instrument_wording_or_none(q.instrument)
    if wording is None:
        return _licence_missing(request, q)
    response = web_response(q.participant, q.timepoint, q.instrument.code)
    if response is not None and response.completed_at is not None:
        return _already_sent(request, q, response)
    body_map = q.instrument.code == BODY_MAP
    form = AnswersForm(
        request.POST if request.method == "POST" else None,
        instrument=q.instrument,
        items=current.items,
        blank="zero" if body_map else "missing",
        initial_answers=response.item_answers if response is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            response_page_save(
                participant=q.participant,
                timepoint=q.timepoint,
                instrument_code=q.instrument.code,
                answers=form.answers,
            )
        except AlreadySubmitted as error:
            return _already_sent(request, q, error.response)
        except QuestionnaireError as error:
            messages.error(request, str(error))
            return _timepoint_redirect(q)
        go = request.POST.get("go")
        if go == "later":
            messages.success(
                request,
                _("Your answers are saved. Come back at any time to continue where you left off."),
            )
            return _timepoint_redirect(q)
        if go == "previous" and page > 1:
            return redirect("assessments:page", timepoint_code, instrument_code, page - 1)
        if page < len(pages):
            return redirect("assessments:page", timepoint_code, instrument_code, page + 1)
        return redirect("assessments:review", timepoint_code, instrument_code)
    views = item_views(
        q.instrument, current.items, wording, form, continued_preamble=current.continued_preamble
    )
    context = {
        "q": q,
        "page": current,
        "page_count": len(pages),
        "is_last": page == len(pages),
        "items": views,
        "form": form,
        "item_count": len(q.instrument.items),
        "body_map_groups": body_map_groups(views) if body_map else [],
        "body_map_figure": body_map and len(q.instrument.items) == DEFAULT_BODY_MAP_REGIONS,
    }
    return render(request, "assessments/page.html", context)


@participant_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def questionnaire_review(request, timepoint_code: str, instrument_code: str):
    """Shows what is still unanswered; POST sends the questionnaire, once."""
    q = get_own_questionnaire(request.user, timepoint_code, instrument_code)
    if closed := _closed(q):
        return closed
    wording = instrument_wording_or_none(q.instrument)
    if wording is None:
        return _licence_missing(request, q)
    refused = None
    if request.method == "POST":
        try:
            response_submit(
                participant=q.participant,
                timepoint=q.timepoint,
                instrument_code=q.instrument.code,
            )
        except AlreadySubmitted as error:
            return _already_sent(request, q, error.response)
        except ResponseIncomplete as error:
            refused = str(error)
        except QuestionnaireError as error:
            messages.error(request, str(error))
            return _timepoint_redirect(q)
        else:
            messages.success(
                request,
                _("Thank you. Your answers to “%(name)s” have been sent.")
                % {"name": q.instrument.name},
            )
            if _randomized_just_now(q.participant):
                return redirect("trial:allocation")
            return _timepoint_redirect(q)
    response = web_response(q.participant, q.timepoint, q.instrument.code)
    if response is not None and response.completed_at is not None:
        return _already_sent(request, q, response)
    pages = questionnaire_pages(q.instrument)
    missing = [
        {"number": n, "page": page_of_item(pages, n), "text": wording.texts[n]}
        for n in web_missing_items(q.instrument, response)
    ]
    context = {
        "q": q,
        "missing": missing,
        "refused": refused,
        "answered": len(response.answers) if response is not None else 0,
        "item_count": len(q.instrument.items),
        "page_count": len(pages),
    }
    return render(request, "assessments/review.html", context)
