from django.urls import path

from tiaki.web.views import auth, home, people

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("sign-in/", auth.SignInView.as_view(), name="sign-in"),
    path("sign-in/second-factor/", auth.second_factor, name="second-factor"),
    path("sign-in/second-factor/set-up/", auth.second_factor_enrol, name="second-factor-enrol"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("people/<int:person_id>/", people.person_detail, name="person-detail"),
]
