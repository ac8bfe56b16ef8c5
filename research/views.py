from django.shortcuts import render

from accounts.access import role_required
from accounts.roles import Role
from research.selectors import participant_counts_by_status_and_arm


@role_required(Role.RESEARCHER, Role.COORDINATOR)
def home(request):
    return render(request, "research/home.html", {"counts": participant_counts_by_status_and_arm()})
