"""Who may reach which page: the one place where roles are checked."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def _has_role(user, roles) -> bool:
    return user.is_superuser or user.role in roles


def role_required(*roles: str):
    """Let logged-in users with one of `roles` (or a superuser) in; everyone else gets 403.

    The view keeps its roles (`view.roles`), so links to it can be shown only to those who may
    open it (`may_open`).
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _has_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.roles = frozenset(roles)
        return wrapper

    return decorator


def may_open(user, view) -> bool:
    """Whether `user` gets past the role_required of `view` (which every linked view has)."""
    return _has_role(user, view.roles)
