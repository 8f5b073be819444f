from django.contrib import admin
from django.urls import include, path

from atiende.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("atiende.web.auth_urls")),
    path("desk/", include("atiende.web.urls")),
    path("portal/", include("atiende.portal.urls")),
    path("api/", include("atiende.api.urls")),
    path("admin/", admin.site.urls),
]
