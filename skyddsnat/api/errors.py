def problem_exception_handler(exc, context):  # placeholder, replaced by the API work
    from rest_framework.views import exception_handler

    return exception_handler(exc, context)
