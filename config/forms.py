def form_data(request):
    """The data to bind a form to: the POST, even an empty one (`request.POST or None` would
    leave an empty POST unbound, so it would show no errors), or None on GET."""
    return request.POST if request.method == "POST" else None
