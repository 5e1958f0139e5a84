from rest_framework.authentication import TokenAuthentication

from skyddsnat.api.models import ApiToken
from skyddsnat.api.services import token_authenticate
from skyddsnat.organisation.models import User


class BearerTokenAuthentication(TokenAuthentication):
    """Personal API tokens (`api.models.ApiToken`), sent as `Authorization: Bearer <token>`.
    DRF's header parsing is kept; the lookup is by digest, and an expired token is refused."""

    keyword = "Bearer"
    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        return token_authenticate(key=key)
