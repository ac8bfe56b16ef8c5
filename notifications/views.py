from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import role_required
from accounts.roles import Role
from config.forms import form_data
from notifications.forms import ReminderSettingsForm
from notifications.models import NotificationPreference
from notifications.selectors import delivery_figures
from notifications.services import preference_set


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    preference = NotificationPreference.objects.filter(user=request.user).first()
    initial = {
        "optional_reminders": preference.optional_reminders if preference else True,
        "by_text_message": preference.by_text_message if preference else False,
        "phone_number": request.user.phone_number,
    }
    form = ReminderSettingsForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        preference_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@role_required(Role.COORDINATOR)
@require_GET
def delivery_report(request):
    return render(request, "notifications/delivery_report.html", {"days": delivery_figures()})
