"""Pieces of the page layout that need more than a template.

{% page_title %}{% block title %}{% endblock %}{% endpage_title %} in base.html: the page's
own title, an en dash, then the site's name, as GOV.UK and the NHS write it.

{% participant_tabs participant as tabs %} in includes/participant_tabs.html: the staff pages
about one participant, those the viewing user may open, in a fixed order.
"""

from django import template
from django.urls import resolve, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.access import may_open

register = template.Library()

# (key, URL name, label). Whether a tab shows is decided by its page's own role_required.
PARTICIPANT_TABS = [
    ("record", "trial:staff_participant_detail", _("Study record")),
    ("programme", "programme:staff_programme", _("Programme")),
    ("worksheets", "therapists:worksheets", _("Worksheets")),
    ("messages", "therapists:thread", _("Messages")),
    ("questionnaires", "assessments:staff_participant", _("Questionnaires")),
    ("activity", "activity:staff_participant", _("Activity plan")),
    ("notes", "therapists:notes", _("Clinical notes")),
    ("time", "therapists:time", _("My time")),
    ("care_team", "therapists:care_team", _("Care team")),
]


class PageTitleNode(template.Node):
    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist

    def render(self, context) -> str:
        site = gettext("iCBT platform")
        # Template output, escaped already (strip() drops its SafeString mark).
        title = mark_safe(self.nodelist.render(context).strip())
        return format_html("{} \N{EN DASH} {}", title, site) if title else format_html("{}", site)


@register.tag
def page_title(parser, token) -> PageTitleNode:
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)


@register.simple_tag(takes_context=True)
def participant_tabs(context, participant) -> list[dict]:
    user = context["request"].user
    tabs = []
    for key, name, label in PARTICIPANT_TABS:
        url = reverse(name, kwargs={"participant_id": participant.pk})
        if may_open(user, resolve(url).func):
            tabs.append({"key": key, "url": url, "label": label})
    return tabs
