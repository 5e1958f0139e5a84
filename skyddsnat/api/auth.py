from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """Personal API tokens, sent as `Authorization: Bearer <token>`."""

    keyword = "Bearer"
