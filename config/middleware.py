from django.views.decorators.csrf import csrf_exempt

from config.views import healthz


class HealthCheckMiddleware:
    """Answers GET /healthz before host validation and the HTTPS redirect.

    Load balancers and container health checks probe over plain HTTP with their own address as
    Host; the check reveals nothing but whether the database and broker answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.healthz = csrf_exempt(healthz)

    def __call__(self, request):
        if request.path == "/healthz":
            return self.healthz(request)
        return self.get_response(request)
