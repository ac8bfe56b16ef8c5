"""A therapist's reply templates: their own to change, colleagues' shared ones to use."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import role_required
from accounts.roles import Role
from accounts.submission import once_per_submission
from therapists.access import get_template_for_owner
from therapists.forms import MessageTemplateForm
from therapists.merge_fields import FIELDS
from therapists.selectors import templates_for
from therapists.services import InboxError, message_template_delete, message_template_save

therapist_required = role_required(Role.THERAPIST)


@therapist_required
@require_GET
def template_list(request):
    context = {"templates": templates_for(request.user), "fields": FIELDS}
    return render(request, "therapists/template_list.html", context)


@therapist_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def template_edit(request, template_id: int | None = None):
    template = get_template_for_owner(request.user, template_id) if template_id else None
    form = MessageTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            message_template_save(
                owner=request.user,
                template=template,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                shared=form.cleaned_data["shared"],
            )
        except InboxError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The template is saved."))
            return redirect("therapists:templates")
    return render(request, "therapists/template_form.html", {"form": form, "template": template})


@therapist_required
@require_POST
@once_per_submission
def template_delete(request, template_id: int):
    template = get_template_for_owner(request.user, template_id)
    message_template_delete(template=template, by=request.user)
    messages.success(request, _("The template is deleted."))
    return redirect("therapists:templates")
