"""Offline checks of the deployment files (no cluster here): they parse, they
point at files and endpoints that exist, and the production settings keep the
development REST channel and Rasa's HTTP API off."""
import re

import yaml

from tests.paths import REPO

K8S = REPO / "deploy" / "k8s" / "assistant.yaml"


def documents():
    return [d for d in yaml.safe_load_all(K8S.read_text()) if d]


def test_manifests_parse_and_have_kinds_and_names():
    docs = documents()
    kinds = sorted(d["kind"] for d in docs)
    assert kinds == ["ConfigMap", "Deployment", "Deployment", "Deployment", "Ingress", "Service", "Service", "Service"]
    for d in docs:
        assert d["apiVersion"] and d["metadata"]["name"].startswith("b-all-guide")


def test_deployments_select_their_pods_and_services_match():
    docs = documents()
    apps = {d["spec"]["template"]["metadata"]["labels"]["app"] for d in docs if d["kind"] == "Deployment"}
    for d in docs:
        if d["kind"] == "Deployment":
            assert d["spec"]["selector"]["matchLabels"] == d["spec"]["template"]["metadata"]["labels"]
        if d["kind"] == "Service":
            assert d["spec"]["selector"]["app"] in apps


def test_rasa_uses_the_production_files_and_readiness():
    rasa = next(d for d in documents() if d["metadata"]["name"] == "b-all-guide-rasa" and d["kind"] == "Deployment")
    container = rasa["spec"]["template"]["spec"]["containers"][0]
    command = " ".join(container["command"])
    for path in re.findall(r"deploy/\S+\.yml", command):
        assert (REPO / path).is_file(), path
    assert "--enable-api" not in command
    assert container["readinessProbe"]["httpGet"]["path"] == "/webhooks/health/ready"
    service = next(d for d in documents() if d["kind"] == "Service" and d["metadata"]["name"] == "b-all-guide-rasa")
    assert service["spec"]["sessionAffinity"] == "ClientIP"


def test_production_channels_have_no_rest_channel_and_no_secrets():
    credentials = yaml.safe_load((REPO / "deploy" / "credentials.production.yml").read_text())
    assert "channels.rest.PatientRestInput" not in credentials and "rest" not in credentials
    for channel in credentials.values():
        for key, value in (channel or {}).items():
            if "secret" in key or "password" in key:  # only ever a reference to the environment
                assert isinstance(value, str) and value.startswith("${") and value.endswith("}"), key


def test_production_limits_are_shared_through_redis():
    credentials = yaml.safe_load((REPO / "deploy" / "credentials.production.yml").read_text())
    for name in ("channels.portal.PortalInput", "channels.socketio.WidgetInput"):
        assert credentials[name]["redis_url"] == "${REDIS_URL}", name
    configmap = next(d for d in documents() if d["kind"] == "ConfigMap")
    assert configmap["data"]["REDIS_URL"].startswith("redis://")


def test_production_endpoints_use_postgres_and_redis():
    endpoints = yaml.safe_load((REPO / "deploy" / "endpoints.production.yml").read_text())
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["lock_store"]["type"] == "redis"
    assert endpoints["lock_store"]["key_prefix"].isalnum()
