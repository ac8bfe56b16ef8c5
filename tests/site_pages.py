"""Every page of the site: the URL patterns walked, with ids of real records for their arguments."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

_ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")
SKIP_PREFIXES = ("admin/", "accounts/", "language/")  # Django's admin, allauth's own pages


def _routes(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


@dataclass(frozen=True)
class Site:
    users: dict  # role -> user
    values: dict  # URL argument name -> a real id or code
    data: tuple[str, ...]  # the records' own words (study name and codes), same in any language

    def paths(self) -> list[str]:
        paths = set()
        for route in _routes(get_resolver()):
            route = route.lstrip("^").rstrip("$")
            if route.startswith(SKIP_PREFIXES) or route.endswith((".csv", ".txt", ".zip")):
                continue
            paths.add("/" + _ARGUMENT.sub(lambda m: str(self.values.get(m.group(2), 1)), route))
        return sorted(paths)
