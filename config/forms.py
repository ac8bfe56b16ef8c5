from django.utils.translation import gettext_lazy as _

# Help for date and time inputs: browsers without a date picker show a plain text box, and the
# server reads what is typed in this form.
DATE_HELP = _("Year, month and day, for example 2026-05-17.")
DATETIME_HELP = _("Date and time in your own time zone, for example 2026-05-17 14:30.")


def form_data(request):
    """The data to bind a form to: the POST, even an empty one (`request.POST or None` would
    leave an empty POST unbound, so it would show no errors), or None on GET."""
    return request.POST if request.method == "POST" else None
