from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "skyddsnat.signin"
    label = "signin"
    verbose_name = "Inloggning"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from skyddsnat.signin.middleware import note_activity_at_sign_in

        # Every sign-in (the login page, single sign-on, a test's force_login) starts the idle
        # clock, so the first request after it need not write the session.
        user_logged_in.connect(note_activity_at_sign_in, dispatch_uid="signin-idle-clock")
