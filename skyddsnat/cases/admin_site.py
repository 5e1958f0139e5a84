"""The admin for rule data ("Skyddsnät – administration", /admin/): deadline rules, intervention
catalogues, the delegation order, the organisation, resource kinds and budgets, which law or the
municipality may change. Nothing personal is registered here: no staff, persons, cases or log.

- Only the administrator role (`Role.ADMIN`) gets in; Django's staff and superuser flags open
  nothing. Any other member of staff gets 404 for every admin address, exactly like an address that
  does not exist; someone not signed in is sent to the ordinary sign-in page, like every page.
- Every add, change and delete writes one audit entry (`admin.rule.added`, `.changed`,
  `.deleted`) with the record's field values before and after, in the same transaction as the
  change. Django's own LogEntry (the admin's "history") is kept but is not the audit log.
- There are no bulk actions (bulk delete would bypass the per-row entry), a record other rows
  depend on is not deleted with them (each deleted row needs its own entry), and the read-only
  addresses (lists, history) accept only GET and HEAD. Deadline rules and LSS 9 § rules, which the
  code looks up by their kind or point, are changed, never added or deleted.
- Forms validate with the model's own rules and constraints; a change the database still refuses
  answers with a message on the form's page, never an error page.

It lives in the spine (cases), which may import both the audit log and the policy module; the
organisation's rule data is registered in cases/admin.py, since the organisation sits below the
audit log and may not import it.
"""

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, models, router, transaction
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.policy import is_admin
from skyddsnat.organisation.models import User

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


def may_edit_rules(user: Any) -> bool:
    """The administrator role, and nobody else (staff flags do not count)."""
    return isinstance(user, User) and is_admin(user)


class RuleAdminSite(admin.AdminSite):
    site_header = _("Skyddsnät administration")
    site_title = _("Skyddsnät administration")
    index_title = _("Rule data")
    site_url = "/"
    enable_nav_sidebar = False
    final_catch_all_view = False

    def has_permission(self, request: HttpRequest) -> bool:
        return may_edit_rules(request.user)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """Every admin address: sign in first; then the administrator role or 404."""

        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise Http404
            return view(request, *args, **kwargs)

        if not cacheable:
            inner = never_cache(inner)
        if not getattr(view, "csrf_exempt", False):
            inner = csrf_protect(inner)
        return update_wrapper(inner, view)

    def get_urls(self) -> list[URLPattern | URLResolver]:
        """The index, the models' pages and the translations the admin's scripts use. Not the
        admin's own sign-in, sign-out and password pages (the application's serve), nor its
        unnamed addresses (the catch-all, the old change address)."""
        urls: list[URLPattern | URLResolver] = [
            path("", self.admin_view(require_safe(self.index)), name="index"),
            path(
                "jsi18n/",
                self.admin_view(require_safe(self.i18n_javascript), cacheable=True),
                name="jsi18n",
            ),
        ]
        labels = []
        for model, model_admin in self._registry.items():
            opts = model._meta
            urls.append(path(f"{opts.app_label}/{opts.model_name}/", include(model_admin.urls)))
            if opts.app_label not in labels:
                labels.append(opts.app_label)
        if labels:
            urls.append(
                re_path(
                    r"^(?P<app_label>" + "|".join(labels) + ")/$",
                    self.admin_view(require_safe(self.app_index)),
                    name="app_list",
                )
            )
        return urls


site = RuleAdminSite(name="admin")


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's field values as the audit entry keeps them: foreign keys and many-to-many
    relations as ids, without the automatic timestamps."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or getattr(field, "auto_now", False):
            continue
        values[field.name] = _plain(field.value_from_object(obj))
    for field in obj._meta.many_to_many:
        related = field.value_from_object(obj) if obj.pk else []
        values[field.name] = sorted(_plain(item) for item in related)
    return values


class RuleAdmin(admin.ModelAdmin):
    """Base of every model registered on the rule admin: the administrator may view, add, change
    and delete (the site already let nobody else in), each write audited with before and after."""

    actions = None
    # What the admin may do besides changing: a table whose rows the code looks up by a fixed key
    # (a deadline rule by its kind, an LSS rule by its point of 9 §) only changes.
    may_add_and_delete = True

    def _may(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.admin_site.has_permission(request)

    def _may_add_or_delete(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_add_and_delete and self._may(request)

    has_module_permission = _may
    has_view_permission = _may
    has_change_permission = _may
    has_add_permission = _may_add_or_delete
    has_delete_permission = _may_add_or_delete

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple:
        """As the admin's, but a record that other rows depend on is not deleted with them: they
        are listed as protected (the admin's "cannot delete" page), because each deleted row must
        have its own entry in the log. Remove or change those rows first."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not protected:
            collector = NestedObjects(using=router.db_for_write(self.model))
            collector.collect(objs)
            dependants: dict[Any, Any] = collector.model_objs
            protected = [
                f"{capfirst(model._meta.verbose_name)}: {item}"
                for model, items in dependants.items()
                if model is not self.model and not model._meta.auto_created
                for item in items
            ]
        return deleted, counts, perms_needed, protected

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta
        info = f"{opts.app_label}_{opts.model_name}"
        site = self.admin_site

        def wrap(view: Callable, *, safe: bool = False) -> Callable:
            # Pages take GET; forms also POST; nothing takes PUT, PATCH or DELETE.
            return site.admin_view(require_safe(view) if safe else require_get_or_post(view))

        urls = [
            path("", wrap(self.changelist_view, safe=True), name=f"{info}_changelist"),
            path(
                "<path:object_id>/history/",
                wrap(self.history_view, safe=True),
                name=f"{info}_history",
            ),
            path("<path:object_id>/change/", wrap(self.change_view), name=f"{info}_change"),
        ]
        if self.may_add_and_delete:
            urls += [
                path("add/", wrap(self.add_view), name=f"{info}_add"),
                path(
                    "<path:object_id>/delete/",
                    wrap(self.delete_view),
                    name=f"{info}_delete",
                ),
            ]
        return urls

    # --- audit: one entry per write, inside the admin's own transaction ---------------------

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        before = None
        if change:
            # The form has already changed `obj`; the stored row is what it was.
            before = snapshot(type(obj)._default_manager.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        request._rule_admin_before = before  # type: ignore[attr-defined]

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool):
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_rule_admin_before", None)
        after = snapshot(form.instance)
        if change:
            changed = sorted(k for k in after if before is None or before.get(k) != after[k])
            self._audit(request, "admin.rule.changed", form.instance, before, after, changed)
        else:
            self._audit(request, "admin.rule.added", form.instance, None, after, sorted(after))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = snapshot(obj)
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk  # for the entry's record id
        self._audit(request, "admin.rule.deleted", obj, before, None, sorted(before))

    def _audit(
        self,
        request: HttpRequest,
        action: str,
        obj: models.Model,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        changed: list[str],
    ) -> None:
        audit_log(
            user=request.user if isinstance(request.user, User) else None,
            action=action,
            model=obj._meta.label_lower,
            record_id=obj.pk,
            record=str(obj),
            changed=changed,
            before=before,
            after=after,
        )

    # --- a change the database refuses: a message on the form, not an error page -------------

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            return self._refused(request)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().delete_view(request, object_id, extra_context)
        except (IntegrityError, models.ProtectedError, models.RestrictedError):
            return self._refused(request)

    def _refused(self, request: HttpRequest) -> HttpResponse:
        messages.error(
            request,
            _(
                "The database refused the change, which would break one of its rules (a value "
                "that must be unique, or a record others depend on). Nothing was saved."
            ),
        )
        return HttpResponseRedirect(request.get_full_path())
