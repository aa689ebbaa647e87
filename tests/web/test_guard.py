"""The front desk's guard: loopback by default, a shared secret beyond it, and its headers."""

from __future__ import annotations

import base64

import pytest

from handouts.errors import UsageError
from handouts.web import guard
from helpers.invoke import run
from helpers.web import app, folder

SECRET = "correct horse battery staple"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_needs_no_secret(host):
    assert guard.loopback(host)
    guard.check_host(host, None)


def test_error_another_address_without_a_secret_is_refused():
    for host in ("0.0.0.0", "192.0.2.10", "clinic.example", "::"):
        assert not guard.loopback(host)
        with pytest.raises(UsageError) as caught:
            guard.check_host(host, None)
        assert str(caught.value) == (
            f"--host {host}: the page would be open to the network, where patients' details "
            "travel; set HANDOUTS_WEB_SECRET to a shared secret (the browser asks for it), or "
            "keep the default 127.0.0.1 behind a reverse proxy that authenticates")
    guard.check_host("0.0.0.0", SECRET)


def test_error_a_short_secret_is_refused():
    with pytest.raises(UsageError) as caught:
        guard.check_host("0.0.0.0", "short")
    assert str(caught.value) == "HANDOUTS_WEB_SECRET: expected at least 16 characters"


def test_error_serve_on_the_network_without_a_secret_exits_2(tmp_path, monkeypatch):
    monkeypatch.delenv("HANDOUTS_WEB_SECRET", raising=False)
    code, _, err = run("serve", "--data", folder(tmp_path), "--host", "0.0.0.0", "--port", "0")
    assert code == 2
    assert "Error: --host 0.0.0.0: the page would be open to the network" in err


def _basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_error_with_a_secret_every_request_needs_it(tmp_path):
    with app(folder(tmp_path, "ondansetron.yaml"), secret=SECRET) as made:
        client = made.test_client()
        for headers in ({}, _basic("desk", "wrong"), {"Authorization": "Basic !!"},
                        {"Authorization": f"Bearer {SECRET}"}):
            response = client.get("/search?q=ond", headers=headers)
            assert response.status_code == 401
            assert response.headers["WWW-Authenticate"] == \
                'Basic realm="handouts", charset="UTF-8"'
            assert response.get_data(as_text=True) == \
                "This page needs the front desk's shared secret as the password."
        assert client.get("/search?q=ond", headers=_basic("any name", SECRET)).status_code == 200


def test_error_a_request_to_another_name_is_refused(tmp_path):
    # DNS rebinding: evil.example made to lead to 127.0.0.1 would pass the Origin check.
    hosts = guard.names("127.0.0.1")
    assert hosts == ("127.0.0.1", "localhost", "::1", "127.0.0.1")
    assert guard.names("0.0.0.0") is None
    with app(folder(tmp_path, "ondansetron.yaml"), hosts=hosts) as made:
        client = made.test_client()
        for host in ("evil.example", "evil.example:8000", "[::1", "127.0.0.1.evil.example"):
            response = client.get("/search?q=ond", headers={"Host": host})
            assert response.status_code == 421, host
            assert response.get_data(as_text=True) == \
                "Refused: this server answers to its own address only."
        for host in ("localhost", "127.0.0.1:8000", "[::1]:8000"):
            assert client.get("/search?q=ond", headers={"Host": host}).status_code == 200


def test_behind_a_reverse_proxy_the_browser_s_origin_is_this_server_s(tmp_path):
    from handouts.web.app import configured
    from helpers.web import form

    data = folder(tmp_path, "ondansetron.yaml")
    config = configured({"HANDOUTS_WEB_HOSTS": "leaflets.clinic.example, localhost",
                         "HANDOUTS_WEB_PROXIED": "1", "HANDOUTS_FHIR_TOKEN": "t"}, data, None,
                        "https://ehr.example/fhir")
    assert (config.hosts, config.proxied) == (("leaflets.clinic.example", "localhost"), True)
    assert config.fhir is not None and config.fhir.token == "t" and config.secret is None
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "leaflets.clinic.example",
                 "Origin": "https://leaflets.clinic.example"}
    for proxied, status in ((True, 200), (False, 403)):
        with app(data, hosts=config.hosts, proxied=proxied) as made:
            response = made.test_client().post("/preview", data=form("ondansetron"),
                                               headers=forwarded)
            assert response.status_code == status
