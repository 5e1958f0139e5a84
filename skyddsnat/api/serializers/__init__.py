"""Serializers of the JSON API. They validate and convert, nothing more: the rules (dates not in
the future, delegation, what state a case must be in) live in the services they feed.

One module a part of the API (`fields`, `common`, `cases`, `audit`, `early_help`,
`referrals`, `violence`; LSS in `api.lss.serializers`); every name is importable from here
(`from skyddsnat.api import serializers as s`)."""

from skyddsnat.api.serializers.audit import *  # noqa: F403
from skyddsnat.api.serializers.cases import *  # noqa: F403
from skyddsnat.api.serializers.common import *  # noqa: F403
from skyddsnat.api.serializers.early_help import *  # noqa: F403
from skyddsnat.api.serializers.fields import *  # noqa: F403
from skyddsnat.api.serializers.referrals import *  # noqa: F403
from skyddsnat.api.serializers.violence import *  # noqa: F403
